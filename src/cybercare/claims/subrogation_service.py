"""Recovery files (Art. 8.5: "After paying ECOM or PAYF, the insurer takes over the member's
rights against the seller or fraudster (subrogation) up to the amount paid.").

Use cases inside the caller's unit of work (never committed here): the daily sweep that opens a
file for each paid ECOM/PAYF claim, the bank's transfer matched on the file's structured
communication, a recovery recorded by hand, the demand to the counterparty, the write-off.
Money recovered is booked BANK debit / RECOVERIES credit with the claim id as party, so the loss
ratio can be read net of recoveries per claim (and per guarantee through the claim).
"""

from __future__ import annotations

from datetime import date, datetime

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from cybercare.audit.trail import record
from cybercare.claims import repository as claims
from cybercare.claims.adjudicate import facts_for, product_for
from cybercare.claims.claim import Claim
from cybercare.claims.recovery import repository as files
from cybercare.claims.subrogation import (
    ART_8_5,
    Counterparty,
    RecoveryFile,
    RecoveryRefused,
    communication_for,
    file_id_of,
    opens_recovery,
)
from cybercare.cover import service as cover
from cybercare.db.uow import UnitOfWork
from cybercare.documents.formatting import money
from cybercare.documents.translations import D_, document_text
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
from cybercare.outbox import enqueue_email
from cybercare.policy import repository as policies
from cybercare.product.catalog import Catalog, default_catalog

RECOVERY_STAFF = (Role.CLAIMS_HANDLER, Role.SUPERVISOR, Role.FINANCE)
SYSTEM = "system:recoveries"


class NoCounterpartyAddress(Conflict):
    code = "recovery.no_counterparty_address"


def recovery_dedupe_key(claim_id: str, bank_reference: str) -> str:
    return f"claim:{claim_id}:recovery:{bank_reference}"


def open_recovery_files_for_paid_claims(uow: UnitOfWork, *, at: datetime) -> int:
    """The sweep: every paid ECOM/PAYF claim without a recovery file gets one, up to the amount
    paid (idempotent: a second run opens nothing). Returns the number of files opened."""
    opened = 0
    for claim_id, guarantee, paid_cents in files.paid_claims_without_file(uow):
        if not opens_recovery(guarantee, paid_cents):
            continue
        file_id = files.open_file(
            uow, claim_id=claim_id, guarantee=guarantee, paid_cents=paid_cents, at=at
        )
        if file_id is None:
            continue
        opened += 1
        record(
            uow,
            at=at,
            actor=SYSTEM,
            action="recovery.opened",
            subject_type="claim",
            subject_id=claim_id,
            clause=str(ART_8_5),
            details={
                "file_id": file_id,
                "paid_cents": paid_cents,
                "communication": communication_for(file_id),
            },
        )
    return opened


def _recover(
    uow: UnitOfWork,
    loaded: files.Loaded,
    *,
    amount_cents: int,
    source: str,
    bank_reference: str,
    on: date,
    actor: str,
    at: datetime,
    catalog: Catalog,
    note: str | None = None,
) -> RecoveryFile:
    """Money in on a file: the file, the claim (its own CHECK: recovered <= paid), the
    payment row, the ledger and the audit, all in the caller's transaction."""
    changed = loaded.file.recovered(amount_cents)
    claim = claims.get(uow, loaded.file.claim_id, for_update=True)
    claims.save(uow, claim.recovered(amount_cents))
    claims.add_recovery(
        uow,
        claim.claim_id,
        amount_cents=amount_cents,
        source=f"{source}:{bank_reference}" + (f" {note}" if note else ""),
        received_on=on,
        recorded_by=actor,
        recorded_at=at,
    )
    files.add_payment(
        uow,
        file_id=changed.file_id,
        amount_cents=amount_cents,
        source=source,
        bank_reference=bank_reference,
        received_on=on,
        recorded_by=actor,
        at=at,
    )
    files.save(uow, loaded, changed, at=at)
    _report_on_pot(uow, claim, amount_cents, at, catalog)
    post(
        uow,
        entry(
            recovery_dedupe_key(claim.claim_id, bank_reference),
            "claim.recovery",
            on,
            f"recovery on claim {claim.claim_id} ({bank_reference})",
            (
                debit(Account.BANK, "insurer", amount_cents),
                credit(Account.RECOVERIES, claim.claim_id, amount_cents),
            ),
        ),
        at=at,
    )
    record(
        uow,
        at=at,
        actor=actor,
        action="recovery.recorded",
        subject_type="claim",
        subject_id=claim.claim_id,
        clause=str(ART_8_5),
        details={
            "file_id": changed.file_id,
            "amount_cents": amount_cents,
            "source": source,
            "bank_reference": bank_reference,
            "status": changed.status.value,
        },
    )
    return changed


