"""Art. 8.4 in the member portal: a claim's timeline shows its decided, paid and returned steps
from the real state of the claim and its payouts, with the payment promise (payment within the
product's `payment_days_after_decision` days of the decision); the case list, the case page and
the portal home say the same thing about a claim in every state; amounts follow the page's
locale."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.kernel.clock import BRUSSELS, FixedClock
from cybercare.payments import service as payments
from cybercare.payments.domain import PayoutStatus
from cybercare.web.formatting import long_date, money
from tests.accounts import PAYOUT_ACCOUNT
from tests.assistance.builders import World
from tests.web.portal_world import case_for, handler_declines, login, payf_claim, peeters

STAGE = re.compile(r'class="claim-stage[^"]*" data-stage="([a-z_]+)"')
STEP = re.compile(r'data-step="([a-z._]+)"')
SPACES = re.compile(r"\s+")
AMOUNT = 40_000  # a PAYF claim the engine accepts in full, straight through


def _text(html: str) -> str:
    return SPACES.sub(" ", re.sub(r"<[^>]+>", " ", html))


def _due_day(container: Container, decided_on: date) -> date:
    days = container.catalog.latest("cyber-care-be").service_levels.payment_days_after_decision
    return decided_on + timedelta(days=days)


def _move_payout(container: Container, world: World, payout_id: str, to: str) -> None:
    """The payout through its real moves (payments.service), each a day after the last."""
    clock = container.clock
    assert isinstance(clock, FixedClock)
    steps = {
        "scheduled": ["approve"],
        "in_file": ["approve", "file"],
        "paid": ["approve", "file", "pay"],
        "returned_after_paid": ["approve", "file", "pay", "return"],
        "returned_from_file": ["approve", "file", "return"],
    }[to]
    for step in steps:
        clock.advance(timedelta(days=1))
        with container.database.uow() as uow:
            if step == "approve":
                payments.approve_payout(
                    uow, payout_id, actor=world["claims_handler"].actor, at=clock.now()
                )
            elif step == "file":
                made = payments.create_payment_file(
                    uow,
                    actor="test",
                    execution_date=clock.today(),
                    at=clock.now(),
                    debtor=PAYOUT_ACCOUNT,
                )
                assert made is not None
                _FILES[payout_id] = made.file_id
            elif step == "pay":
                payments.mark_file_paid(uow, _FILES[payout_id], on=clock.today(), at=clock.now())
            else:
                payments.mark_returned(
                    uow, payout_id, "AC04 closed account", on=clock.today(), at=clock.now()
                )
            uow.commit()


_FILES: dict[str, str] = {}


def _claim_in(container: Container, world: World, state: str) -> str:
    """A case of An's with one PAYF claim in `state`; returns the case id."""
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    if state in ("in_review", "declined"):
        claim = payf_claim(container, world, "affiliate", case_id, AMOUNT, bank_refused=False)
        if state == "declined":
            handler_declines(container, world, claim.claim_id)
        return case_id
    claim = payf_claim(container, world, "affiliate", case_id, AMOUNT)
    assert claim.payouts[0].status is PayoutStatus.PENDING_REVIEW  # a new IBAN
    if state != "pending_review":
        _move_payout(container, world, claim.payouts[0].payout_id, state)
    return case_id


def _stages(client: TestClient, case_id: str) -> dict[str, list[str]]:
    pages = {
        "case list": "/portal/cases",
        "case page": f"/portal/cases/{case_id}",
        "home": "/portal",
    }
    return {name: STAGE.findall(client.get(url).text) for name, url in pages.items()}


def test_art_8_4_a_decided_claim_promises_payment_within_30_days_of_the_decision(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = _claim_in(container, world, "pending_review")
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}").text
    text = _text(html)
    decided_on = container.clock.now().astimezone(BRUSSELS).date()
    due = long_date(_due_day(container, decided_on), "en")
    assert due == "27 December 2026"
    assert f"We pay {money(AMOUNT, 'en')} by {due} at the latest." in text
    assert "Payment within 30 days of the decision. Art. 8.4" in text
    assert f"Decided: payment on its way · paid by {due} at the latest" in text
    # The account is new for the household: the member knows why the transfer waits.
    assert "The account ending in 6769 is new for your household" in text
    assert STEP.findall(html) == ["claim.submitted", "claim.decided", "payment.due"]


