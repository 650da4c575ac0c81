"""Every message the code marks for translation has a Thai translation, and each compiled catalogue is current.

Catalogues live per app (uplift/<app>/locale/th) and for the shared pages (uplift/locale/th)."""

import subprocess
from pathlib import Path

from babel.messages import mofile, pofile

PACKAGE = Path(__file__).resolve().parents[2] / "uplift"
CATALOGUES = sorted(PACKAGE.glob("**/locale/th/LC_MESSAGES/django.po"))


def _norm(value):
    return value if isinstance(value, str) else tuple(value)


def test_every_thai_catalogue_is_complete_and_compiled():
    assert CATALOGUES
    for po_path in CATALOGUES:
        catalog = pofile.read_po(po_path.open("rb"))
        untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        assert untranslated == [], po_path
        compiled = mofile.read_mo(po_path.with_suffix(".mo").open("rb"))
        assert {_norm(m.id): _norm(m.string) for m in compiled if m.id} == {
            _norm(m.id): _norm(m.string) for m in catalog if m.id
        }, po_path


def _xgettext(paths: list[Path], language: str, out: Path, keywords: list[str]) -> set[str]:
    if not paths:
        return set()
    subprocess.run(["xgettext", "-L", language, "--from-code=UTF-8", *keywords, "-o", str(out), *map(str, paths)], check=True)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in pofile.read_po(out.open("rb")) if m.id} if out.exists() else set()


def test_catalogues_cover_the_python_source(tmp_path):
    """Every msgid xgettext (Debian's gettext, installed by scripts/ensure-system.sh) finds in Python code."""
    sources = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    found = _xgettext(sources, "Python", tmp_path / "py.pot",
                      ["-k_", "-kgettext", "-kgettext_lazy", "-kpgettext:1c,2", "-kngettext:1,2"])
    known = {m.id if isinstance(m.id, str) else m.id[0] for po in CATALOGUES for m in pofile.read_po(po.open("rb"))}
    assert sorted(found - known) == []


def test_catalogues_cover_the_templates():
    """Simple {% translate "…" %} tags in every template (blocktranslate bodies are left to makemessages)."""
    import re

    tag = re.compile(r"""{%\s*(?:trans|translate)\s+(?:"([^"]+)"|'([^']+)')""")
    found = {a or b for t in PACKAGE.rglob("templates/**/*.html") for a, b in tag.findall(t.read_text(encoding="utf-8"))}
    known = {m.id if isinstance(m.id, str) else m.id[0] for po in CATALOGUES for m in pofile.read_po(po.open("rb"))}
    assert sorted(found - known) == []
