"""Compile uplift/locale/*/LC_MESSAGES/*.po to .mo with Babel, so no gettext binary is needed."""

import sys
from pathlib import Path

from babel.messages import mofile, pofile

LOCALE_DIR = Path(__file__).resolve().parent.parent / "uplift" / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as f:
            catalog = pofile.read_po(f, locale=po_path.parent.parent.name)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as f:
            mofile.write_mo(f, catalog)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path.relative_to(LOCALE_DIR.parent.parent))
    sys.exit(0)
