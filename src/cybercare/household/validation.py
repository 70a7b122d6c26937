"""Validators for what a person or a distributor types in about a household member.

Pure functions: a raw value in, the normalized value out, or `InvalidInput(field, message)`
naming the field at fault. Where a well-kept library knows the rule (IBAN, national register
number, phone numbers, e-mail addresses), the library decides; no checksum is written here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.be import nn
from stdnum.exceptions import ValidationError

from cybercare.kernel.errors import InvalidInput
from cybercare.product.model import LANGUAGES

__all__ = [
    "BELGIAN_POSTCODE_AREAS",
    "belgian_postcode",
    "birth_date",
    "email_address",
    "iban",
    "language",
    "national_register_number",
    "person_name",
    "phone_number",
]

# bpost's allocation of postcodes to provinces (first code, last code, area): the ranges that
# exist in Belgium. A code outside every range is not Belgian.
BELGIAN_POSTCODE_AREAS: tuple[tuple[int, int, str], ...] = (
    (1000, 1299, "Brussels-Capital Region"),
    (1300, 1499, "Walloon Brabant"),
    (1500, 1999, "Flemish Brabant"),
    (2000, 2999, "Antwerp"),
    (3000, 3499, "Flemish Brabant"),
    (3500, 3999, "Limburg"),
    (4000, 4999, "Liège"),
    (5000, 5999, "Namur"),
    (6000, 6599, "Hainaut"),
    (6600, 6999, "Luxembourg"),
    (7000, 7999, "Hainaut"),
    (8000, 8999, "West Flanders"),
    (9000, 9999, "East Flanders"),
)
_POSTCODE_PREFIX = re.compile(r"^(?:BE?)[-\s]?", re.IGNORECASE)

NAME_MAX_LENGTH = 100
_NAME_PUNCTUATION = frozenset(" -'’")  # space, hyphen, apostrophe, typographic apostrophe
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, "must be text")
    return value.strip()


def belgian_postcode(value: str, field: str) -> str:
    """A Belgian postcode as its four digits ("1000"); a "B-" or "BE-" prefix is accepted."""
    text = _POSTCODE_PREFIX.sub("", _text(value, field), count=1)
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise InvalidInput(field, f"{value!r} is not a Belgian postcode (four digits, e.g. 1000)")
    number = int(text)
    if not any(first <= number <= last for first, last, _ in BELGIAN_POSTCODE_AREAS):
        raise InvalidInput(field, f"{value!r} is not a Belgian postcode (1000 to 9999)")
    return text


def person_name(value: str, field: str) -> str:
    """A first or last name: letters (accents included), spaces, hyphens and apostrophes.

    Surrounding spaces are trimmed and inner runs of spaces collapsed; the text is returned in
    Unicode NFC form so that "é" typed either way is stored the same.
    """
    raw = unicodedata.normalize("NFC", _text(value, field))
    if any(unicodedata.category(character).startswith("C") for character in raw):
        raise InvalidInput(field, "must not contain control characters")
    text = " ".join(raw.split())
    if not text:
        raise InvalidInput(field, "must not be empty")
    if len(text) > NAME_MAX_LENGTH:
        raise InvalidInput(field, f"must be at most {NAME_MAX_LENGTH} characters long")
    for character in text:
        category = unicodedata.category(character)
        if category.startswith(("L", "M")) or character in _NAME_PUNCTUATION:
            continue
        if category.startswith("N"):
            raise InvalidInput(field, "must not contain digits")
        raise InvalidInput(
            field,
            f"must contain only letters, spaces, hyphens and apostrophes, not {character!r}",
        )
    if not any(unicodedata.category(character).startswith("L") for character in text):
        raise InvalidInput(field, "must contain at least one letter")
    return text


def birth_date(value: date, today: date, field: str) -> date:
    """A date of birth: a calendar date, not in the future and not before 1900."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(field, "must be a calendar date")
    if value > today:
        raise InvalidInput(field, f"{value.isoformat()} is in the future")
    if value < EARLIEST_BIRTH_DATE:
        raise InvalidInput(field, f"{value.isoformat()} is before {EARLIEST_BIRTH_DATE.year}")
    return value


def email_address(value: str, field: str) -> str:
    """An e-mail address in its normalized form (domain lower-cased); no DNS look-up is made."""
    text = _text(value, field)
    try:
        validated = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(field, f"{text!r} is not a valid e-mail address: {error}") from None
    normalized: str = validated.normalized
    return normalized


def phone_number(value: str, field: str, region: str = "BE") -> str:
    """A phone number in E.164 form ("+32470123456"); national numbers are read for `region`."""
    text = _text(value, field)
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(field, f"{text!r} is not a phone number") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(field, f"{text!r} is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """A stored number as people read it ("+32 470 12 34 56"); kept as stored when it does not
    parse (a number typed before numbers were checked)."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def iban(value: str, field: str) -> str:
    """An IBAN of a SEPA country, in compact form ("BE68539007547034").

    The IBAN check digits are verified for every country; for Belgian accounts the national
    check digits of the account number are verified too.
    """
    text = _text(value, field)
    try:
        account = IBAN(text)
        if account.country_code == "BE":
            account.bban.validate_national_checksum()
    except SchwiftyException as error:
        raise InvalidInput(field, f"{text!r} is not a valid IBAN: {error}") from None
    if not account.in_sepa_zone:
        raise InvalidInput(field, f"{text!r} is not an account in the SEPA zone")
    compact: str = account.compact
    return compact


def national_register_number(value: str, birth_date: date | None, field: str) -> str:
    """A Belgian national register number, as its 11 digits ("85073003328").

    The check digits must be right. When `birth_date` is given, it must agree with the date the
    number encodes: the full date, or the year and month, or the year, as far as it is encoded.
    """
    text = _text(value, field)
    try:
        number: str = nn.validate(text)
        year, month = nn.get_birth_year(number), nn.get_birth_month(number)
        encoded = nn.get_birth_date(number)
    except ValidationError as error:
        raise InvalidInput(
            field, f"{text!r} is not a valid national register number: {error}"
        ) from None
    if birth_date is not None:
        mismatch = (
            (encoded is not None and encoded != birth_date)
            or (year is not None and year != birth_date.year)
            or (month is not None and month != birth_date.month)
        )
        if mismatch:
            raise InvalidInput(
                field,
                f"does not match the date of birth {birth_date.isoformat()}",
            )
    return number


def language(value: str, field: str) -> str:
    """One of the four languages of the terms (Art. 11.4): "nl", "fr", "de" or "en"."""
    text = _text(value, field).lower()
    if text not in LANGUAGES:
        raise InvalidInput(
            field,
            f"{value!r} is not a supported language (one of {', '.join(LANGUAGES)})",
            clause="Art. 11.4",
        )
    return text
