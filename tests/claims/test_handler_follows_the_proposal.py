"""Issue 14: a handler's decision departs from the coverage engine's proposal exactly when its
outcome or its amount differs; an engine that asks for a review proposes nothing to depart from.
Pure rules of claims/decide.py, property-tested."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from cybercare.claims.claim import ClaimDecision
from cybercare.claims.decide import HandlerDecision, Proposal, departs_from, proposal_of
from cybercare.claims.domain import HandlerOutcome

OUTCOMES = st.sampled_from(list(HandlerOutcome))
CENTS = st.integers(min_value=0, max_value=10_000_000)


def _engine(outcome: str, payable_cents: int) -> ClaimDecision:
    return ClaimDecision(
        claim_id="clm_1",
        sequence=1,
        kind="engine",
        state="proposed",
        outcome=outcome,
        payable_cents=payable_cents,
        product_code="cyber-care-be",
        product_version="2021-12",
        inputs=None,
        decision={},
        decided_by="engine",
        note=None,
        decided_at=datetime(2026, 11, 27, tzinfo=UTC),
    )


@given(OUTCOMES, CENTS, OUTCOMES, CENTS)
def test_a_decision_departs_from_the_proposal_iff_outcome_or_amount_differ(
    proposed: HandlerOutcome, proposed_cents: int, chosen: HandlerOutcome, chosen_cents: int
) -> None:
    proposal = Proposal(proposed, proposed_cents)
    decision = HandlerDecision(chosen, chosen_cents, "reasons")
    assert departs_from(proposal, decision) == (
        (proposed, proposed_cents) != (chosen, chosen_cents)
    )


@given(OUTCOMES, CENTS)
def test_confirming_the_proposal_as_it_stands_never_departs(
    outcome: HandlerOutcome, cents: int
) -> None:
    proposal = proposal_of(_engine(outcome.value, cents))
    assert proposal == Proposal(outcome, cents)
    assert not departs_from(proposal, HandlerDecision(outcome, cents, "as proposed"))


@given(OUTCOMES, CENTS)
def test_an_engine_asking_for_a_review_proposes_nothing_to_depart_from(
    outcome: HandlerOutcome, cents: int
) -> None:
    assert proposal_of(_engine("needs_review", 0)) is None
    assert proposal_of(None) is None
    assert not departs_from(None, HandlerDecision(outcome, cents, "the handler's own decision"))
