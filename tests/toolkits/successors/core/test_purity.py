import subprocess
import sys
from pathlib import Path

import uplift.toolkits.successors.core as core


def test_the_core_imports_no_django_even_after_its_lazy_imports():
    modules = sorted(f"uplift.toolkits.successors.core.{p.stem}" for p in Path(core.__file__).parent.glob("*.py"))
    script = ("import sys\nimport numpy as np\n" + "".join(f"import {m}\n" for m in modules)
              + "from uplift.toolkits.successors.core import reliability, pairwise\n"
              + "reliability.icc_forms(np.array([[1., 2.], [3., 5.], [4., 4.]]))\n"
              + "reliability.krippendorff_interval(np.array([[1., 2.], [3., 5.]]))\n"
              + "pairwise.bradley_terry([('a', 'b')])\n"
              + "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={"PYTHAINLP_OFFLINE": "1", "PATH": ""})
    assert result.stdout.strip() == "[]"
    assert len(modules) >= 7
