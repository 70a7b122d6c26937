"""The staff file of an affiliation on both databases: timeline, premium lines with their
payment, the non-payment case with its dates (Art. 9.6), the pots of the current year and the
household's cases — facts only, no narrative and no note (Art. 11.2)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from cybercare.billing import service as billing
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.db.tables import PremiumLineRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.policy.repository import AffiliationNotFound
from cybercare.reporting.affiliation_file_queries import affiliation_file
from tests.assistance.helpers import CATALOG
from tests.reporting.builders import DATA_PAID_CENTS, GHENT_ID, seeded_portfolio

NOTICE_ON = date(2026, 12, 10)


def test_the_file_gathers_household_billing_pots_and_cases(db: Database, clock: FixedClock) -> None:
    portfolio = seeded_portfolio(db, clock)
    with db.reader() as uow:
        found = affiliation_file(uow, portfolio.world.affiliation_id, CATALOG, clock)
    assert found.view.status == "active" and found.distributor_name == "Proxi"
    assert [m.given_name for m in found.members] == ["An", "Emma", "Bram", "Frank", "Cas", "Dina"]
    assert [line.period for line in found.billing.lines] == ["2026-11", "2026-10"]
    assert found.billing.open_cents == 2 * 499 and found.billing.unpaid_cents == 0
    data = {pot.pot: pot for pot in found.pots}["DATA_POT"]
    assert (data.used_cents, data.cases_left) == (DATA_PAID_CENTS, 0)
    assert [case.guarantee for case in found.cases] == ["DATA", "DATA", "EREP"]
    paid = next(case for case in found.cases if case.case_id == portfolio.paid_case_id)
    assert (paid.claims, paid.claimed_cents, paid.paid_cents) == (
        1,
        DATA_PAID_CENTS,
        DATA_PAID_CENTS,
    )
    assert found.dunning == ()


def test_art_11_2_the_file_holds_no_narrative_and_no_note(db: Database, clock: FixedClock) -> None:
    portfolio = seeded_portfolio(db, clock)
    with db.reader() as uow:
        found = affiliation_file(uow, portfolio.world.affiliation_id, CATALOG, clock)
    text = repr(dataclasses.asdict(found))
    assert "Laptop fell in the bath" not in text and "Ransomware" not in text


def test_art_9_6_an_unpaid_premium_shows_the_notice_and_the_dates_that_follow(
    db: Database, clock: FixedClock
) -> None:
    seeded_portfolio(db, clock)
    with db.reader() as uow:
        line_id = uow.session.query(PremiumLineRow.id).filter_by(affiliation_id=GHENT_ID).scalar()
    results = f"charge_id,outcome,amount,date\n{line_id},unpaid,4.99,2026-12-08\n"
    with db.uow() as uow:
        billing.import_payment_results(uow, "proximus", results, FixedClock.on(NOTICE_ON))
        run_dunning_day(uow, CATALOG, FixedClock.on(NOTICE_ON))
        uow.commit()
    with db.reader() as uow:
        found = affiliation_file(uow, GHENT_ID, CATALOG, FixedClock.on(NOTICE_ON))
    assert found.billing.unpaid_cents == 499
    [step] = found.dunning
    assert step.open and step.status == "notice_sent" and step.arrears_cents == 499
    assert (step.notice_on, step.pay_by) == (NOTICE_ON, date(2026, 12, 25))
    assert step.suspension_planned == date(2026, 12, 26)
    assert step.termination_planned == date(2027, 1, 10)
    assert found.open_dunning == step


def test_an_unknown_affiliation_is_not_found(db: Database, clock: FixedClock) -> None:
    with db.reader() as uow, pytest.raises(AffiliationNotFound):
        affiliation_file(uow, "aff_nobody", CATALOG, clock)
