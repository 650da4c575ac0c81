"""schemathesis over /api/openapi.json against a live test server on loopback: no 5xx, no answer outside the
document. Bounded: a few examples per operation, a fixed seed, one worker; the figures are printed."""

import logging
import os
from collections import Counter

import pytest

from tests.security import fuzz
from uplift.access.models import ApiToken



class StatusCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.INFO)
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()

    def emit(self, record):
        status = getattr(record, "status", None)
        if status is not None:
            self.statuses[status // 100 * 100] += 1
            if status >= 500:
                self.errors[f"{getattr(record, 'method', '')} {getattr(record, 'path', '')}"] += 1


@pytest.mark.once
def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server, world, tmp_path, settings, capsys):
    settings.DEBUG = False
    _token, raw = ApiToken.issue(user=world.admin, name="schemathesis")
    counter = StatusCounter()
    requests_log = logging.getLogger("uplift.request")
    level = requests_log.level
    requests_log.addHandler(counter)
    requests_log.setLevel(logging.INFO)
    try:
        result = fuzz.run(live_server.url, raw, out=tmp_path / "schemathesis",
                          max_examples=int(os.environ.get("UPLIFT_FUZZ_EXAMPLES", "5")))
    finally:
        requests_log.removeHandler(counter)
        requests_log.setLevel(level)
    served = sum(counter.statuses.values())
    with capsys.disabled():  # the figures belong in CI's log
        print(f"\nschemathesis: {result['operations']} operations, {result['test_cases']} test cases, "
              f"{served} requests served ({dict(sorted(counter.statuses.items()))}), "
              f"{counter.statuses[500]} server errors, {result['schema_violations']} schema violations, "
              f"other findings {result['failures']}, {result['seconds']} s")
    assert counter.statuses[500] == 0, dict(counter.errors)
    assert result["server_errors"] == 0, result["where"]
    assert result["schema_violations"] == 0, {c: result["where"][c] for c in result["failures"]
                                              if c in fuzz.SCHEMA_VIOLATIONS}
