"""Amounts, rates and dates written the way a reader of each language expects (Babel, CLDR).

The documents are for a Belgian household, so each language uses its Belgian locale ("€ 5.000,00"
in Dutch, "5 000,00 €" in French, "5.000,00 €" in German), except for numbers in English: Belgian
English (en_BE) writes "5.000,00 €", which an English reader takes for five euros, so English
amounts, numbers and rates follow the English of the euro area (en_IE), "€5,000.00", as the pages
do (`web/formatting.py` reads the same table). Dates keep the Belgian locale.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from cybercare.kernel.money import BASIS_POINTS

LOCALES: dict[str, str] = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_BE"}
CURRENCY = "EUR"
# The locale of amounts, numbers and rates where it is not the language's Belgian one.
NUMBER_LOCALES: dict[str, str] = {"en": "en_IE"}

NO_BREAK_SPACE = "\u00a0"
_NARROW_NO_BREAK_SPACE = "\u202f"  # CLDR's French thousands separator; not in cp1252
PDF_ENCODING = "cp1252"  # what the PDF core fonts (Helvetica) can draw
# Letters that have no decomposition into a base letter and an accent.
_BASE_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"}
)


@cache
def _locale(language: str) -> Locale:
    """The parsed Babel locale, once per language (parsing it per call costs more than the
    formatting itself)."""
    try:
        return Locale.parse(LOCALES[language])
    except KeyError:
        raise ValueError(f"unsupported language {language!r}") from None


@cache
def number_locale(language: str) -> Locale:
    """The locale amounts, numbers and rates in `language` are written in."""
    if language in NUMBER_LOCALES:
        return Locale.parse(NUMBER_LOCALES[language])
    return _locale(language)


def money(cents: int, language: str) -> str:
    """Integer cents as a euro amount in the language's locale: 500000 -> "5 000,00 €" (fr),
    "€5,000.00" (en)."""
    amount = Decimal(cents).scaleb(-2)
    return printable(format_currency(amount, CURRENCY, locale=number_locale(language)))


def rate(basis_points: int, language: str) -> str:
    """A tax rate in basis points as a percentage with two decimals: 925 -> "9,25 %"."""
    value = Decimal(basis_points) / (BASIS_POINTS // 100)
    number = format_decimal(value, format="#,##0.00", locale=number_locale(language))
    return printable(f"{number}{NO_BREAK_SPACE}%")


def long_date(day: date, language: str) -> str:
    """A date in full: "1 maart 2025", "1 mars 2025", "1. März 2025", "1 March 2025"."""
    return printable(format_date(day, format="long", locale=_locale(language)))


def printable(text: str) -> str:
    """`text` with every character the PDF core fonts (cp1252) can draw.

    The narrow no-break space becomes a no-break space; a letter outside cp1252 becomes its base
    letter ("ș" -> "s", "ł" -> "l"), anything else a "?". Names in Latin scripts therefore stay
    readable; see docs/documents.md for embedding a full Unicode font instead.
    """
    text = unicodedata.normalize("NFC", text).replace(_NARROW_NO_BREAK_SPACE, NO_BREAK_SPACE)
    if _encodable(text):
        return text
    return "".join(_fallback(character) for character in text)


def _encodable(text: str) -> bool:
    try:
        text.encode(PDF_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _fallback(character: str) -> str:
    if _encodable(character):
        return character
    base = "".join(
        part
        for part in unicodedata.normalize("NFKD", character.translate(_BASE_LETTERS))
        if not unicodedata.combining(part)
    )
    return base if base and _encodable(base) else "?"
