"""Compile every uplift/**/locale/*/LC_MESSAGES/*.po to .mo with Babel, so no gettext binary is needed.

Each app keeps its own catalogue (uplift/<app>/locale), the shared pages theirs in uplift/locale."""

import sys
from pathlib import Path

from babel.messages import mofile, pofile

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "uplift"


def compile_all(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    written = []
    for po_path in sorted(package_dir.glob("**/locale/*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as f:
            catalog = pofile.read_po(f, locale=po_path.parent.parent.name)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as f:
            mofile.write_mo(f, catalog)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path.relative_to(PACKAGE_DIR.parent))
    sys.exit(0)
