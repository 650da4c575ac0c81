"""Print the gettext msgids in the Python source and templates that no Thai catalogue translates yet.

Usage: .venv/bin/python scripts/i18n_missing.py [uplift/some/app]
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages import pofile

PACKAGE = Path(__file__).resolve().parents[1] / "uplift"


def main() -> None:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else PACKAGE
    sources = [p for p in root.rglob("*.py") if "migrations" not in p.parts]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "py.pot"
        subprocess.run(["xgettext", "-L", "Python", "--from-code=UTF-8", "-k_", "-kgettext", "-kgettext_lazy",
                        "-kpgettext:1c,2", "-kngettext:1,2", "-o", str(out), *map(str, sources)], check=True)
        found = {m.id if isinstance(m.id, str) else m.id[0] for m in pofile.read_po(out.open("rb")) if m.id} \
            if out.exists() else set()
    tag = re.compile(r"""{%\s*(?:trans|translate)\s+(?:"([^"]+)"|'([^']+)')""")
    found |= {a or b for t in root.rglob("templates/**/*.html") for a, b in tag.findall(t.read_text(encoding="utf-8"))}
    known = {m.id if isinstance(m.id, str) else m.id[0]
             for po in PACKAGE.glob("**/locale/th/LC_MESSAGES/django.po") for m in pofile.read_po(po.open("rb"))}
    for msgid in sorted(found - known):
        print(msgid)


if __name__ == "__main__":
    main()