def _report_on_pot(
    uow: UnitOfWork, claim: Claim, cents: int, at: datetime, catalog: Catalog
) -> None:
    """The pot year reports what was recovered (it is not refilled), as claims.recover does."""
    product = product_for(uow, catalog, claim.affiliation_id)
    start = policies.load(uow, claim.affiliation_id).affiliation.start_date
    held = facts_for(uow, claim, product, start, at).held
    if held is not None:
        cover.record_recovery(uow, held, cents, at=at)


def record_recovery_payment(
    uow: UnitOfWork,
    *,
    structured_communication: str,
    amount_cents: int,
    bank_reference: str,
    on: date,
    at: datetime,
    catalog: Catalog | None = None,
) -> bool:
    """A bank transfer in (from the statement import): False when the communication is not a
    recovery file's; True when booked, or already booked under this bank reference (a replay).
    Raises RecoveryRefused (a Conflict) above the amount still owed, or on a finished file.
    `catalog`: the product versions (default: the packaged catalogue), for the pot's report."""
    file_id = file_id_of(structured_communication)
    if file_id is None:
        return False
    try:
        loaded = files.load(uow, file_id, for_update=True)
    except files.RecoveryFileNotFound:
        return False
    if files.has_payment(uow, file_id, bank_reference):
        return True
    _recover(
        uow,
        loaded,
        amount_cents=amount_cents,
        source="bank",
        bank_reference=bank_reference,
        on=on,
        actor="system:bank",
        at=at,
        catalog=catalog or default_catalog(),
    )
    return True


def record_manual_recovery(
    uow: UnitOfWork,
    principal: Principal,
    file_id: int,
    *,
    amount_cents: int,
    received_on: date,
    at: datetime,
    catalog: Catalog | None = None,
) -> RecoveryFile:
    """Money recovered outside the matched transfers (a cheque, a transfer without the
    reference), recorded by claims handlers or finance."""
    require_role(principal, *RECOVERY_STAFF)
    loaded = files.load(uow, file_id, for_update=True)
    reference = f"manual-{files.next_manual_number(uow, file_id)}"
    return _recover(
        uow,
        loaded,
        amount_cents=amount_cents,
        source="manual",
        bank_reference=reference,
        on=received_on,
        actor=principal.actor,
        at=at,
        catalog=catalog or default_catalog(),
    )


def record_recovery_on_claim(
    uow: UnitOfWork,
    principal: Principal,
    claim: Claim,
    *,
    amount_cents: int,
    received_on: date,
    note: str,
    at: datetime,
    catalog: Catalog,
) -> RecoveryFile:
    """A recovery recorded from the claim (claims.recover): through the claim's file, opened
    now when the daily sweep has not run yet since the payment."""
    require_role(principal, *RECOVERY_STAFF)
    file_id = files.file_id_of_claim(uow, claim.claim_id)
    if file_id is None:
        open_recovery_files_for_paid_claims(uow, at=at)
        file_id = files.file_id_of_claim(uow, claim.claim_id)
    if file_id is None:  # not a paid ECOM/PAYF claim: the claim's own rule explains why
        claim.recovered(amount_cents)
        raise RecoveryRefused("no recovery file for this claim", clause=str(ART_8_5))
    loaded = files.load(uow, file_id, for_update=True)
    return _recover(
        uow,
        loaded,
        amount_cents=amount_cents,
        source="manual",
        bank_reference=f"manual-{files.next_manual_number(uow, file_id)}",
        on=received_on,
        actor=principal.actor,
        at=at,
        catalog=catalog,
        note=note,
    )


