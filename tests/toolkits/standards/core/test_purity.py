import subprocess
import sys
from pathlib import Path

import uplift.toolkits.standards.core as core


def test_the_core_imports_no_django():
    modules = sorted(f"uplift.toolkits.standards.core.{p.stem}" for p in Path(core.__file__).parent.glob("*.py"))
    script = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
              + "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={"PYTHAINLP_OFFLINE": "1", "PATH": ""})
    assert result.stdout.strip() == "[]"
    assert len(modules) >= 6
