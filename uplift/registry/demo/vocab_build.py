"""Fill the romanised English of vocab.json once, so generating demo data never runs the model.

Run `python -m uplift.registry.demo.vocab_build` after adding Thai words to vocab.json. Only empty
values are filled (PyThaiNLP thai2rom_onnx, offline); a hand-corrected spelling is kept. TCPS
numbers missing from products get an illustrative `มผช. <n>/<BE year>`.
"""

import json
import os
import zlib
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

VOCAB_FILE = Path(__file__).with_name("vocab.json")
ROMANISED = (
    "village_first", "village_second", "elders", "nicknames", "brands",
    "given_female", "given_male", "given_young_female", "given_young_male", "surnames",
)
TCPS_YEARS = (2546, 2547, 2550, 2556, 2558, 2561, 2565)


def romanise(word: str) -> str:
    from pythainlp.transliterate import romanize

    return romanize(word, engine="thai2rom_onnx").strip().capitalize()


def illustrative_tcps(name_th: str) -> str:
    h = zlib.crc32(name_th.encode("utf-8"))
    return f"มผช. {h % 1400 + 1}/{TCPS_YEARS[(h >> 12) % len(TCPS_YEARS)]}"


def vocab_build(vocab: dict) -> int:
    filled = 0
    maps = [vocab[k] for k in ROMANISED] + list(vocab["regional_brands"].values())
    for mapping in maps:
        for th, en in mapping.items():
            if not en:
                mapping[th] = romanise(th)
                filled += 1
    for th, item in vocab["products"].items():
        if item[4] is None:
            item[4] = illustrative_tcps(th)
            filled += 1
    return filled


def main() -> None:
    vocab = json.loads(VOCAB_FILE.read_text(encoding="utf-8"))
    filled = vocab_build(vocab)
    VOCAB_FILE.write_text(_dump(vocab), encoding="utf-8")
    print(f"{VOCAB_FILE.name}: filled {filled} values")


def _dump(vocab: dict) -> str:
    """One line per map entry or product keeps the file reviewable by hand."""
    lines = ["{"]
    keys = list(vocab)
    for i, key in enumerate(keys):
        value = vocab[key]
        end = "," if i < len(keys) - 1 else ""
        if isinstance(value, dict) and value and all(isinstance(v, (str, list)) for v in value.values()):
            inner = [f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
            lines.append(f"  {json.dumps(key)}: {{\n" + ",\n".join(inner) + f"\n  }}{end}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            inner = [f"    {json.dumps(v, ensure_ascii=False)}" for v in value]
            lines.append(f"  {json.dumps(key)}: [\n" + ",\n".join(inner) + f"\n  ]{end}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{end}")
    return "\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    main()