def set_counterparty(
    uow: UnitOfWork,
    principal: Principal,
    file_id: int,
    *,
    name: str | None,
    iban: str | None,
    email: str | None,
    at: datetime,
) -> RecoveryFile:
    """Who to recover from (the seller or the fraudster), as the file tells."""
    require_role(principal, *RECOVERY_STAFF)
    if email and "@" not in email:
        raise InvalidInput("email", "an e-mail address is needed")
    checked_iban = _checked_iban(iban) if iban and iban.strip() else None
    loaded = files.load(uow, file_id, for_update=True)
    party = Counterparty((name or "").strip() or None, checked_iban, (email or "").strip() or None)
    changed = loaded.file.with_counterparty(party)
    files.save(uow, loaded, changed, at=at)
    _audit(uow, principal, changed, "recovery.counterparty_set", at, {"known": party.known})
    return changed


def _checked_iban(iban: str) -> str:
    try:
        return str(IBAN(iban).compact)
    except SchwiftyException as exc:
        raise InvalidInput("iban", f"{iban!r} is not a valid IBAN ({exc})") from None


DEMAND_SUBJECT = D_("Claim for repayment: subrogation of the insurer, reference %(reference)s")
DEMAND_BODY = D_(
    "After paying our member %(amount)s for the loss you caused, Cyber Care takes over the "
    "member's rights against you (subrogation, Art. 8.5 of the terms). We ask you to repay "
    "%(outstanding)s within 30 days by bank transfer with the structured communication "
    "%(reference)s."
)


def send_demand(
    uow: UnitOfWork, principal: Principal, file_id: int, *, at: datetime
) -> RecoveryFile:
    """The demand to the counterparty, by e-mail through the outbox (sent after commit)."""
    require_role(principal, *RECOVERY_STAFF)
    loaded = files.load(uow, file_id, for_update=True)
    changed = loaded.file.demanded(at)
    to = loaded.file.counterparty.email
    if not to:
        raise NoCounterpartyAddress(
            "the counterparty's e-mail address is unknown", clause=str(ART_8_5)
        )
    language = loaded.language
    reference = communication_for(file_id)
    params = {
        "amount": money(loaded.file.paid_cents, language),
        "outstanding": money(loaded.file.outstanding_cents, language),
        "reference": reference,
    }
    enqueue_email(
        uow,
        to=to,
        subject=document_text(language, DEMAND_SUBJECT, **params),
        text=document_text(language, DEMAND_BODY, **params),
        language=language,
        at=at,
        dedupe_key=f"recovery-demand:{file_id}:{at.isoformat()}",
    )
    files.save(uow, loaded, changed, at=at)
    _audit(uow, principal, changed, "recovery.demanded", at, {"to": to})
    return changed


def write_off(
    uow: UnitOfWork, principal: Principal, file_id: int, *, reason: str, at: datetime
) -> RecoveryFile:
    """Give up what is still owed, with the reason (nothing is booked: no money moved)."""
    require_role(principal, *RECOVERY_STAFF)
    loaded = files.load(uow, file_id, for_update=True)
    changed = loaded.file.written_off(reason)
    files.save(uow, loaded, changed, at=at)
    _audit(
        uow,
        principal,
        changed,
        "recovery.written_off",
        at,
        {"reason": changed.closed_reason, "outstanding_cents": changed.outstanding_cents},
    )
    return changed


def _audit(
    uow: UnitOfWork,
    principal: Principal,
    file: RecoveryFile,
    action: str,
    at: datetime,
    details: dict[str, object],
) -> None:
    record(
        uow,
        at=at,
        actor=principal.actor,
        action=action,
        subject_type="claim",
        subject_id=file.claim_id,
        clause=str(ART_8_5),
        details={"file_id": file.file_id, "status": file.status.value, **details},
    )
