"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: Thai}; then run compile_messages.py.

    .venv/bin/python scripts/fill_translations.py uplift/<app>/locale/th/LC_MESSAGES/django.po th.json
Prints the msgids still untranslated.
"""

import json
import sys
from pathlib import Path

from babel.messages import pofile


def fill(po_path: Path, translations: dict[str, str]) -> list[str]:
    catalog = pofile.read_po(po_path.open("rb"))
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.id and key in translations and (not message.string or message.fuzzy):
            message.string = translations[key] if isinstance(message.id, str) else (translations[key],)
            message.flags.discard("fuzzy")
    with po_path.open("wb") as f:
        pofile.write_po(f, catalog, width=0)
    return [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]


if __name__ == "__main__":
    missing = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    print("\n".join(map(str, missing)) or "all translated")
