"""Small parse helpers the bank-file readers share: amounts, dates, IBANs, Belgian structured
communications. Each raises `FieldError` with a message; the reader adds the line number.

Amounts go through `Decimal` (never float) to integer cents, exactly: a text with more than two
decimals is refused rather than rounded, because a bank that sends 12.345 EUR is not sending
euros as we book them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache


class FieldError(ValueError):
    """A value that does not parse; the message says why, without the line (the caller adds it)."""


# ISO 20022 amounts: digits with an optional fraction, no sign, no exponent, no spaces.
_AMOUNT = re.compile(r"\d{1,18}(?:\.\d+)?")


def amount_cents(text: str | None) -> int:
    """'12.34' -> 1234. Refuses a sign, an exponent, more than two decimals, an empty text."""
    if text is None:
        raise FieldError("amount missing")
    value = text.strip()
    if not _AMOUNT.fullmatch(value):
        raise FieldError(f"amount {value!r} is not a positive decimal number")
    try:
        decimal = Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - the pattern above already holds
        raise FieldError(f"amount {value!r} is not a number") from error
    cents = decimal * 100
    if cents != cents.to_integral_value():
        raise FieldError(f"amount {value!r} has more than two decimals")
    return int(cents)


def format_cents(cents: int) -> str:
    """1234 -> '12.34': the inverse of `amount_cents` for non-negative amounts."""
    if cents < 0:
        raise ValueError("a bank amount is never negative; the direction carries the sign")
    return f"{cents // 100}.{cents % 100:02d}"


def milli_amount_cents(digits: str) -> int:
    """CODA's 15 digits with three implied decimals (12 + 3) -> cents; the third decimal must be
    0 (EUR has two)."""
    if len(digits) != 15 or not digits.isdigit():
        raise FieldError(f"amount {digits!r} is not 15 digits")
    millis = int(digits)
    if millis % 10:
        raise FieldError(f"amount {digits!r} has a third decimal")
    return millis // 10


@lru_cache(maxsize=4096)  # a statement repeats a few days over and over
def iso_date(text: str | None) -> date:
    if text is None:
        raise FieldError("date missing")
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise FieldError(f"date {text.strip()!r} is not YYYY-MM-DD") from error


def iso_datetime(text: str | None) -> datetime:
    if text is None:
        raise FieldError("date and time missing")
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise FieldError(f"date and time {text.strip()!r} is not ISO 8601") from error


@lru_cache(maxsize=4096)
def ddmmyy(text: str) -> date:
    """CODA dates: DDMMYY, the century being 20 (CODA 2.6 was published in 2014)."""
    if len(text) != 6 or not text.isdigit():
        raise FieldError(f"date {text!r} is not DDMMYY")
    try:
        return date(2000 + int(text[4:6]), int(text[2:4]), int(text[0:2]))
    except ValueError as error:
        raise FieldError(f"date {text!r} is not a real day") from error


_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")


def normalise_iban(text: str | None) -> str | None:
    """Upper case without spaces; None for an empty text. The shape is not checked here: a
    counterparty's account is the bank's word, matched as given."""
    if text is None:
        return None
    value = "".join(text.split()).upper()
    return value or None


def checked_iban(text: str | None) -> str:
    """Our own account's IBAN: the shape and the ISO 7064 mod-97 check digits must hold."""
    value = normalise_iban(text)
    if value is None:
        raise FieldError("IBAN missing")
    if not _IBAN.fullmatch(value):
        raise FieldError(f"IBAN {value!r} is not an IBAN")
    rearranged = value[4:] + value[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    if int(number) % 97 != 1:
        raise FieldError(f"IBAN {value!r} has wrong check digits")
    return value


def structured_communication(text: str | None) -> str | None:
    """The 12 digits of a Belgian structured communication (OGM/VCS), from `+++123/4567/89002+++`,
    `***...***` or the bare digits; None when the text is not one (wrong length or check digits:
    then it is kept as free text by the caller)."""
    if text is None:
        return None
    digits = text.strip().strip("+*").replace("/", "").replace(" ", "")
    if len(digits) != 12 or not digits.isdigit() or not digits.isascii():
        return None
    expected = int(digits[:10]) % 97 or 97
    return digits if int(digits[10:]) == expected else None


_EMBEDDED = re.compile(r"[+*]{3}\s*(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})\s*[+*]{3}")


def find_structured(text: str | None) -> str | None:
    """A structured communication written inside free text (`Premium +++123/4567/89002+++`), as
    payers type it into their banking app; the check digits must hold."""
    if not text:
        return None
    whole = structured_communication(text)
    if whole is not None:
        return whole
    for match in _EMBEDDED.finditer(text):
        digits = structured_communication("".join(match.groups()))
        if digits is not None:
            return digits
    return None


def format_structured(digits: str) -> str:
    """'123456789002' -> '+++123/4567/89002+++'."""
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"
