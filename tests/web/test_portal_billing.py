"""Premiums (Art. 9.1, 9.6, 11.3): the affiliate's history of premium lines (gross, net and tax),
the payments, the formal notices with their letters; the other members are refused."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from cybercare.billing.domain import Period
from cybercare.bootstrap import Container
from cybercare.web.formatting import money, rate
from tests.web.conftest import csrf_of
from tests.web.portal_world import bill, login, peeters, unpaid_and_noticed


def test_art_9_1_the_affiliate_sees_each_months_premium_split_into_net_and_tax(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    bill(container, Period(2026, 10), date(2026, 10, 1))
    bill(container, Period(2026, 11), date(2026, 11, 1))
    login(portal_client, container, world, "affiliate")
    page = portal_client.get("/portal/billing", params={"lang": "en"})
    assert page.status_code == 200
    html = page.text
    assert "November 2026" in html and "October 2026" in html
    assert html.index("November 2026") < html.index("October 2026")  # the latest first
    assert money(455, "en") in html and money(44, "en") in html and rate(960, "en") in html
    assert money(499, "en") in html
    assert "To be paid" in html
    assert "+++" in html  # the structured communication to pay by transfer


def test_art_9_6_a_formal_notice_and_its_letter(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    bill(container, Period(2026, 11), date(2026, 11, 1))
    unpaid_and_noticed(container, world, date(2026, 11, 20))
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal/billing", params={"lang": "en"}).text
    assert "Formal notice sent" in html
    assert "5 December 2026" in html  # pay by: notice + 15 days
    assert "Unpaid" in html and "Reported by your operator" in html
    found = [part for part in html.split('"') if part.startswith("/portal/billing/notices/")]
    assert found
    letter = portal_client.get(found[0])
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_art_11_3_the_premiums_are_refused_to_the_other_members(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    bill(container, Period(2026, 11), date(2026, 11, 1))
    unpaid_and_noticed(container, world, date(2026, 11, 20))
    login(portal_client, container, world, "affiliate")
    notice = next(
        part
        for part in portal_client.get("/portal/billing").text.split('"')
        if part.startswith("/portal/billing/notices/")
    )
    portal_client.post("/logout", data={"csrf_token": csrf_of(portal_client.get("/portal").text)})
    login(portal_client, container, world, "adult_child")
    page = portal_client.get("/portal/billing", params={"lang": "en"})
    assert page.status_code == 403
    assert "This is for the affiliate" in page.text
    assert money(499, "en") not in page.text
    assert portal_client.get(notice).status_code == 403
