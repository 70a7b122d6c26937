"""The claim as an entity, with its status machine (Art. 8), its decisions and its evidence. Pure.

    incomplete ──awaits_evidence──▶ incomplete          (Art. 8.3: evidence or answers missing)
    incomplete ──routed_to_handler──▶ in_review         (Art. 8.4: a complete file, 30 days)
    incomplete ──decided_straight_through──▶ decided    (Art. 8.4)
    in_review ──handler_decides──▶ decided              (Art. 8.4)
    in_review ──awaits_second_approval──▶ awaiting_approval   (four eyes above the authority)
    awaiting_approval ──approved──▶ decided             (Art. 8.4)
    decided ──reopened──▶ in_review                     (Art. 10.1: the decision is looked at again)
    incomplete | in_review | awaiting_approval ──withdrawn──▶ withdrawn   (before a decision)

A new claim is `incomplete` until the engine has checked its file: the adjudication that follows
the submission at once takes it to one of the three states the engine can route to. Every other
move is refused with `ClaimNotDecidable`, citing the article of the move asked for. Moves return
a new value; the repository writes it. `withdrawn` is an end state: the member withdrew the claim
(or an agent did for them) before its decision (Art. 8.4); a decided claim is contested through
the complaints path of Art. 10.1 instead, never withdrawn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from cybercare.claims.domain import ClaimNotDecidable, ClaimStatus, check_second_approver
from cybercare.cover.domain import Circumstances
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, InvalidInput

ART_8_3 = Art("8.3")
ART_8_4 = Art("8.4")
ART_8_5 = Art("8.5")
ART_10_1 = Art("10.1")

INCOMPLETE = ClaimStatus.INCOMPLETE
IN_REVIEW = ClaimStatus.IN_REVIEW
AWAITING_APPROVAL = ClaimStatus.AWAITING_APPROVAL
DECIDED = ClaimStatus.DECIDED
WITHDRAWN = ClaimStatus.WITHDRAWN


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move: the states it leaves from, the state it reaches, its article."""

    sources: frozenset[ClaimStatus]
    target: ClaimStatus
    article: Art


TRANSITIONS: dict[str, Transition] = {
    "awaits_evidence": Transition(frozenset({INCOMPLETE}), INCOMPLETE, ART_8_3),
    "routed_to_handler": Transition(frozenset({INCOMPLETE}), IN_REVIEW, ART_8_4),
    "decided_straight_through": Transition(frozenset({INCOMPLETE}), DECIDED, ART_8_4),
    "handler_decides": Transition(frozenset({IN_REVIEW}), DECIDED, ART_8_4),
    "awaits_second_approval": Transition(frozenset({IN_REVIEW}), AWAITING_APPROVAL, ART_8_4),
    "approved": Transition(frozenset({AWAITING_APPROVAL}), DECIDED, ART_8_4),
    "reopened": Transition(frozenset({DECIDED}), IN_REVIEW, ART_10_1),
    "withdrawn": Transition(
        frozenset({INCOMPLETE, IN_REVIEW, AWAITING_APPROVAL}), WITHDRAWN, ART_8_4
    ),
}
SUBROGATION = ("ECOM", "PAYF")  # Art. 8.5: the insurer takes over the member's rights


class RecoveryRefused(Conflict):
    code = "claim.recovery_refused"