def test_art_8_4_the_timeline_shows_decided_paid_and_returned_steps_from_real_state(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    decided_on = container.clock.now().astimezone(BRUSSELS).date()
    case_id = _claim_in(container, world, "returned_after_paid")
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}").text
    text = _text(html)
    assert STEP.findall(html) == [
        "claim.submitted",
        "claim.decided",
        "payment.paid",
        "payment.returned",
        "payment.due",
    ]
    amount = money(AMOUNT, "en")
    # Decided on submission; paid the day the bank executed the file; returned the day after.
    assert f"27 November 2026 10:00 Claim decided: Accepted in full, {amount} granted" in text
    assert f"30 November 2026 10:00 {amount} paid to the account ending in 6769" in text
    assert f"1 December 2026 10:00 {amount} sent back by the bank (account ending in 6769)" in text
    # What to do, and the promise that still runs (Art. 8.4).
    due = long_date(_due_day(container, decided_on), "en")
    assert "Your bank sent back the transfer of" in text
    assert "Check the account number (IBAN) with your bank" in text
    assert 'href="#messages"' in html
    assert f"Our promise still holds: we pay {amount} by {due} at the latest." in text
    assert STAGE.findall(html) == ["payment_returned"]


def test_art_8_4_a_payment_past_its_date_says_it_is_late(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = _claim_in(container, world, "in_file")
    clock = container.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=31))
    login(portal_client, container, world, "affiliate")
    text = _text(portal_client.get(f"/portal/cases/{case_id}").text)
    assert "was due by 27 December 2026 and is late: a claims handler has been alerted" in text
    assert "payment was due by 27 December 2026" in text


STATES = {
    "in_review": "in_review",
    "declined": "declined",
    "pending_review": "payment_due",
    "scheduled": "payment_due",
    "in_file": "payment_due",
    "paid": "paid",
    "returned_after_paid": "payment_returned",
    "returned_from_file": "payment_returned",
}


@pytest.mark.parametrize("state", list(STATES))
def test_art_8_4_the_status_agrees_between_the_case_list_the_case_page_and_home(
    portal_client: TestClient, container: Container, state: str
) -> None:
    world = peeters(container)
    case_id = _claim_in(container, world, state)
    login(portal_client, container, world, "affiliate")
    seen = _stages(portal_client, case_id)
    assert seen == {page: [STATES[state]] for page in seen}, seen
    case_page = _text(portal_client.get(f"/portal/cases/{case_id}").text)
    if STATES[state] == "paid":
        assert "Paid on 30 November 2026" in case_page
        assert "We pay" not in case_page and "Our promise" not in case_page
    if STATES[state] in ("payment_due", "payment_returned"):
        assert "by 27 December 2026 at the latest" in case_page


AMOUNTS = {"en": "€400.00", "fr": "400,00\u00a0€", "nl": "€\u00a0400,00", "de": "400,00\u00a0€"}


@pytest.mark.parametrize(("language", "expected"), list(AMOUNTS.items()))
def test_amounts_follow_the_page_locale(language: str, expected: str) -> None:
    assert money(AMOUNT, language) == expected


def test_amounts_on_the_case_page_follow_the_page_locale_in_the_four_languages(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = _claim_in(container, world, "paid")
    login(portal_client, container, world, "affiliate")
    for language, expected in AMOUNTS.items():
        html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": language}).text
        assert expected in html, language
        for other in set(AMOUNTS.values()) - {expected}:
            assert other not in html, (language, other)


def test_art_11_3_the_list_and_home_show_no_claim_of_another_adults_case(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    theirs = case_for(container, world, "partner", "partner", "PAYF")
    payf_claim(container, world, "partner", theirs, AMOUNT)
    login(portal_client, container, world, "affiliate")
    for url in ("/portal/cases", "/portal"):
        html = portal_client.get(url).text
        assert STAGE.findall(html) == [] and theirs not in html, url
