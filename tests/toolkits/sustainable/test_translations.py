"""The sustainable toolkit's Thai catalogue translates every message of its code and templates, and is compiled."""

import re
import subprocess
from pathlib import Path

from babel.messages import mofile, pofile

APP = Path(__file__).resolve().parents[3] / "uplift" / "toolkits" / "sustainable"
PO = APP / "locale" / "th" / "LC_MESSAGES" / "django.po"
TAG = re.compile(r"""{%\s*(?:trans|translate)\s+(?:"([^"]+)"|'([^']+)')""")


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_catalogue_is_complete_and_compiled():
    catalog = pofile.read_po(PO.open("rb"))
    assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy or not any(m.string))] == []
    compiled = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in mofile.read_mo(PO.with_suffix(".mo").open("rb")) if m.id}
    assert compiled == {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_catalogue_covers_the_code_and_templates(tmp_path):
    sources = [p for p in APP.rglob("*.py") if "migrations" not in p.parts]
    out = tmp_path / "py.pot"
    subprocess.run(["xgettext", "-L", "Python", "--from-code=UTF-8", "-k_", "-kgettext", "-kgettext_lazy",
                    "-kpgettext:1c,2", "-kpgettext_lazy:1c,2", "-kngettext:1,2", "-o", str(out), *map(str, sources)],
                   check=True)
    found = _ids(pofile.read_po(out.open("rb"))) if out.exists() else set()
    found |= {a or b for t in APP.rglob("templates/**/*.html") for a, b in TAG.findall(t.read_text(encoding="utf-8"))}
    assert sorted(found - _ids(pofile.read_po(PO.open("rb")))) == []
