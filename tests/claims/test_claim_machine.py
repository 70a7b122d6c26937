"""Art. 5, 8: the claim's status machine and the pot it draws on, as pure values (no database).

Whatever commands the member, the engine and the handlers give in whatever order, a claim is
only ever in one of its five states, reached by a named move; every other move is refused with
the article it breaks; and the pot the claims draw on is never over-consumed (money used and
held within the yearly limit, cases within the yearly number), its figures always the sum of
what the claims hold and were paid.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from cybercare.claims.claim import TRANSITIONS, Claim, ClaimDecision, RecoveryRefused
from cybercare.claims.domain import ClaimNotDecidable, ClaimStatus, FourEyesViolation
from cybercare.cover.domain import Circumstances, Consumption
from cybercare.cover.pots import PotLimitExceeded, PotYear
from cybercare.kernel.errors import InvalidInput

POT = "ONLINE_PURCHASE_POT"
LIMIT_CENTS = 500_000  # Art. 5: 5,000 EUR a year
CASE_LIMIT = 3
AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DUE = AT + timedelta(days=30)


def new_claim(claim_id: str, claimed_cents: int, guarantee: str = "ECOM") -> Claim:
    return Claim(
        claim_id=claim_id,
        case_id=f"case-{claim_id}",
        affiliation_id="aff",
        household_id="hh",
        person_id="p",
        guarantee=guarantee,
        kind=None,
        claimed_cents=claimed_cents,
        occurrence_date=date(2027, 2, 20),
        discovery_date=date(2027, 2, 21),
        declaration_date=date(2027, 2, 22),
        circumstances=Circumstances(),
        language="nl",
        payee_iban=None,
        payee_name=None,
        submitted_by="member",
        submitted_at=AT,
    )


def in_state(status: ClaimStatus) -> Claim:
    return replace(new_claim("c", 10_000), status=status)


def move(claim: Claim, name: str) -> Claim:
    """Apply the move `name` with plausible arguments."""
    if name == "awaits_evidence":
        return claim.awaits_evidence("file.incomplete")
    if name == "routed_to_handler":
        return claim.routed_to_handler("engine.needs_review", DUE)
    if name == "awaits_second_approval":
        return claim.awaits_second_approval()
    if name == "reopened":
        return claim.reopened(DUE)
    if name == "withdrawn":
        return claim.withdrawn()
    deciding = {
        "decided_straight_through": Claim.decided_straight_through,
        "handler_decides": Claim.handler_decides,
        "approved": Claim.approved,
    }[name]
    return deciding(claim, "accepted", claim.claimed_cents, AT, DUE)


@pytest.mark.parametrize("status", list(ClaimStatus))
@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_art_8_every_move_allowed_from_its_states_only_and_refused_with_its_article(
    status: ClaimStatus, name: str
) -> None:
    transition = TRANSITIONS[name]
    claim = in_state(status)
    if status in transition.sources:
        assert move(claim, name).status is transition.target
        return
    with pytest.raises(ClaimNotDecidable) as refused:
        move(claim, name)
    assert refused.value.code == "claims.not_in_review"
    assert refused.value.clause == str(transition.article)
    assert refused.value.params["status"] == status.value


def test_art_8_4_a_running_decision_clock_is_kept_and_a_reopening_restarts_it() -> None:
    first = new_claim("c", 10_000).routed_to_handler("engine.needs_review", DUE)
    later = DUE + timedelta(days=5)
    assert first.decision_due_at == DUE
    again = replace(first, status=ClaimStatus.INCOMPLETE).routed_to_handler("x", later)
    assert again.decision_due_at == DUE
    decided = first.handler_decides("accepted", 10_000, AT, None)
    assert decided.payment_due_at is None and decided.queue_reason is None
    assert decided.reopened(later).decision_due_at == later


def test_art_8_5_recovery_on_ecom_and_payf_only_and_up_to_the_amount_paid() -> None:
    paid = replace(new_claim("c", 10_000), status=ClaimStatus.DECIDED, paid_cents=8_000)
    assert paid.recovered(8_000).recovered_cents == 8_000
    with pytest.raises(InvalidInput):
        paid.recovered(8_001)
    with pytest.raises(InvalidInput):
        paid.recovered(0)
    with pytest.raises(RecoveryRefused) as refused:
        replace(paid, guarantee="EREP").recovered(1_000)
    assert refused.value.clause == "Art. 8.5"


def test_four_eyes_a_pending_decision_is_approved_by_another_person_only() -> None:
    pending = ClaimDecision(
        "c", 2, "handler", "pending_approval", "accepted", 300_000, "CC", "1", None, {}, "ann",
        None, AT,
    )  # fmt: skip
    with pytest.raises(FourEyesViolation):
        pending.approved("ann")
    assert pending.approved("bob").state == "final"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(TRANSITIONS)), max_size=30))
def test_art_8_no_sequence_of_moves_leaves_the_four_states(names: list[str]) -> None:
    claim = new_claim("c", 10_000)
    for name in names:
        try:
            claim = move(claim, name)
        except ClaimNotDecidable:
            continue
        assert claim.status in set(ClaimStatus)
        assert (claim.outcome is not None) == (claim.status is ClaimStatus.DECIDED)


# --- the claims of a household and their pot, under random commands ----------------------------


@dataclass
class Held:
    """What a claim (on its own case) holds in the pot, as cover.service keeps it."""

    reserved_cents: int = 0
    case_reserved: bool = False
    case_counted: bool = False


class ClaimsOnOnePot(RuleBasedStateMachine):
    """Claims submitted, completed, decided, approved and reopened in any order against one pot
    year; the engine and the handlers pay at most what is claimed, the pot refuses the rest."""

    claims = Bundle("claims")

    def __init__(self) -> None:
        super().__init__()
        self.pot = PotYear(POT, LIMIT_CENTS, CASE_LIMIT)
        self.known: dict[str, Claim] = {}
        self.held: dict[str, Held] = {}
        self.pending: dict[str, int] = {}  # claim -> payable waiting for a second approval
        self.refusals = 0

    # The engine: what the claim would draw (Art. 5.3: at most what is left, partially).
    def _proposal(self, claim: Claim) -> Consumption | None:
        held = self.held[claim.claim_id]
        if not held.case_reserved and not held.case_counted and self.pot.cases_left == 0:
            return None  # Art. 5.2: no case left this year: the engine proposes a decline
        left = (self.pot.left_cents or 0) + held.reserved_cents
        return Consumption(
            POT,
            min(claim.claimed_cents, left),
            0 if held.case_counted or held.case_reserved else 1,
            released_cents=held.reserved_cents,
        )

    def _engine(self, claim: Claim, route: str) -> Claim:
        proposal = self._proposal(claim)
        held = self.held[claim.claim_id]
        if proposal is None or route != "straight":
            if proposal is not None:  # a file waiting holds what it would draw
                self.pot = self.pot.hold(proposal)
                held.reserved_cents = proposal.amount_cents
                held.case_reserved = held.case_reserved or proposal.cases > 0
            if route == "incomplete" and proposal is not None:
                return claim.awaits_evidence("file.incomplete")
            return claim.routed_to_handler("engine.needs_review", DUE)
        settled = replace(proposal, released_cases=1 if held.case_reserved else 0)
        if held.case_reserved:
            settled = replace(settled, cases=1)
        self.pot = self.pot.settle(settled)
        held.reserved_cents, held.case_reserved, held.case_counted = 0, False, True
        outcome = "accepted" if proposal.amount_cents == claim.claimed_cents else "partial"
        return claim.decided_straight_through(outcome, proposal.amount_cents, AT, None)

    @rule(
        target=claims,
        claimed=st.integers(min_value=0, max_value=400_000),
        route=st.sampled_from(["straight", "handler", "incomplete"]),
    )
    def submit(self, claimed: int, route: str) -> str:
        claim_id = f"clm{len(self.known)}"
        self.held[claim_id] = Held()
        self.known[claim_id] = self._engine(new_claim(claim_id, claimed), route)
        return claim_id

    @rule(claim_id=claims, route=st.sampled_from(["straight", "handler", "incomplete"]))
    def add_evidence(self, claim_id: str, route: str) -> None:
        claim = self.known[claim_id]
        if claim.status is ClaimStatus.INCOMPLETE:  # otherwise the evidence is only kept
            self.known[claim_id] = self._engine(claim, route)

    def _enact(self, claim: Claim, payable: int, decide: str) -> Claim | None:
        """A handler's final decision: the pot settles it (or refuses it, changing nothing)."""
        held = self.held[claim.claim_id]
        try:
            if payable == 0:
                pot = self.pot.release(held.reserved_cents, 0)
            else:
                pot = self.pot.settle(
                    Consumption(
                        POT,
                        payable,
                        0 if held.case_counted else 1,
                        released_cents=held.reserved_cents,
                        released_cases=1 if held.case_reserved else 0,
                    )
                )
        except PotLimitExceeded:
            self.refusals += 1
            return None
        self.pot = pot
        if payable:
            held.case_reserved, held.case_counted = False, True
        held.reserved_cents = 0
        outcome = "declined" if payable == 0 else "accepted"
        deciding = Claim.handler_decides if decide == "handler" else Claim.approved
        return deciding(claim, outcome, payable, AT, DUE if payable else None)

    @rule(
        claim_id=claims,
        share=st.integers(min_value=0, max_value=100),
        four_eyes=st.booleans(),
    )
    def handler_decides(self, claim_id: str, share: int, four_eyes: bool) -> None:
        claim = self.known[claim_id]
        payable = claim.claimed_cents * share // 100
        if claim.status is not ClaimStatus.IN_REVIEW:
            with pytest.raises(ClaimNotDecidable):
                claim.handler_decides("accepted", payable, AT, None)
            return
        if four_eyes:
            self.known[claim_id] = claim.awaits_second_approval()
            self.pending[claim_id] = payable
            return
        decided = self._enact(claim, payable, "handler")
        if decided is not None:
            self.known[claim_id] = decided

    @rule(claim_id=claims)
    def approve(self, claim_id: str) -> None:
        claim = self.known[claim_id]
        if claim.status is not ClaimStatus.AWAITING_APPROVAL:
            with pytest.raises(ClaimNotDecidable):
                claim.approved("accepted", 0, AT, None)
            return
        decided = self._enact(claim, self.pending[claim_id], "approval")
        if decided is not None:
            self.known[claim_id] = decided
            del self.pending[claim_id]

    @rule(claim_id=claims)
    def reopen(self, claim_id: str) -> None:
        claim = self.known[claim_id]
        if claim.status is not ClaimStatus.DECIDED:
            with pytest.raises(ClaimNotDecidable):
                claim.reopened(DUE)
            return
        # What the decision used is held again (the case stays counted, Art. 5.2).
        self.pot = self.pot.unsettle(claim.payable_cents, 0)
        self.held[claim_id].reserved_cents += claim.payable_cents
        self.known[claim_id] = claim.reopened(DUE)

    @rule(claim_id=claims, name=st.sampled_from(sorted(TRANSITIONS)))
    def any_move(self, claim_id: str, name: str) -> None:
        """Any move asked of any claim is applied only from its states, else refused."""
        claim = self.known[claim_id]
        transition = TRANSITIONS[name]
        if claim.status in transition.sources:
            return  # the rules above make the legal moves together with their pot moves
        with pytest.raises(ClaimNotDecidable) as refused:
            move(claim, name)
        assert refused.value.clause == str(transition.article)

    @invariant()
    def every_claim_is_in_one_of_its_states(self) -> None:
        for claim in self.known.values():
            assert claim.status in set(ClaimStatus)
            assert (claim.status is ClaimStatus.DECIDED) == (claim.outcome is not None)
            assert 0 <= claim.payable_cents <= claim.claimed_cents
            assert (claim.status is ClaimStatus.AWAITING_APPROVAL) == (
                claim.claim_id in self.pending
            )

    @invariant()
    def the_pot_is_never_over_consumed(self) -> None:
        pot = self.pot
        assert 0 <= pot.used_cents + pot.reserved_cents <= LIMIT_CENTS
        assert 0 <= pot.cases_used + pot.cases_reserved <= CASE_LIMIT
        assert min(pot.used_cents, pot.reserved_cents, pot.cases_used, pot.cases_reserved) >= 0

    @invariant()
    def the_pot_is_what_the_claims_hold_and_were_paid(self) -> None:
        decided = [c for c in self.known.values() if c.status is ClaimStatus.DECIDED]
        assert self.pot.used_cents == sum(c.payable_cents for c in decided)
        assert self.pot.reserved_cents == sum(h.reserved_cents for h in self.held.values())
        assert self.pot.cases_used == sum(h.case_counted for h in self.held.values())
        assert self.pot.cases_reserved == sum(h.case_reserved for h in self.held.values())


ClaimsOnOnePot.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
test_art_5_and_8_claims_on_one_pot_never_reach_an_illegal_state = ClaimsOnOnePot.TestCase
