"""Art. 8.4, where a claim stands for its member (`claims.progress`, pure): the stage follows the
real state of the claim and its payouts, the steps are the dated events (submitted, decided,
paid, returned), and the payment promise holds while money decided is unpaid, also after the
bank sent a transfer back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cybercare.claims.progress import (
    ClaimFacts,
    ClaimStage,
    DecisionFact,
    PaymentFact,
    StepKind,
    claim_progress,
)
from cybercare.payments.domain import PayoutStatus

SUBMITTED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
DECIDED = SUBMITTED + timedelta(days=2)
DUE = DECIDED + timedelta(days=30)
PAID = DECIDED + timedelta(days=3)
RETURNED = PAID + timedelta(days=2)
NOW = RETURNED + timedelta(days=1)


def _payment(status: PayoutStatus, amount: int = 12_000) -> PaymentFact:
    paid = PAID if status in (PayoutStatus.PAID, PayoutStatus.RETURNED) else None
    returned = RETURNED if status is PayoutStatus.RETURNED else None
    return PaymentFact(amount, "1234", status, paid, returned)


def _decided(
    *payments: PaymentFact, payable: int = 12_000, paid: int = 0, outcome: str = "accepted"
) -> ClaimFacts:
    return ClaimFacts(
        status="decided",
        outcome=outcome,
        payable_cents=payable,
        paid_cents=paid,
        submitted_at=SUBMITTED,
        decisions=(DecisionFact(DECIDED, outcome, payable),),
        payment_due_at=DUE if payable else None,
        payments=payments,
    )


def test_art_8_4_a_decision_with_money_to_pay_promises_it_by_the_due_date() -> None:
    progress = claim_progress(_decided(_payment(PayoutStatus.SCHEDULED)), NOW)
    assert progress.stage == ClaimStage.PAYMENT_DUE
    assert progress.promise is not None
    assert (progress.promise.amount_cents, progress.promise.due_at) == (12_000, DUE)
    assert not progress.promise.late
    assert progress.promise.article == "Art. 8.4"


def test_art_8_4_a_paid_claim_is_paid_with_its_date_and_promises_nothing_more() -> None:
    progress = claim_progress(_decided(_payment(PayoutStatus.PAID), paid=12_000), NOW)
    assert progress.stage == ClaimStage.PAID
    assert progress.paid_at == PAID
    assert progress.promise is None
    assert [s.kind for s in progress.steps] == [
        StepKind.SUBMITTED,
        StepKind.DECIDED,
        StepKind.PAID,
    ]


def test_art_8_4_a_returned_transfer_keeps_the_promise_running() -> None:
    progress = claim_progress(_decided(_payment(PayoutStatus.RETURNED)), NOW)
    assert progress.stage == ClaimStage.PAYMENT_RETURNED and progress.returned
    assert progress.promise is not None and progress.promise.due_at == DUE
    assert [(s.kind, s.at) for s in progress.steps] == [
        (StepKind.SUBMITTED, SUBMITTED),
        (StepKind.DECIDED, DECIDED),
        (StepKind.PAID, PAID),
        (StepKind.RETURNED, RETURNED),
    ]


def test_art_8_4_a_promise_past_its_date_is_late() -> None:
    progress = claim_progress(_decided(_payment(PayoutStatus.IN_FILE)), DUE + timedelta(hours=1))
    assert progress.promise is not None and progress.promise.late


def test_a_declined_claim_promises_no_payment() -> None:
    progress = claim_progress(_decided(payable=0, outcome="declined"), NOW)
    assert progress.stage == ClaimStage.DECLINED
    assert progress.promise is None


def test_a_claim_decided_straight_through_lists_submitted_before_decided_at_the_same_instant() -> (
    None
):
    facts = _decided(_payment(PayoutStatus.PENDING_REVIEW))
    same = replace(facts, decisions=(DecisionFact(SUBMITTED, "accepted", 12_000),))
    kinds = [s.kind for s in claim_progress(same, NOW).steps]
    assert kinds == [StepKind.SUBMITTED, StepKind.DECIDED]


def test_a_status_the_stages_do_not_name_passes_through_as_it_is() -> None:
    facts = ClaimFacts("withdrawn", None, 0, 0, SUBMITTED, (), None, ())
    assert claim_progress(facts, NOW).stage == "withdrawn"


PAYOUT_STATUSES = st.sampled_from(list(PayoutStatus))


@st.composite
def claim_states(draw: st.DrawFn) -> ClaimFacts:
    status = draw(st.sampled_from(["incomplete", "in_review", "awaiting_approval", "decided"]))
    payable = draw(st.sampled_from([0, 5_000, 12_000]))
    payments = tuple(_payment(s, payable or 1) for s in draw(st.lists(PAYOUT_STATUSES, max_size=3)))
    paid = sum(p.amount_cents for p in payments if p.status is PayoutStatus.PAID)
    return ClaimFacts(
        status=status,
        outcome=("declined" if payable == 0 else "accepted") if status == "decided" else None,
        payable_cents=payable if status == "decided" else 0,
        paid_cents=min(paid, payable),
        submitted_at=SUBMITTED,
        decisions=(DecisionFact(DECIDED, "accepted", payable),) if status == "decided" else (),
        payment_due_at=DUE if payable else None,
        payments=payments,
    )


@given(claim_states(), st.sampled_from([NOW, DUE + timedelta(days=1)]))
def test_art_8_4_the_stage_and_the_promise_always_agree_with_the_real_state(
    facts: ClaimFacts, now: datetime
) -> None:
    progress = claim_progress(facts, now)
    owed = facts.status == "decided" and facts.payable_cents > facts.paid_cents
    # A promise exactly while money decided is unpaid; "paid" only when all of it is.
    assert (progress.promise is not None) == owed
    assert (progress.stage == ClaimStage.PAID) == (
        facts.status == "decided" and 0 < facts.payable_cents <= facts.paid_cents
    )
    if progress.stage == ClaimStage.PAYMENT_RETURNED:
        assert facts.payments[-1].status is PayoutStatus.RETURNED and owed
    if progress.promise is not None:
        assert progress.promise.amount_cents == facts.payable_cents - facts.paid_cents
        assert progress.promise.late == (now > DUE)
    # The steps are in time order and each transfer paid or returned is one of them.
    instants = [s.at for s in progress.steps]
    assert instants == sorted(instants)
    paid_steps = [s for s in progress.steps if s.kind is StepKind.PAID]
    assert len(paid_steps) == sum(1 for p in facts.payments if p.paid_at is not None)
