"""Refuses passwords common in Thailand, on top of Django's four validators (settings.AUTH_PASSWORD_VALIDATORS).

Three Thai habits Django's English list does not see: a Latin password typed with the Thai keyboard
layout on (``ยฟหหไนพก`` is "password" on the Kedmanee keys), Thai words and place names
(``data/common_passwords_th.txt``, sources beside it), and a common stem followed by a year,
often a Buddhist-era one (``bangkok2567``, ``otop2563``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

THAI_LIST = Path(__file__).resolve().parent / "data" / "common_passwords_th.txt"

# Kedmanee (the standard Thai layout): the Thai character each unshifted key types, from the number row down.
_LATIN = "1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./"
_THAI = "ๅ/-ภถุึคตจขชๆไำพะัีรนยบลฃฟหกดเ้่าสวงผปแอิืทมใฝ"
_KEYS = dict(zip(_THAI, _LATIN, strict=True))
_YEAR_OR_DIGITS = re.compile(r"[\W_]*(?:(?:19|20|24|25)\d\d|\d{1,4})[\W_]*$")


def as_latin_keys(password: str) -> str:
    """The Latin keys pressed to type ``password`` with the Thai layout on (other characters kept)."""
    return "".join(_KEYS.get(ch, ch) for ch in password)


@cache
def thai_words() -> frozenset[str]:
    lines = THAI_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@cache
def django_words() -> frozenset[str]:
    return frozenset(CommonPasswordValidator().passwords)


def is_common(password: str) -> bool:
    lowered = password.lower().strip()
    candidates = {lowered, as_latin_keys(lowered)}
    candidates |= {_YEAR_OR_DIGITS.sub("", c) for c in candidates}
    candidates.discard("")
    return any(c in thai_words() or c in django_words() for c in candidates)


class ThaiCommonPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if is_common(password):
            raise ValidationError(_("This password is too common in Thailand (a word, a place, or a "
                                    "keyboard pattern, with or without a year)."), code="password_too_common")

    def get_help_text(self) -> str:
        return _("Your password can't be a common Thai word, place name or keyboard pattern, even with a year added.")
