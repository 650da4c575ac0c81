"""Romanised Thai names (PyThaiNLP's `thai2rom_onnx`, offline), to propose an English title when a
listing has none. The rule-based `royin` engine is deliberately not used (issue 14 asks for the
model engine). The text is cut into words first
(PyThaiNLP's default tokenizer) so the proposal reads as words ("Phamai Matmi"), and each string is
romanised once per process.
"""

import os
import re
from functools import lru_cache

ENGINE = "thai2rom_onnx"
THAI = re.compile(r"[\u0e00-\u0e7f]")


@lru_cache(maxsize=4096)
def romanise(text: str) -> str:
    """Lower-case romanisation, words separated by single spaces; non-Thai words are kept as written."""
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.tokenize import word_tokenize
    from pythainlp.transliterate import romanize

    words = word_tokenize(text, keep_whitespace=False)
    return " ".join(romanize(word, engine=ENGINE) if THAI.search(word) else word for word in words).strip()


def propose_english_title(title_th: str, title_en: str = "") -> str:
    """The English title if there is one, otherwise the Thai title romanised with each Thai word capitalised."""
    if title_en.strip():
        return title_en.strip()
    words = []
    for word in (title_th or "").split():
        romanised = romanise(word)
        words.append(" ".join(w[:1].upper() + w[1:] for w in romanised.split()) if THAI.search(word) else word)
    return " ".join(words)