@dataclass(frozen=True, slots=True)
class Claim:
    claim_id: str
    case_id: str
    affiliation_id: str
    household_id: str
    person_id: str
    guarantee: str
    kind: str | None
    claimed_cents: int
    occurrence_date: date | None
    discovery_date: date
    declaration_date: date
    circumstances: Circumstances
    language: str
    payee_iban: str | None
    payee_name: str | None
    submitted_by: str
    submitted_at: datetime
    status: ClaimStatus = INCOMPLETE
    outcome: str | None = None
    queue_reason: str | None = None
    payable_cents: int = 0
    paid_cents: int = 0
    recovered_cents: int = 0
    decided_at: datetime | None = None
    decision_due_at: datetime | None = None  # Art. 8.4 clocks (None: not running)
    payment_due_at: datetime | None = None

    def require(self, name: str) -> None:
        """Refuse the move `name` (a key of TRANSITIONS) unless the claim's status allows it:
        checked before the work a move needs, as the move itself checks it again."""
        move = TRANSITIONS[name]
        if self.status not in move.sources:
            raise ClaimNotDecidable(
                f"the claim is {self.status.value}",
                clause=str(move.article),
                params={"claim_id": self.claim_id, "status": self.status.value, "move": name},
            )

    def _move(self, name: str, **changes: Any) -> Claim:
        self.require(name)
        return replace(self, status=TRANSITIONS[name].target, **changes)

    # --- the engine, on the file as submitted or completed ----------------------------------

    def awaits_evidence(self, why: str) -> Claim:
        """The file misses evidence or answers: the member completes it (Art. 8.3)."""
        return self._move("awaits_evidence", queue_reason=why)

    def routed_to_handler(self, why: str, decision_due: datetime) -> Claim:
        """A complete file in the handler queue; the 30 days to decide run from now (kept when
        already running)."""
        due = self.decision_due_at or decision_due
        return self._move("routed_to_handler", queue_reason=why, decision_due_at=due)

    def decided_straight_through(
        self, outcome: str, payable_cents: int, at: datetime, payment_due: datetime | None
    ) -> Claim:
        return self._decided("decided_straight_through", outcome, payable_cents, at, payment_due)

    # --- the handlers -----------------------------------------------------------------------

    def handler_decides(
        self, outcome: str, payable_cents: int, at: datetime, payment_due: datetime | None
    ) -> Claim:
        return self._decided("handler_decides", outcome, payable_cents, at, payment_due)

    def awaits_second_approval(self) -> Claim:
        """A handler's decision above the authority limit waits for another person."""
        return self._move("awaits_second_approval", queue_reason="claims.above_authority_limit")

    def approved(
        self, outcome: str, payable_cents: int, at: datetime, payment_due: datetime | None
    ) -> Claim:
        return self._decided("approved", outcome, payable_cents, at, payment_due)

    def reopened(self, decision_due: datetime) -> Claim:
        """Back to the queue for a new decision, due in a new 30 days."""
        return self._move(
            "reopened", outcome=None, queue_reason="claims.reopened", decision_due_at=decision_due
        )

    # --- the member ---------------------------------------------------------------------------

    def withdrawn(self) -> Claim:
        """Withdrawn before its decision: nothing is decided nor paid, no clock runs any more."""
        return self._move("withdrawn", queue_reason=None, decision_due_at=None, payment_due_at=None)

    def _decided(
        self,
        name: str,
        outcome: str,
        payable_cents: int,
        at: datetime,
        payment_due: datetime | None,
    ) -> Claim:
        """`payment_due`: the 30 days to pay, when the decision leaves money to pay."""
        if not 0 <= payable_cents <= self.claimed_cents:
            raise InvalidInput("payable", "must be between 0 and the amount claimed")
        return self._move(
            name,
            outcome=outcome,
            payable_cents=payable_cents,
            queue_reason=None,
            decided_at=at,
            payment_due_at=payment_due or self.payment_due_at,
        )

    # --- after payment ------------------------------------------------------------------------

    def recovered(self, cents: int) -> Claim:
        """Art. 8.5: subrogation on ECOM and PAYF, up to the amount paid."""
        if self.guarantee not in SUBROGATION:
            raise RecoveryRefused("subrogation applies to ECOM and PAYF only", clause=str(ART_8_5))
        if cents <= 0 or self.recovered_cents + cents > self.paid_cents:
            raise InvalidInput(
                "amount", "a recovery is positive and at most the amount paid", clause=str(ART_8_5)
            )
        return replace(self, recovered_cents=self.recovered_cents + cents)


@dataclass(frozen=True, slots=True)
class ClaimDecision:
    """One decision on a claim, never rewritten but superseded: the engine's (with the product
    version and its input snapshot, so it replays), a handler's, a reopening."""

    claim_id: str
    sequence: int
    kind: str  # engine, handler, reopening
    state: str  # proposed, pending_approval, final, superseded
    outcome: str
    payable_cents: int
    product_code: str
    product_version: str
    inputs: dict[str, Any] | None
    decision: dict[str, Any]
    decided_by: str
    note: str | None
    decided_at: datetime
    approved_by: str | None = None
    decision_id: int | None = None  # given by the database when written

    def approved(self, by: str) -> ClaimDecision:
        """The second pair of eyes makes a pending decision final."""
        check_second_approver(self.decided_by, by)
        return replace(self, state="final", approved_by=by)

    def superseded(self) -> ClaimDecision:
        return replace(self, state="superseded")

    def with_pot_after(
        self, pot: str, left_cents: int | None, cases_left: int | None
    ) -> ClaimDecision:
        """What is left in the pot once the decision applied (Art. 5.3: the decision says it)."""
        figures = {"pot": pot, "left_cents": left_cents, "cases_left": cases_left}
        return replace(self, decision={**self.decision, "pot_after": figures})


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file kept byte for byte with its SHA-256 and its receipt (Art. 8.3)."""

    claim_id: str
    evidence_type: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    content: bytes = field(repr=False)
    received_at: datetime
    uploaded_by: str
    evidence_id: int | None = None  # given by the database when written


def evidence_file(
    claim_id: str,
    *,
    evidence_type: str,
    filename: str,
    content_type: str,
    content: bytes,
    received_at: datetime,
    uploaded_by: str,
) -> EvidenceFile:
    """A checked upload as it is kept (`content_type` as `check_evidence_upload` returned it)."""
    return EvidenceFile(
        claim_id=claim_id,
        evidence_type=evidence_type,
        filename=(filename or "evidence")[:255],
        content_type=content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        received_at=received_at,
        uploaded_by=uploaded_by,
    )
