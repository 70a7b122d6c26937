"""Acting on a final decision (the engine's straight through, or a handler's): the pot, the
claim, the ledger, the payout, and the letter through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from cybercare.claims import sla
from cybercare.claims.domain import ClaimStatus
from cybercare.claims.letters import LetterView, letter_lines, letter_subject
from cybercare.claims.repository import decision_view
from cybercare.cover import service as cover
from cybercare.cover.domain import Consumption
from cybercare.cover.pots import PotYear
from cybercare.cover.service import ClaimPot
from cybercare.db.inserts import insert_objects
from cybercare.db.tables import ClaimDecisionRow, ClaimRow, EvidenceRow, MembershipRow, PersonRow
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Household
from cybercare.kernel.clock import BRUSSELS
from cybercare.outbox.enqueue import enqueue_email
from cybercare.payments import service as payments
from cybercare.payments.service import PayoutView
from cybercare.product.model import ProductVersion


@dataclass(frozen=True, slots=True)
class Finalized:
    pot: PotYear | None
    payout: PayoutView | None


def finalize(
    uow: UnitOfWork,
    row: ClaimRow,
    stored: ClaimDecisionRow,
    held: ClaimPot | None,
    *,
    consumption: Consumption | None,
    payable_cents: int,
    outcome: str,
    at: datetime,
    today: date,
    new_files: list[EvidenceRow] | None = None,
    product: ProductVersion | None = None,
) -> Finalized:
    """The pot moved first, so the decision is written once with what is left in the pot."""
    pot: PotYear | None = None
    if held is not None:
        if outcome == "declined":
            pot = cover.release(uow, held, at=at).locked.state
        elif consumption is not None and consumption.pot is not None:
            pot = cover.settle(uow, held, consumption, at=at).locked.state
        else:
            pot = held.locked.state
    if pot is not None:
        stored.decision = {
            **stored.decision,
            "pot_after": {
                "pot": pot.pot,
                "left_cents": pot.left_cents,
                "cases_left": pot.cases_left,
            },
        }
    previous = row.payable_cents
    paid_before = 0 if new_files is not None else payments.payouts_total(uow, row.id)
    to_pay = payable_cents - paid_before
    if to_pay > 0 and product is not None:
        sla.start_payment_clock(row, product, at)  # Art. 8.4: 30 days to pay
    row.status = ClaimStatus.DECIDED.value
    row.outcome = outcome
    row.payable_cents = payable_cents
    row.queue_reason = None
    row.decided_at = at
    write_claim(uow, row, stored, new_files)
    payments.book_decision(
        uow,
        claim_id=row.id,
        sequence=stored.sequence,
        household_id=row.household_id,
        delta_cents=payable_cents - previous,
        on=today,
        at=at,
    )
    payout = None
    if to_pay > 0 and row.payee_iban and row.payee_name:
        payout = payments.create_payout(
            uow,
            claim_id=row.id,
            decision_id=stored.id,
            household_id=row.household_id,
            amount_cents=to_pay,
            iban=row.payee_iban,
            holder_name=row.payee_name,
            at=at,
        )
    uow.session.flush()
    return Finalized(pot, payout)


def write_claim(
    uow: UnitOfWork,
    row: ClaimRow,
    stored: ClaimDecisionRow,
    new_files: list[EvidenceRow] | None,
) -> None:
    """Write the claim's decision, and a new claim (in its final state, with its evidence)
    before it, parents first. A new claim's rows are written with Core, one statement per
    table, and stay plain values: this command does not read them back."""
    if new_files is None:
        uow.session.add(stored)
        uow.session.flush()
        return
    insert_objects(uow.session, [row])
    insert_objects(uow.session, new_files)
    insert_objects(uow.session, [stored])


def _recipient(uow: UnitOfWork, row: ClaimRow, household: Household | None) -> str | None:
    """The insured person's e-mail, or the affiliate's (a minor's case, Art. 2.4)."""
    if household is not None:
        people = {p.person_id: p.email for p in household.people}
        if people.get(row.person_id):
            return people[row.person_id]
        for member in household.memberships:
            if member.relationship.value == "affiliate" and member.left_on is None:
                return people.get(member.person_id)
        return None
    own = uow.session.scalar(select(PersonRow.email).where(PersonRow.id == row.person_id))
    if own:
        return own
    return uow.session.scalar(
        select(PersonRow.email)
        .join(MembershipRow, MembershipRow.person_id == PersonRow.id)
        .where(MembershipRow.household_id == row.household_id)
        .where(MembershipRow.relationship == "affiliate", MembershipRow.left_on.is_(None))
        .limit(1)
    )


def letter_view(row: ClaimRow, stored: ClaimDecisionRow, product: ProductVersion) -> LetterView:
    view = decision_view(stored)
    pot = stored.decision.get("pot_after") or {}
    return LetterView(
        claim_id=row.id,
        language=row.language,
        decided_on=stored.decided_at.astimezone(BRUSSELS).date(),
        product=product,
        guarantee=row.guarantee,
        outcome=stored.outcome,
        claimed_cents=row.claimed_cents,
        payable_cents=stored.payable_cents,
        reasons=view.reasons,
        pot_left_cents=pot.get("left_cents"),
        cases_left=pot.get("cases_left"),
        iban=row.payee_iban,
    )


def notify_decision(
    uow: UnitOfWork,
    row: ClaimRow,
    stored: ClaimDecisionRow,
    product: ProductVersion,
    *,
    at: datetime,
    household: Household | None = None,
) -> None:
    """The decision letter as an e-mail through the outbox (sent after commit); the PDF is
    served from the stored decision (`GET /claims/{id}/letter.pdf`)."""
    to = _recipient(uow, row, household)
    if to is None:
        return
    view = letter_view(row, stored, product)
    enqueue_email(
        uow,
        to=to,
        subject=letter_subject(view),
        text="\n".join(letter_lines(view)),
        language=row.language,
        at=at,
        dedupe_key=f"claim-letter:{row.id}:{stored.sequence}",
    )
