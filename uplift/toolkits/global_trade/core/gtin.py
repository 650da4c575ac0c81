"""GTIN-8, -12, -13 and -14: length and GS1 mod-10 check digit (python-stdnum `ean`), and the GS1 prefix.

The prefix (the first three digits of the GTIN-13 form) names the GS1 Member Organisation that licensed
the company prefix, e.g. 885 for GS1 Thailand (`data/gs1.json`). It does not say where a product was
made, so it is reported as a flag and never fails a listing. GTIN-8 numbers come from GS1-8 prefixes,
which GS1 Member Organisations also allocate (GS1 General Specifications).
"""

from dataclasses import dataclass

from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from .reference import load_json

KINDS = {8: "GTIN-8", 12: "GTIN-12", 13: "GTIN-13", 14: "GTIN-14"}


@dataclass(frozen=True)
class GtinCheck:
    code: str
    valid: bool
    kind: str | None
    prefix: str | None
    member_organisation: str | None
    message_th: str
    message_en: str


def check_gtin(value: str) -> GtinCheck:
    code = ean.compact(value or "")
    if not code:
        return _invalid(code, "ยังไม่ได้กรอก GTIN", "no GTIN given")
    try:
        ean.validate(code)
    except InvalidLength:
        return _invalid(code, f"GTIN ต้องมี 8, 12, 13 หรือ 14 หลัก (มี {len(code)} หลัก)",
                        f"a GTIN has 8, 12, 13 or 14 digits (this one has {len(code)})")
    except InvalidFormat:
        return _invalid(code, "GTIN ต้องเป็นตัวเลขเท่านั้น", "a GTIN has digits only")
    except InvalidChecksum:
        expected = ean.calc_check_digit(code[:-1])
        return _invalid(code, f"เลขตรวจสอบหลักสุดท้ายไม่ถูกต้อง (ควรเป็น {expected})",
                        f"the check digit is wrong (it should be {expected})")
    prefix = _gs1_prefix(code)
    organisation = gs1_prefixes().get(prefix)
    return GtinCheck(code, True, KINDS[len(code)], prefix, organisation, "GTIN ถูกต้อง", "valid GTIN")


def is_valid_gtin(value: str) -> bool:
    return check_gtin(value).valid


def gs1_prefixes() -> dict[str, str]:
    return {p["prefix"]: p["member_organisation"] for p in load_json("gs1.json")["prefixes"]}


def _gs1_prefix(code: str) -> str:
    """GTIN-12 is GTIN-13 with a leading 0; GTIN-14 puts an indicator digit in front of it."""
    if len(code) == 12:
        return "0" + code[:2]
    if len(code) == 14:
        return code[1:4]
    return code[:3]


def _invalid(code: str, message_th: str, message_en: str) -> GtinCheck:
    return GtinCheck(code, False, None, None, None, message_th, message_en)
