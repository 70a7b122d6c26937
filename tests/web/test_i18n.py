"""Art. 11.4: every visible text in Dutch, French, German and English; dates and amounts per
locale; the language chosen by ?lang=, then the switcher's cookie, then the browser."""

from __future__ import annotations

from datetime import date

import pytest
from babel.messages.catalog import Catalog
from fastapi.testclient import TestClient

from cybercare.product.model import LANGUAGES
from cybercare.web import formatting
from cybercare.web.i18n import from_accept_language, translations
from tests.web.catalogues import (
    every_problem,
    extracted_messages,
    load_catalogue,
    problems_in,
    stale_entries,
)


def test_every_message_is_translated_in_the_four_catalogues() -> None:
    assert len(extracted_messages()) > 40  # the extraction really reads the templates and code
    assert every_problem() == []


def test_no_catalogue_keeps_messages_that_nothing_uses() -> None:
    assert stale_entries() == []


def test_the_check_catches_a_missing_an_empty_a_fuzzy_and_a_broken_translation() -> None:
    catalogue = Catalog(locale="fr")
    catalogue.add("Home", "")
    catalogue.add("Premium", "Prime", flags=("fuzzy",))
    catalogue.add("From %(day)s", "À partir du %(jour)s", flags=("python-format",))
    messages = {"Home": "a", "Premium": "b", "From %(day)s": "c", "Complaints": "d"}
    problems = "\n".join(problems_in(catalogue, "fr", messages))
    assert "missing 'Complaints'" in problems
    assert "empty translation of 'Home'" in problems
    assert "fuzzy 'Premium'" in problems
    assert "From %(day)s" in problems  # the placeholder was renamed


def test_a_plural_message_needs_every_plural_form_of_the_language() -> None:
    catalogue = Catalog(locale="fr")  # French has three forms in CLDR
    catalogue.add(("%(count)s day", "%(count)s days"), ("%(count)s jour", "%(count)s jours", ""))
    messages = {("%(count)s day", "%(count)s days"): "a"}
    assert "empty translation" in "\n".join(problems_in(catalogue, "fr", messages))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_compiles_in_memory(language: str) -> None:
    assert len(load_catalogue(language)) > 40
    assert (
        translations(language).gettext("Home")
        == {
            "nl": "Startpagina",
            "fr": "Accueil",
            "de": "Startseite",
            "en": "Home",
        }[language]
    )


@pytest.mark.parametrize(
    ("language", "amount", "limit", "day"),
    [
        ("nl", "€\u00a04,99", "€\u00a05.000", "1 maart 2026"),
        ("fr", "4,99\u00a0€", "5\u202f000\u00a0€", "1 mars 2026"),
        ("de", "4,99\u00a0€", "5.000\u00a0€", "1. März 2026"),
        ("en", "€4.99", "€5,000", "1 March 2026"),  # English euros the English way (issue 14)
    ],
)
def test_amounts_and_dates_are_written_in_the_locale_of_each_language(
    language: str, amount: str, limit: str, day: str
) -> None:
    assert formatting.money(499, language) == amount
    assert formatting.whole_money(500_000, language) == limit
    assert formatting.whole_money(80_050, language) == formatting.money(80_050, language)
    assert formatting.long_date(date(2026, 3, 1), language) == day


def test_a_tax_rate_keeps_two_decimals_in_each_locale() -> None:
    assert formatting.rate(960, "nl") == "9,60%"
    assert formatting.rate(925, "fr") == "9,25\u00a0%"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("de-BE,de;q=0.9,en;q=0.5", "de"),
        ("fr-BE", "fr"),
        ("en;q=0.3, nl;q=0.8", "nl"),
        ("es-ES,es;q=0.9", None),
        ("", None),
        ("nl;q=0", None),
    ],
)
def test_accept_language_picks_the_best_supported_language(
    header: str, language: str | None
) -> None:
    assert from_accept_language(header) == language


def _page_language(client: TestClient, path: str, **kwargs: object) -> str:
    response = client.get(path, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.headers["content-language"]


def test_the_query_beats_the_cookie_which_beats_the_browser(web: TestClient) -> None:
    german_browser = {"Accept-Language": "de-BE,de;q=0.9"}
    assert _page_language(web, "/", headers=german_browser) == "de"
    web.cookies.set("cc_lang", "nl")
    assert _page_language(web, "/", headers=german_browser) == "nl"
    assert _page_language(web, "/?lang=xx", headers=german_browser) == "nl"  # not a language
    assert _page_language(web, "/?lang=fr", headers=german_browser) == "fr"


def test_a_language_in_the_query_is_remembered_in_the_cookie(web: TestClient) -> None:
    response = web.get("/product", params={"lang": "de"})
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("cc_lang="))
    assert cookie.startswith("cc_lang=de;")
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert _page_language(web, "/") == "de"


def test_without_any_preference_the_page_is_in_english(web: TestClient) -> None:
    response = web.get("/", headers={"Accept-Language": "es"})
    assert response.headers["content-language"] == "en"
    assert '<html lang="en"' in response.text


@pytest.mark.parametrize(
    ("language", "home", "skip"),
    [
        ("nl", "Startpagina", "Naar de hoofdinhoud"),
        ("fr", "Accueil", "Aller au contenu principal"),
        ("de", "Startseite", "Zum Hauptinhalt springen"),
        ("en", "Home", "Skip to main content"),
    ],
)
def test_every_page_speaks_the_chosen_language(
    web: TestClient, language: str, home: str, skip: str
) -> None:
    for path in ("/", "/product"):
        html = web.get(path, params={"lang": language}).text
        assert f'<html lang="{language}"' in html
        assert home in html
        assert skip in html
