"""The IBAN check a bank makes before it moves money: shape and the ISO 7064 mod 97-10 digits."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")


def normalised(iban: str) -> str:
    return re.sub(r"\s+", "", iban).upper()


def iban_valid(iban: str) -> bool:
    value = normalised(iban)
    if not _SHAPE.match(value):
        return False
    rotated = value[4:] + value[:4]
    digits = "".join(str(int(char, 36)) for char in rotated)
    return int(digits) % 97 == 1
