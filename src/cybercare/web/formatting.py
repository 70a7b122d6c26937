"""Amounts, rates and dates as a reader of each language expects them (Babel, CLDR).

Amounts follow the page's language everywhere in the portal and the back office: "€ 5.000,00"
in Dutch, "5 000,00 €" in French, "5.000,00 €" in German (their Belgian locales) and
"€5,000.00" in English. Belgian English (en_BE) would write "5.000,00 €", the Dutch and French
habit, which an English reader takes for five euros; so amounts, numbers and rates in English
follow the English of the euro area (en_IE), and dates keep the page's Belgian locale (both read
"1 March 2026"). Money stays integer cents until this last step.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from cybercare.documents.formatting import NUMBER_LOCALES
from cybercare.kernel.money import BASIS_POINTS
from cybercare.web.i18n import locale_of

CURRENCY = "EUR"


def _locale(language: str) -> Locale:
    try:
        return locale_of(language)
    except KeyError:
        raise ValueError(f"unsupported language {language!r}") from None


@cache
def number_locale(language: str) -> Locale:
    """The locale amounts, numbers and rates of a page in `language` are written in."""
    if language in NUMBER_LOCALES:
        return Locale.parse(NUMBER_LOCALES[language])
    return _locale(language)


def money(cents: int, language: str) -> str:
    """Integer cents as a euro amount: 12000 -> "€ 120,00" (nl), "€120.00" (en)."""
    return format_currency(Decimal(cents).scaleb(-2), CURRENCY, locale=number_locale(language))


def whole_money(cents: int, language: str) -> str:
    """A limit without its cents when it has none: 500000 -> "5.000 €" (de), else as `money`."""
    if cents % 100:
        return money(cents, language)
    locale = number_locale(language)
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        Decimal(cents).scaleb(-2), CURRENCY, format=pattern, locale=locale, currency_digits=False
    )


def rate(basis_points: int, language: str) -> str:
    """A rate in basis points with two decimals, in the locale's percent pattern: 925 ->
    "9,25%" (nl), "9,25 %" (fr)."""
    locale = number_locale(language)
    pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.00")
    return format_percent(Decimal(basis_points) / BASIS_POINTS, format=pattern, locale=locale)


def number(value: int, language: str) -> str:
    return format_decimal(value, locale=number_locale(language))


def long_date(day: date, language: str) -> str:
    """ "1 maart 2025", "1 mars 2025", "1. März 2025", "1 March 2025"."""
    return format_date(day, format="long", locale=_locale(language))


def short_date(day: date, language: str) -> str:
    return format_date(day, format="short", locale=_locale(language))


def number_parts(language: str, *, money_unit: bool) -> dict[str, str]:
    """How the locale writes a whole number (or euro amount), for charts drawn in the browser:
    `{"prefix": "€\u00a0", "group": ".", "suffix": ""}` for Dutch euros. The browser's own Intl
    data may lack the Belgian locales; this keeps the axis as the tables write it."""
    sample = whole_money(100_000_000, language) if money_unit else number(1_000_000, language)
    digits = [index for index, character in enumerate(sample) if character.isdigit()]
    first, last = digits[0], digits[-1]
    return {"prefix": sample[:first], "group": sample[first + 1], "suffix": sample[last + 1 :]}
