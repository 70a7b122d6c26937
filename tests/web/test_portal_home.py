"""The portal's home page (Art. 2, 5, 9, 11.3): the household, its insured persons, the status of
the contract, a meter per yearly limit with its article, the next premium and the billing status
for the affiliate; the refusals of a housemate, of staff and of a visitor not signed in."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from cybercare.billing.domain import Period
from cybercare.bootstrap import Container
from cybercare.web.formatting import money, rate
from tests.web.portal_world import (
    bill,
    case_for,
    login,
    payf_claim,
    peeters,
    unpaid_and_noticed,
)

PAGES = (
    "/portal",
    "/portal/cases",
    "/portal/documents",
    "/portal/billing",
    "/portal/members",
    "/portal/termination",
    "/portal/withdrawal",
)


def _meter(html: str, element_id: str) -> dict[str, str]:
    found = re.search(rf'<meter id="{element_id}"([^>]*)>', html)
    assert found, f"no meter {element_id}"
    return dict(re.findall(r'(\w+)="([^"]*)"', found.group(1)))


def test_art_2_home_shows_the_household_and_its_insured_persons(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    page = portal_client.get("/portal", params={"lang": "en"})
    assert page.status_code == 200
    html = page.text
    assert "Your cover is active since 6 January 2025." in html
    assert "Rue de la Loi" in html or "1000" in html
    for name in ("An Peeters", "Bram Peeters", "Cas Peeters", "Dina Peeters", "Emma Peeters"):
        assert name in html
    assert "Frank" not in html  # recorded at the address, not insured (Art. 2.3)
    assert "Affiliate (policyholder)" in html
    assert "Parent of the partner" in html
    assert "12 years" in html  # Dina, born 7 June 2014
    assert "minor" in html


def test_art_5_each_pot_has_an_accessible_meter_with_its_article(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal", params={"lang": "en"}).text
    erep = _meter(html, "pot-erep-pot-money")
    assert erep["max"] == "500000" and erep["value"] == "0"
    assert 'aria-labelledby="pot-erep-pot-money-label"' in html
    assert 'aria-describedby="pot-erep-pot-money-text"' in html
    cases = _meter(html, "pot-data-pot-cases")
    assert cases["max"] == "1"
    assert "Art. 5" in html
    assert f"<strong>left {money(500_000, 'en')}</strong>" in html


def test_art_5_the_meter_goes_down_with_a_settled_claim(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, world, "affiliate", case_id, 40_000)
    assert claim.outcome == "accepted"
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal", params={"lang": "en"}).text
    online = _meter(html, "pot-online-purchase-pot-money")
    assert online["value"] == "40000"
    assert f"Used {money(40_000, 'en')}" in html
    assert f"<strong>left {money(460_000, 'en')}</strong>" in html
    cases = _meter(html, "pot-online-purchase-pot-cases")
    assert cases["value"] == "1"


def test_art_11_3_the_affiliate_sees_the_next_premium_and_the_billing_status(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    bill(container, Period(2026, 11), date(2026, 11, 1))
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal", params={"lang": "en"}).text
    assert f"Next premium: {money(499, 'en')}, due on 1 December 2026." in html
    assert f"Net premium {money(455, 'en')} and tax {money(44, 'en')} ({rate(960, 'en')})." in html
    assert "The last premium is billed; its payment is not reported yet." in html


def test_art_9_6_a_formal_notice_shows_on_the_affiliates_home(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    bill(container, Period(2026, 11), date(2026, 11, 1))
    unpaid_and_noticed(container, world, date(2026, 11, 20))
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal", params={"lang": "en"}).text
    assert f"Formal notice: please pay {money(499, 'en')} by 5 December 2026 at the latest" in html


def test_art_11_3_another_adult_sees_the_household_but_not_the_premiums(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    bill(container, Period(2026, 11), date(2026, 11, 1))
    login(portal_client, container, world, "partner")
    html = portal_client.get("/portal", params={"lang": "en"}).text
    assert "Bram Peeters" in html and "An Peeters" in html
    assert "The premiums are the affiliate's: An Peeters sees them and their payments." in html
    assert "Next premium" not in html
    assert "/portal/termination" not in html  # the contract's commands are the affiliate's


def test_art_2_3_a_housemate_who_is_not_family_is_not_shown_the_contract(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "housemate")
    for path in ("/portal", "/portal/documents", "/portal/billing", "/portal/members"):
        page = portal_client.get(path, params={"lang": "en"})
        assert page.status_code == 403, path
        assert "You are not insured under this contract" in page.text
        assert "An Peeters" not in page.text


def test_a_visitor_not_signed_in_is_sent_to_the_sign_in_page(portal_client: TestClient) -> None:
    for path in PAGES:
        page = portal_client.get(path, follow_redirects=False)
        assert page.status_code == 303, path
        assert page.headers["location"].startswith("/login?next=")


def test_staff_are_refused_the_member_portal(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "supervisor")
    for path in PAGES:
        assert portal_client.get(path).status_code == 403, path


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_art_11_4_every_page_in_the_four_languages_without_inline_style_or_script(
    portal_client: TestClient, container: Container, language: str
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    payf_claim(container, world, "affiliate", case_id, 40_000)
    login(portal_client, container, world, "affiliate")
    for path in (*PAGES, f"/portal/cases/{case_id}"):
        page = portal_client.get(path, params={"lang": language})
        assert page.status_code == 200, (path, page.status_code)
        html = page.text
        assert f'<html lang="{language}"' in html
        assert " style=" not in html and "<style" not in html, path
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
            assert "src=" in attributes and not body.strip(), path
