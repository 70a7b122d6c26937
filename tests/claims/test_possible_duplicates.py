"""A possible duplicate never settles straight through (Art. 4.4, 4.5, 5, 8.4): the same purchase
declared twice goes to a handler, with a reason naming the other case shown to the member.

Two signs: the case repeats another case of the household (same guarantee, overlapping incident
periods: `possible_duplicate_of`), or the same purchase is claimed under ECOM or PAYF in another
case (same amount, same payment date when both give one)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cybercare.claims import member_queries
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.duplicates import Purchase, same_purchase
from cybercare.claims.submit import ClaimSubmission, submit_claim
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import CATALOG, open_case, run
from tests.claims.builders import ecom_evidence, ecom_submission, respected
from tests.claims.scenario_builders import PAYF_EVIDENCE, payf_submission, uploads

PAID_ON = date(2026, 9, 20)


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)


def _ecom_case(db: Database, clock: FixedClock, world: World) -> str:
    return str(open_case(db, clock, world["affiliate"], world.person("affiliate"), "ECOM").case_id)


def _ecom(amount_cents: int = 40_000, paid_on: date | None = PAID_ON) -> ClaimSubmission:
    submission = ecom_submission(amount_cents)
    return replace(
        submission, circumstances=replace(submission.circumstances, payment_date=paid_on)
    )


def _claim(db: Database, clock: FixedClock, world: World, case_id: str, submission, evidence):  # type: ignore[no-untyped-def]
    return run(
        db,
        lambda uow: submit_claim(
            uow, world["affiliate"], case_id, submission, CATALOG, clock, evidence
        ),
    )


def test_possible_duplicate_never_settles_straight_through(
    db: Database, clock: FixedClock, world: World
) -> None:
    first_case = _ecom_case(db, clock, world)
    first = _claim(db, clock, world, first_case, _ecom(), ecom_evidence())
    assert first.status is ClaimStatus.DECIDED  # the first declaration is paid straight through
    second_case = _ecom_case(db, clock, world)  # the same incident declared again
    second = _claim(db, clock, world, second_case, _ecom(), ecom_evidence())
    assert second.status is ClaimStatus.IN_REVIEW
    assert second.queue_reason == "claims.possible_duplicate"
    assert second.payouts == ()
    assert second.payable_cents == 0
    decision = second.decision
    assert decision is not None
    assert decision.state == "proposed"  # the engine's proposal waits for the handler
    [reason] = decision.review_reasons
    assert (reason.code, reason.article) == ("claim.possible_duplicate", "Art. 4.5")
    assert reason.params == {"case_id": first_case}
    # the member reads why the claim waits, and which case it may repeat
    with db.reader() as uow:
        [shown] = member_queries.claims_of_case(uow, world["affiliate"], second_case, clock)
    assert [(r.code, r.params.get("case_id")) for r in shown.review_reasons] == [
        ("claim.possible_duplicate", first_case)
    ]


def test_art_4_4_4_5_the_same_purchase_under_ecom_then_payf_goes_to_a_handler(
    db: Database, clock: FixedClock, world: World
) -> None:
    ecom_case = _ecom_case(db, clock, world)
    _claim(db, clock, world, ecom_case, _ecom(40_000), ecom_evidence())
    payf_case = str(
        open_case(db, clock, world["affiliate"], world.person("affiliate"), "PAYF").case_id
    )
    payf = replace(
        payf_submission(40_000),
        circumstances=replace(payf_submission(40_000).circumstances, payment_date=PAID_ON),
    )
    view = _claim(db, clock, world, payf_case, payf, uploads(PAYF_EVIDENCE))
    assert view.status is ClaimStatus.IN_REVIEW
    assert view.queue_reason == "claims.possible_duplicate"
    assert view.decision is not None
    [reason] = view.decision.review_reasons
    assert (reason.code, reason.article, reason.params) == (
        "claim.same_purchase",
        "Art. 4.4",
        {"case_id": ecom_case},
    )


def test_art_4_4_a_purchase_paid_on_another_day_is_another_purchase(
    db: Database, clock: FixedClock, world: World
) -> None:
    _claim(db, clock, world, _ecom_case(db, clock, world), _ecom(40_000), ecom_evidence())
    payf_case = str(
        open_case(db, clock, world["affiliate"], world.person("affiliate"), "PAYF").case_id
    )
    facts = Circumstances(
        obligations_respected=respected("PAYF"),
        bank_refused_definitively=True,
        payment_date=date(2026, 10, 3),
    )
    payf = replace(payf_submission(40_000), circumstances=facts)
    view = _claim(db, clock, world, payf_case, payf, uploads(PAYF_EVIDENCE))
    assert view.status is ClaimStatus.DECIDED
    assert view.decision is not None
    assert view.decision.review_reasons == ()


def test_art_11_3_a_reason_names_the_other_case_only_to_who_may_see_it(
    db: Database, clock: FixedClock, world: World
) -> None:
    """Bram's case repeats An's: Bram reads why his claim waits, not that An's case exists."""
    first_case = _ecom_case(db, clock, world)
    _claim(db, clock, world, first_case, _ecom(), ecom_evidence())
    bram_case = str(open_case(db, clock, world["partner"], world.person("partner"), "ECOM").case_id)
    run(
        db,
        lambda uow: submit_claim(
            uow, world["partner"], bram_case, _ecom(), CATALOG, clock, ecom_evidence()
        ),
    )
    with db.reader() as uow:
        [shown] = member_queries.claims_of_case(uow, world["partner"], bram_case, clock)
    assert [r.code for r in shown.review_reasons] == ["claim.possible_duplicate"]
    assert all("case_id" not in r.params for r in shown.review_reasons)


def test_same_purchase_rule_compares_amount_and_payment_date() -> None:
    new = Purchase("c2", "k2", "PAYF", 4_000, PAID_ON)
    assert same_purchase(new, [Purchase("c1", "k1", "ECOM", 4_000, PAID_ON)]) == "k1"
    assert same_purchase(new, [Purchase("c1", "k1", "ECOM", 4_000, None)]) == "k1"
    assert same_purchase(new, [Purchase("c1", "k1", "ECOM", 4_001, PAID_ON)]) is None
    assert same_purchase(new, [Purchase("c1", "k1", "ECOM", 4_000, date(2026, 9, 21))]) is None
    assert same_purchase(new, [Purchase("c1", "k2", "ECOM", 4_000, PAID_ON)]) is None  # same case
    assert same_purchase(new, [Purchase("c1", "k1", "DATA", 4_000, PAID_ON)]) is None
    assert (
        same_purchase(replace(new, claimed_cents=0), [Purchase("c1", "k1", "ECOM", 0, None)])
        is None
    )
