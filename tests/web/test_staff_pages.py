"""Staff search, the affiliation file and the dashboards as pages, on both databases: only
staff reach them (a member gets 403, a visitor is sent to sign in), the search finds by each key
with and without htmx, the file shows billing and non-payment but never a narrative or a note
(Art. 11.2), and the dashboards render with data and with none, in every language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.product.model import LANGUAGES
from cybercare.settings import Environment, Settings
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import CATALOG
from tests.conftest import Backend
from tests.reporting.builders import (
    GHENT_EMAIL,
    GHENT_ID,
    GHENT_REF,
    Portfolio,
    add_ghent_household,
    seeded_portfolio,
    with_password,
)
from tests.web.conftest import sign_in

PAGES = ("/staff/search?q=Peeters", "/staff/dashboards", "/staff/affiliations/aff_test")


@pytest.fixture
def staff_client(backend: Backend, db: Database, clock: FixedClock) -> Iterator[TestClient]:
    """The pages on the rolled-back test database; staff sign in with a password only (the
    second factor has its own tests)."""
    settings = Settings(
        environment=Environment.TEST,
        database_url=backend.url,
        staff_second_factor_required=False,
    )
    container = Container(settings, backend.engine, db, CATALOG, clock)
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        yield client


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    world = household_world(db, clock)
    add_ghent_household(db)
    return world


def _as(client: TestClient, db: Database, clock: FixedClock, world: World, who: str) -> None:
    user = with_password(db, clock, world[who])
    sign_in(client, f"{who}@{'cybercare' if user.is_staff else 'peeters'}.example")


def _staff(client: TestClient, db: Database, clock: FixedClock, world: World) -> None:
    _as(client, db, clock, world, "supervisor")


def _no_inline_code(html: str) -> None:
    assert " style=" not in html and "<style" not in html
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL):
        assert 'type="application/json"' in attributes or (
            "src=" in attributes and not body.strip()
        )


# --- who may see the pages --------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_art_11_a_member_gets_403_on_every_staff_page(
    staff_client: TestClient, db: Database, clock: FixedClock, world: World, page: str
) -> None:
    _as(staff_client, db, clock, world, "affiliate")
    response = staff_client.get(page)
    assert response.status_code == 403
    assert "Peeters" not in response.text.split("<main", 1)[1]


@pytest.mark.parametrize("page", PAGES)
def test_a_visitor_is_sent_to_sign_in_and_brought_back(
    staff_client: TestClient, world: World, page: str
) -> None:
    response = staff_client.get(page, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=%2Fstaff%2F")


@pytest.mark.parametrize("who", ["technical", "psychologist", "claims_handler", "admin"])
def test_every_staff_role_may_search(
    staff_client: TestClient, db: Database, clock: FixedClock, world: World, who: str
) -> None:
    _as(staff_client, db, clock, world, who)
    assert staff_client.get("/staff/search?q=Peeters").status_code == 200


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Dina Peeters", "aff_test"),
        (GHENT_EMAIL, GHENT_ID),
        ("legal@cybercare.example", None),  # a staff login is no member's e-mail
        (GHENT_REF, GHENT_ID),
        ("aff_test", "aff_test"),
        ("9000", GHENT_ID),
        ("Brussels", "aff_test"),
    ],
)
def test_search_finds_affiliations_by_each_key(
    staff_client: TestClient,
    db: Database,
    clock: FixedClock,
    world: World,
    query: str,
    found: str | None,
) -> None:
    _staff(staff_client, db, clock, world)
    html = staff_client.get("/staff/search", params={"q": query}).text
    links = re.findall(r'href="/staff/affiliations/([^"?]+)\?from=search"', html)
    assert links == ([found] if found else [])
    if not found:
        assert "Nothing found for" in html


def test_the_search_page_is_a_plain_form_that_htmx_upgrades_to_a_live_search(
    staff_client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    _staff(staff_client, db, clock, world)
    page = staff_client.get("/staff/search")
    assert page.status_code == 200
    html = page.text
    assert 'method="get" action="/staff/search"' in html and "<search>" in html
    assert '<label for="q">' in html and 'hx-get="/staff/search"' in html
    assert 'hx-target="#search-results"' in html and 'aria-live="polite"' in html
    _no_inline_code(html)
    fragment = staff_client.get(
        "/staff/search?q=Gent", headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and f"/staff/affiliations/{GHENT_ID}" in fragment.text
    assert "1 affiliation found." in fragment.text
    restore = staff_client.get(
        "/staff/search?q=Gent",
        headers={
            "HX-Request": "true",
            "HX-Target": "search-results",
            "HX-History-Restore-Request": "true",
        },
    )
    assert "<html" in restore.text


def test_a_one_letter_query_asks_for_more(
    staff_client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    _staff(staff_client, db, clock, world)
    html = staff_client.get("/staff/search?q=P").text
    assert "Type at least 2 characters." in html
    assert "/staff/affiliations/" not in html


# --- the affiliation file ---------------------------------------------------------------------


@pytest.fixture
def portfolio(db: Database, clock: FixedClock) -> Portfolio:
    return seeded_portfolio(db, clock)


def test_the_affiliation_file_shows_household_timeline_billing_pots_and_cases(
    staff_client: TestClient, db: Database, clock: FixedClock, portfolio: Portfolio
) -> None:
    _staff(staff_client, db, clock, portfolio.world)
    response = staff_client.get("/staff/affiliations/aff_test?lang=en")
    assert response.status_code == 200
    html = response.text
    for section in ("contract", "household", "billing", "dunning", "pots", "cases"):
        assert f'id="{section}"' in html
    assert "Dina Peeters" in html and "Lives here, not family" in html
    assert "Billed, result awaited" in html and "November 2026" in html
    assert "No formal notice was ever sent for this affiliation." in html
    assert "Limit reached" in html  # DATA_POT: its one case is used (Art. 5.2)
    assert f'href="/staff/cases/{portfolio.paid_case_id}"' in html
    assert f'href="/staff/cases/{portfolio.missed_case_id}"' in html
    assert "€480.00" in html  # English
    # Art. 11.2: the facts of the cases, never what was told or written in them.
    assert "Laptop fell in the bath" not in html and "Ransomware" not in html
    _no_inline_code(html)


def test_the_affiliation_file_of_an_unknown_id_is_a_404_page(
    staff_client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    _staff(staff_client, db, clock, world)
    response = staff_client.get("/staff/affiliations/aff_nobody")
    assert response.status_code == 404
    assert "Page not found" in response.text


# --- dashboards -------------------------------------------------------------------------------


def test_the_dashboards_render_with_data_and_a_table_for_every_chart(
    staff_client: TestClient, db: Database, clock: FixedClock, portfolio: Portfolio
) -> None:
    _staff(staff_client, db, clock, portfolio.world)
    response = staff_client.get("/staff/dashboards?lang=nl")
    assert response.status_code == 200
    html = response.text
    for chart in (
        "cases-per-week",
        "sla-attainment",
        "premiums-claims",
        "loss-ratio",
        "pots-at-limit",
    ):
        assert f'<canvas id="{chart}"' in html
        assert f'<script type="application/json" id="{chart}-data">' in html
        assert f'<table aria-labelledby="{chart}-title">' in html
    assert "vendor/chart.umd.min.js" in html and "charts.js" in html
    assert "50,00%" in html  # technical team: one first contact met of two (nl_BE)
    assert "€\u00a0480,00" in html  # the DATA payout in November (nl_BE)
    assert f'href="/staff/affiliations/{portfolio.world.affiliation_id}?from=dashboard"' in html
    assert '"data": [null, null, null, null, 100.0]' in html.replace("\n", "")
    _no_inline_code(html)


def test_the_dashboards_with_no_data_show_empty_states_and_no_ratio(
    staff_client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    _staff(staff_client, db, clock, world)
    html = staff_client.get("/staff/dashboards?lang=en").text
    assert "No case was opened in these weeks." in html
    assert "No service-level clock was met or ran out in these weeks." in html
    assert "Nothing was billed or paid in these months." in html
    assert "No household has reached a pot's limit." in unescape(html)
    assert "<canvas" not in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_the_staff_pages_render_in_each_language(
    staff_client: TestClient,
    db: Database,
    clock: FixedClock,
    portfolio: Portfolio,
    language: str,
    page: str,
) -> None:
    _staff(staff_client, db, clock, portfolio.world)
    separator = "&" if "?" in page else "?"
    response = staff_client.get(f"{page}{separator}lang={language}")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text


def test_months_and_weeks_are_named_in_the_readers_language(
    staff_client: TestClient, db: Database, clock: FixedClock, portfolio: Portfolio
) -> None:
    _staff(staff_client, db, clock, portfolio.world)
    french = staff_client.get("/staff/dashboards?lang=fr").text
    german = staff_client.get("/staff/dashboards?lang=de").text
    assert "nov. 2026" in french and "Nov. 2026" in german
    assert date(2026, 11, 23).day == 23 and "23 nov." in french
