"""Amounts, rates and dates as a reader of each language expects them (Babel, CLDR).

Each language uses its Belgian locale: "5.000,00 €" in Dutch and German, "5 000,00 €" in French;
English amounts read "€5,000.00" (Ireland's euro format, `MONEY_LOCALES`). Money stays integer
cents until this last step.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from cybercare.kernel.money import BASIS_POINTS
from cybercare.web.i18n import locale_of

CURRENCY = "EUR"


def _locale(language: str) -> Locale:
    try:
        return locale_of(language)
    except KeyError:
        raise ValueError(f"unsupported language {language!r}") from None


# An English page writes euros the English way, "€5,000.00" (issue 14); CLDR's en_BE would write
# them the Belgian way, "5.000,00 €", which an English reader takes for five euros. Ireland's
# English is the euro-zone English locale. The other languages keep their Belgian locale.
MONEY_LOCALES = {"en": "en_IE"}


@cache
def _money_locale(language: str) -> Locale:
    if language in MONEY_LOCALES:
        return Locale.parse(MONEY_LOCALES[language])
    return _locale(language)


def money(cents: int, language: str) -> str:
    """Integer cents as a euro amount: 500000 -> "5.000,00 €" (nl), "€5,000.00" (en)."""
    return format_currency(Decimal(cents).scaleb(-2), CURRENCY, locale=_money_locale(language))


def whole_money(cents: int, language: str) -> str:
    """A limit without its cents when it has none: 500000 -> "5.000 €" (de), else as `money`."""
    if cents % 100:
        return money(cents, language)
    locale = _money_locale(language)
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        Decimal(cents).scaleb(-2), CURRENCY, format=pattern, locale=locale, currency_digits=False
    )


def rate(basis_points: int, language: str) -> str:
    """A rate in basis points with two decimals, in the locale's percent pattern: 925 ->
    "9,25%" (nl), "9,25 %" (fr)."""
    locale = _locale(language)
    pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.00")
    return format_percent(Decimal(basis_points) / BASIS_POINTS, format=pattern, locale=locale)


def number(value: int, language: str) -> str:
    return format_decimal(value, locale=_locale(language))


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
