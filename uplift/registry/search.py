"""Thai-aware search: a query is cut into words with PyThaiNLP and every word must occur in the name.

Thai is written without spaces between words; "ทอผ้าไหมบ้านนา" and "ผ้าไหม บ้านนา" name the same
group. The query is cut into words ("ผ้าไหม", "บ้านนา") and each word is matched as a substring of
the stored search text. The stored text is the names themselves (lower case, Thai digits as 0–9),
the identifier and the phone's digits: it need not be cut, because every word PyThaiNLP cuts from
a name is a substring of that name, so cutting it at write time could not find anything more. That
keeps writing cheap (a national import writes 100,000 names) and the search exactly as strong.
"""

import os
import re
from functools import lru_cache

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI = re.compile(r"[\u0E00-\u0E7F]")
_SPLIT = re.compile(r"[\s,;/()\[\]\"'.\-]+")


@lru_cache(maxsize=65536)
def thai_words(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if w.strip())


def words(text: str) -> list[str]:
    out: list[str] = []
    for chunk in _SPLIT.split(text.translate(THAI_DIGITS).lower()):
        if not chunk:
            continue
        out.extend(thai_words(chunk) if _THAI.search(chunk) else [chunk])
    return out


def digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(THAI_DIGITS))


def normal_name(text: str) -> str:
    return " ".join(text.translate(THAI_DIGITS).lower().split())


def search_text_for(*, name_th: str, name_en: str = "", id_number: str = "", phone: str = "") -> str:
    parts = [normal_name(name_th), normal_name(name_en), id_number, digits(phone)]
    return " ".join(p for p in parts if p)


def query_terms(query: str) -> list[str]:
    """Words of a query; a query that is mostly digits (ID, phone) is one term of its digits."""
    query = query.strip()
    d = digits(query)
    if d and len(d) >= max(3, len(re.sub(r"\s|-", "", query)) - 1):
        return [d]
    return list(dict.fromkeys(words(query)))


def search_text_expr():
    """`search_text_for` over the columns name_th, name_en, id_number and phone of a polars frame."""
    import polars as pl

    thai, arabic = list("๐๑๒๓๔๕๖๗๘๙"), list("0123456789")

    def name(column: str):
        return (pl.col(column).str.replace_many(thai, arabic).str.to_lowercase()
                .str.replace_all(r"\s+", " ").str.strip_chars())

    phone = pl.col("phone").str.replace_many(thai, arabic).str.replace_all(r"\D", "")
    joined = pl.concat_str([name("name_th"), name("name_en"), pl.col("id_number"), phone], separator=" ")
    return joined.str.replace_all(" {2,}", " ").str.strip_chars(" ")  # the parts hold no runs of spaces
