"""Acting on a final decision (the engine's straight through, a handler's, an approved one):
the pot, the claim's move to `decided`, the ledger, the payout, and the letter through the
outbox. (The pot's own rules of settlement are `cover.domain`'s; this is the claim's side.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from cybercare.claims import repository, sla
from cybercare.claims.claim import Claim, ClaimDecision, EvidenceFile
from cybercare.claims.letters import LetterView, letter_lines, letter_subject
from cybercare.claims.views import decision_view
from cybercare.cover import service as cover
from cybercare.cover.domain import Consumption
from cybercare.cover.pots import PotYear
from cybercare.cover.service import ClaimPot
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Household
from cybercare.kernel.clock import BRUSSELS
from cybercare.observability import counters
from cybercare.outbox.enqueue import enqueue_email
from cybercare.payments import service as payments
from cybercare.payments.service import PayoutView
from cybercare.product.model import ProductVersion

# One of the moves of `Claim` to `decided`: (claim, outcome, payable, at, payment due) -> claim
DecidingMove = Callable[[Claim, str, int, datetime, datetime | None], Claim]


@dataclass(frozen=True, slots=True)
class Finalized:
    claim: Claim
    decision: ClaimDecision  # with its id and the pot after it
    evidence: list[EvidenceFile]  # a new claim's files, with their ids
    pot: PotYear | None
    payout: PayoutView | None


def finalize(
    uow: UnitOfWork,
    claim: Claim,
    move: DecidingMove,
    decision: ClaimDecision,
    held: ClaimPot | None,
    *,
    consumption: Consumption | None,
    product: ProductVersion,
    at: datetime,
    today: date,
    new_files: list[EvidenceFile] | None = None,
) -> Finalized:
    """The pot moved first, so the decision is written once with what is left in the pot. A
    new claim (`new_files`: its evidence) is written here, once, in its final state."""
    outcome, payable = decision.outcome, decision.payable_cents
    pot: PotYear | None = None
    if held is not None:
        if outcome == "declined":
            pot = cover.release(uow, held, at=at).locked.state
        elif consumption is not None and consumption.pot is not None:
            pot = cover.settle(uow, held, consumption, at=at).locked.state
        else:
            pot = held.locked.state
    if pot is not None:
        decision = decision.with_pot_after(pot.pot, pot.left_cents, pot.cases_left)
    paid_before = 0 if new_files is not None else payments.payouts_total(uow, claim.claim_id)
    to_pay = payable - paid_before
    payment_due = sla.payment_due(product, at) if to_pay > 0 else None  # Art. 8.4: 30 days
    decided = move(claim, outcome, payable, at, payment_due)
    files, decision = write(uow, decided, decision, new_files)
    payments.book_decision(
        uow,
        claim_id=decided.claim_id,
        sequence=decision.sequence,
        household_id=decided.household_id,
        delta_cents=payable - claim.payable_cents,
        on=today,
        at=at,
    )
    payout = None
    if to_pay > 0 and decided.payee_iban and decided.payee_name:
        assert decision.decision_id is not None
        payout = payments.create_payout(
            uow,
            claim_id=decided.claim_id,
            decision_id=decision.decision_id,
            household_id=decided.household_id,
            amount_cents=to_pay,
            iban=decided.payee_iban,
            holder_name=decided.payee_name,
            at=at,
            # Issue 15: a straight-through decision pays an approved account by SEPA Instant.
            instant=move is Claim.decided_straight_through,
        )
    uow.after_commit(partial(counters.claim_decided, outcome))  # the metrics, once committed
    return Finalized(decided, decision, files, pot, payout)


def write(
    uow: UnitOfWork, claim: Claim, decision: ClaimDecision, new_files: list[EvidenceFile] | None
) -> tuple[list[EvidenceFile], ClaimDecision]:
    """The claim and its decision: a new claim with its evidence in one go (this command does
    not read them back), or the moved claim and its new or changed decision."""
    if new_files is not None:
        return repository.insert_new(uow, claim, new_files, decision)
    repository.save(uow, claim)
    return [], repository.save_decision(uow, decision)


def _recipient(uow: UnitOfWork, claim: Claim, household: Household | None) -> str | None:
    """The insured person's e-mail, or the affiliate's (a minor's case, Art. 2.4)."""
    if household is None:
        return repository.insured_email(uow, claim.person_id, claim.household_id)
    people = {p.person_id: p.email for p in household.people}
    if people.get(claim.person_id):
        return people[claim.person_id]
    for member in household.memberships:
        if member.relationship.value == "affiliate" and member.left_on is None:
            return people.get(member.person_id)
    return None


def letter_view(claim: Claim, decision: ClaimDecision, product: ProductVersion) -> LetterView:
    view = decision_view(decision)
    pot = decision.decision.get("pot_after") or {}
    return LetterView(
        claim_id=claim.claim_id,
        language=claim.language,
        decided_on=decision.decided_at.astimezone(BRUSSELS).date(),
        product=product,
        guarantee=claim.guarantee,
        outcome=decision.outcome,
        claimed_cents=claim.claimed_cents,
        payable_cents=decision.payable_cents,
        reasons=view.reasons,
        pot_left_cents=pot.get("left_cents"),
        cases_left=pot.get("cases_left"),
        iban=claim.payee_iban,
    )


def notify_decision(
    uow: UnitOfWork,
    claim: Claim,
    decision: ClaimDecision,
    product: ProductVersion,
    *,
    at: datetime,
    household: Household | None = None,
) -> None:
    """The decision letter as an e-mail through the outbox (sent after commit); the PDF is
    served from the stored decision (`GET /claims/{id}/letter.pdf`)."""
    to = _recipient(uow, claim, household)
    if to is None:
        return
    view = letter_view(claim, decision, product)
    enqueue_email(
        uow,
        to=to,
        subject=letter_subject(view),
        text="\n".join(letter_lines(view)),
        language=claim.language,
        at=at,
        dedupe_key=f"claim-letter:{claim.claim_id}:{decision.sequence}",
    )
