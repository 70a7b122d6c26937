"""The end of the contract from the portal: termination (Art. 9.4) and withdrawal (Art. 9.3),
each previewed with its computed dates, rules and refund, then confirmed; only by the affiliate."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from cybercare.billing.domain import BilledLine, Period, refund_after
from cybercare.billing.repository import lines_of
from cybercare.bootstrap import Container
from cybercare.policy import repository
from cybercare.policy.domain import AffiliationStatus, status_on
from cybercare.web.formatting import money
from tests.claims.builders import setup_world
from tests.web.conftest import post_form
from tests.web.portal_world import bill, login, login_as, peeters


def test_art_9_4_the_affiliate_previews_then_confirms_a_termination(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal/termination", params={"lang": "en"}).text
    # Started 6 January 2025: the minimum run ended long ago; one month's notice decides.
    assert "Notice: 1 month after your notice of today, 27 November 2026: 27 December 2026." in html
    assert "Minimum run: 6 months after the start of cover on 6 January 2025: 6 July 2025." in html
    assert "The later date applies: the contract ends on 27 December 2026." in html
    assert "insured until 26 December 2026 included" in html
    assert "Art. 9.4" in html
    answer = post_form(
        portal_client,
        "/portal/termination",
        "/portal/termination",
        {"notice_on": "2026-11-27"},
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    with container.database.reader() as uow:
        pending = repository.load(uow, world.affiliation_id).affiliation.pending_termination
    assert pending is not None and pending.effective_date == date(2026, 12, 27)
    home = portal_client.get("/portal", params={"lang": "en"}).text
    assert "The contract ends on 27 December 2026" in home
    again = portal_client.get("/portal/termination", params={"lang": "en"}).text
    assert "A termination is already notified: the contract ends on 27 December 2026" in again


def test_a_stale_preview_is_not_confirmed(portal_client: TestClient, container: Container) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    answer = post_form(
        portal_client,
        "/portal/termination?lang=en",
        "/portal/termination",
        {"notice_on": "2026-11-26"},
    )
    assert answer.status_code == 409  # type: ignore[attr-defined]
    assert "The date has changed since the preview" in answer.text  # type: ignore[attr-defined]
    with container.database.reader() as uow:
        assert repository.load(uow, world.affiliation_id).affiliation.pending_termination is None


def test_art_9_3_withdrawal_is_refused_after_fourteen_days(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal/withdrawal", params={"lang": "en"}).text
    assert "The withdrawal period is over: it ended on 20 January 2025" in html
    assert "Confirm the withdrawal" not in html
    answer = post_form(
        portal_client,
        "/portal/withdrawal?lang=en",
        "/portal/withdrawal",
        {"notice_on": "2026-11-27"},
    )
    assert answer.status_code == 409  # type: ignore[attr-defined]
    with container.database.reader() as uow:
        affiliation = repository.load(uow, world.affiliation_id).affiliation
    assert status_on(affiliation, date(2026, 11, 27)) is AffiliationStatus.ACTIVE


def test_art_9_3_a_withdrawal_within_fourteen_days_ends_cover_today_and_refunds_pro_rata(
    portal_client: TestClient, container: Container
) -> None:
    with container.database.uow() as uow:
        world = setup_world(uow, container.clock, start=date(2026, 11, 20), tag="w")
        uow.commit()
    bill(container, Period(2026, 11), date(2026, 11, 20))
    with container.database.reader() as uow:
        (line,) = lines_of(uow, world.affiliation_id, ["2026-11"])
    billed = BilledLine(
        line.line_id, line.covered_from, line.covered_to, line.gross_cents, line.tax_rate_bp, False
    )
    refund = refund_after(billed, date(2026, 11, 27), date(2026, 12, 27))
    assert refund is not None and refund.days == 4  # 27 to 30 November
    login_as(portal_client, container, world.member)
    html = portal_client.get("/portal/withdrawal", params={"lang": "en"}).text
    assert "you may withdraw until 4 December 2026" in html
    assert "Cover ends on notification: today, 27 November 2026." in html
    assert f"refunded pro rata: {money(refund.gross_cents, 'en')}, by 27 December 2026" in html
    answer = post_form(
        portal_client,
        "/portal/withdrawal",
        "/portal/withdrawal",
        {"notice_on": "2026-11-27"},
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    with container.database.reader() as uow:
        affiliation = repository.load(uow, world.affiliation_id).affiliation
    assert status_on(affiliation, date(2026, 11, 27)) is AffiliationStatus.WITHDRAWN
    home = portal_client.get(answer.headers["location"]).text  # type: ignore[attr-defined]
    assert "The contract was withdrawn on 27 November 2026 (Art. 9.3)." in home


def test_art_11_3_only_the_affiliate_ends_the_contract(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "partner")
    for path in ("/portal/termination", "/portal/withdrawal"):
        page = portal_client.get(path, params={"lang": "en"})
        assert page.status_code == 403, path
        assert "This is for the affiliate" in page.text
        answer = post_form(portal_client, "/portal/cases", path, {"notice_on": "2026-11-27"})
        assert answer.status_code == 403, path  # type: ignore[attr-defined]
    with container.database.reader() as uow:
        affiliation = repository.load(uow, world.affiliation_id).affiliation
    assert affiliation.pending_termination is None
