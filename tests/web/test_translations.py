"""Every message the code marks for translation has a Thai translation, and the compiled catalogue is current."""

import subprocess
from pathlib import Path

from babel.messages import mofile, pofile

LOCALE = Path(__file__).resolve().parents[2] / "uplift" / "locale" / "th" / "LC_MESSAGES"


def test_thai_catalogue_is_complete_and_compiled():
    catalog = pofile.read_po((LOCALE / "django.po").open("rb"))
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
    compiled = mofile.read_mo((LOCALE / "django.mo").open("rb"))
    def pairs(messages):
        def norm(value):
            return value if isinstance(value, str) else tuple(value)

        return {norm(m.id): norm(m.string) for m in messages if m.id}

    assert pairs(compiled) == pairs(catalog)


def test_catalogue_covers_the_source(tmp_path):
    """The .po holds every msgid that xgettext (Debian's gettext, installed by scripts/ensure-system.sh) finds."""
    root = LOCALE.parents[2]
    sources = [str(p) for p in root.rglob("*.py") if "migrations" not in p.parts]
    pot = tmp_path / "source.pot"
    subprocess.run(
        ["xgettext", "-L", "Python", "--from-code=UTF-8", "-k_", "-kgettext", "-kgettext_lazy", "-kpgettext:1c,2",
         "-kngettext:1,2", "-o", str(pot), *sources],
        check=True,
    )
    source_ids = {m.id for m in pofile.read_po(pot.open("rb")) if m.id}
    catalog_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in pofile.read_po((LOCALE / "django.po").open("rb"))}
    assert sorted(source_ids - catalog_ids) == []
