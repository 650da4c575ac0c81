"""The architecture's rules, checked on every run: import contracts (.importlinter) and decisions only in access."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_only_access_asks_for_a_role():
    calls = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "uplift").rglob("*.py")
             if "access" not in p.relative_to(ROOT / "uplift").parts[:1]
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"\brole_of\(", line)]
    assert calls == []
