"""schemathesis over the API's own OpenAPI document, against a live server on loopback, bounded.

``run()`` starts ``st run`` with every check, a fixed seed, at most ``max_examples`` cases per operation
and one worker (SQLite), and returns the figures of its JSON report: operations, test cases, and the
failures by code. The pass rule (tests/security/test_api_fuzz.py): no server error (ST101, ST102) and no
schema violation (an answer outside the document: ST103-ST111).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ST = Path(sys.executable).with_name("st")
SERVER_ERRORS = {"ST101", "ST102"}
SCHEMA_VIOLATIONS = {"ST103", "ST104", "ST105", "ST106", "ST107", "ST108", "ST109", "ST110", "ST111"}


def run(base_url: str, token: str, *, out: Path, max_examples: int = 5, seed: int = 2563, timeout: int = 1500) -> dict:
    assert base_url.startswith(("http://127.0.0.1", "http://localhost")), "fuzz only a server on loopback"
    out.mkdir(parents=True, exist_ok=True)
    report = out / "report.json"
    command = [str(ST), "run", f"{base_url}/api/openapi.json", "--url", base_url,
               "--checks", "all", "--max-examples", str(max_examples), "--seed", str(seed), "--workers", "1",
               "--generation-database", "none", "--no-shrink", "--request-timeout", "60", "--wait-for-schema", "120",
               "--header", f"Authorization: Bearer {token}", "--no-color", "--output-truncate", "true",
               "--report", "json", "--report-json-path", str(report)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=dict(os.environ))
    (out / "stdout.txt").write_text(done.stdout + "\n" + done.stderr, encoding="utf-8")
    return figures(json.loads(report.read_text(encoding="utf-8")))


def figures(report: dict) -> dict:
    by_code = {f["code"]: f["count"] for f in report.get("failures", [])}
    where = {f["code"]: f.get("operations", []) for f in report.get("failures", [])}
    return {
        "operations": report["operations"]["tested"],
        "test_cases": report["test_cases"]["generated"],
        "failures": by_code,
        "where": where,
        "server_errors": sum(n for code, n in by_code.items() if code in SERVER_ERRORS),
        "schema_violations": sum(n for code, n in by_code.items() if code in SCHEMA_VIOLATIONS),
        "seconds": round(report.get("running_time", 0), 1),
    }
