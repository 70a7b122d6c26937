"""The translation tables are complete and consistent; amounts and dates follow each locale."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cybercare.billing import letters as billing_letters
from cybercare.claims import letters as claim_letters
from cybercare.documents import formatting
from cybercare.documents.texts import DETAIL_CAPTIONS, RELATIONSHIPS, STATUSES, TEXTS, colon, text
from cybercare.documents.translations import document_text
from cybercare.product.model import LANGUAGES

NBSP = "\u00a0"
# Every table of document texts: msgids of the catalogues, context "document".
TABLES: dict[str, dict[str, str]] = {
    "TEXTS": TEXTS,
    "DETAIL_CAPTIONS": DETAIL_CAPTIONS,
    "RELATIONSHIPS": RELATIONSHIPS,
    "STATUSES": STATUSES,
    "claim letters": claim_letters.TEXTS,
    "formal notice": billing_letters.TEXTS,
}


def _placeholders(template: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", template))


def _in_each_language(message: str) -> dict[str, str]:
    return {language: document_text(language, message) for language in LANGUAGES}


@pytest.mark.parametrize(
    ("table", "key"), [(t, k) for t, entries in TABLES.items() for k in entries]
)
def test_every_text_has_four_real_translations_with_the_same_placeholders(
    table: str, key: str
) -> None:
    translations = _in_each_language(TABLES[table][key])
    assert all(value.strip() for value in translations.values())
    assert len({frozenset(_placeholders(value)) for value in translations.values()}) == 1
    for value in translations.values():
        value.encode(formatting.PDF_ENCODING)  # drawable by the PDF core fonts


def test_the_fixed_texts_are_translated_not_copied() -> None:
    """Most texts read differently in each language (a few words, like "Status", are shared)."""
    translated = {key: _in_each_language(message) for key, message in TEXTS.items()}
    identical = [key for key, texts in translated.items() if len(set(texts.values())) == 1]
    assert identical == []
    untranslated_from_english = [
        key
        for key, texts in translated.items()
        if texts["nl"] == texts["en"] and texts["fr"] == texts["en"]
    ]
    assert len(untranslated_from_english) <= 2


def test_the_relationships_cover_every_family_code_of_the_product() -> None:
    from cybercare.product.catalog import reference_product

    codes = set(reference_product().household.family_relationships)
    assert codes | {"affiliate"} == set(RELATIONSHIPS)


def test_text_fills_its_placeholders() -> None:
    assert text("customer_ref", "nl", distributor="Proximus") == "Klantnummer bij Proximus"
    assert text("title", "de") == "Beitrittsbescheinigung"


def test_french_typography_has_a_space_before_the_colon() -> None:
    assert colon("fr") == f"{NBSP}: "
    assert colon("nl") == colon("de") == colon("en") == ": "


@pytest.mark.parametrize(
    ("language", "cents", "expected"),
    [
        ("nl", 500_000, f"€{NBSP}5.000,00"),
        ("fr", 500_000, f"5{NBSP}000,00{NBSP}€"),
        ("de", 500_000, f"5.000,00{NBSP}€"),
        ("en", 500_000, "€5,000.00"),
        ("fr", 499, f"4,99{NBSP}€"),
        ("nl", 5, f"€{NBSP}0,05"),
        ("de", 123_456_789, f"1.234.567,89{NBSP}€"),
    ],
)
def test_money_in_the_locale_of_each_language_english_as_in_the_euro_area(
    language: str, cents: int, expected: str
) -> None:
    assert formatting.money(cents, language) == expected


@pytest.mark.parametrize(
    ("basis_points", "language", "expected"),
    [(925, "fr", f"9,25{NBSP}%"), (960, "nl", f"9,60{NBSP}%"), (1000, "en", f"10.00{NBSP}%")],
)
def test_rate_with_two_decimals(basis_points: int, language: str, expected: str) -> None:
    assert formatting.rate(basis_points, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "1 maart 2025"), ("fr", "1 mars 2025"), ("de", "1. März 2025"), ("en", "1 March 2025")],
)
def test_long_date(language: str, expected: str) -> None:
    assert formatting.long_date(date(2025, 3, 1), language) == expected


def test_an_unknown_language_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        formatting.money(100, "es")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zoë Müller-Ørsted", "Zoë Müller-Ørsted"),  # all in cp1252: unchanged
        ("Œuvre · €", "Œuvre · €"),
        ("Ștefănescu", "Stefanescu"),
        ("Łukasz Wałęsa", "Lukasz Walesa"),
        ("Yılmaz Ağaoğlu", "Yilmaz Agaoglu"),
        ("Đorđević", "Dordevic"),
        (f"5{chr(0x202F)}000", f"5{NBSP}000"),
        ("Ελένη", "?????"),
        ("e\u0301", "é"),
    ],
)
def test_printable_keeps_latin_names_readable_in_the_core_fonts(raw: str, expected: str) -> None:
    assert formatting.printable(raw) == expected
    formatting.printable(raw).encode(formatting.PDF_ENCODING)
