"""Use cases of SEPA mandates: registered with a subscription by the distributor (paper),
signed by the affiliate in the portal (e-mandate, consent recorded), amended, cancelled, and
lapsed by the daily job after 36 months without a collection (billing/mandate.py).

Each command writes the mandate and its audit event in the caller's unit of work.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from cybercare.audit import trail
from cybercare.billing import mandate as rules
from cybercare.billing import mandate_repository as repository
from cybercare.billing.mandate import Mandate, MandateChannel, MandateStatus
from cybercare.billing.mandate_repository import Consent, StoredMandate
from cybercare.db.uow import UnitOfWork
from cybercare.household import validation
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound
from cybercare.kernel.ids import new_id
from cybercare.kernel.sepa_text import epc_identifier
from cybercare.policy import repository as policy_repository

# The consent text the portal shows; its version is stored with each e-mandate, so the exact
# words a member agreed to can be shown again (the text lives in the mandates15 catalogues).
CONSENT_TEXT_VERSION = "e-mandate-2026-12"


class MandateNotFound(NotFound):
    code = "billing.mandate_not_found"


class MandateReferenceTaken(InvalidInput):
    code = "billing.mandate_reference_taken"


class MandateAlreadyInForce(Conflict):
    code = "billing.mandate_in_force"


@dataclass(frozen=True, slots=True)
class MandateDetails:
    """What a person gives: the edges parse into it."""

    reference: str
    holder_name: str
    iban: str
    signature_date: date
    bic: str | None = None


@dataclass(frozen=True, slots=True)
class MandateView:
    reference: str
    affiliation_id: str
    holder_name: str
    iban: str
    bic: str
    signature_date: date
    channel: str
    status: str
    amendment_pending: bool
    last_collection_on: date | None
    lapses_on: date | None
    ended_on: date | None
    consent_at: datetime | None
    consent_text_version: str | None


def view_of(stored: StoredMandate) -> MandateView:
    m, consent = stored.mandate, stored.consent
    in_force = m.status in (MandateStatus.ACTIVE, MandateStatus.AMENDED)
    return MandateView(
        m.reference,
        m.affiliation_id,
        m.holder_name,
        m.iban,
        m.bic,
        m.signed_on,
        m.channel.value,
        m.status.value,
        m.amendment is not None,
        m.last_collection_on,
        rules.lapses_on(m) if in_force else None,
        m.ended_on,
        consent.at if consent else None,
        consent.text_version if consent else None,
    )


def debtor_account(iban: str, bic: str | None) -> tuple[str, str]:
    """The debtor's IBAN (checksum, SEPA zone, Belgian national check digits) and the BIC of its
    bank code: given, it must be the one the bank registry knows for the code; omitted, the
    registry's. An unknown bank code with no BIC is refused: the file would bounce."""
    compact = validation.iban(iban, "iban")
    registered = IBAN(compact).bic
    if bic:
        try:
            given = BIC(bic).compact
        except SchwiftyException as exc:
            raise InvalidInput("bic", f"{bic!r} is not a valid BIC ({exc})") from None
        if registered is not None and registered.compact[:8] != given[:8]:
            raise InvalidInput(
                "bic", f"the bank code of {compact} belongs to {registered.compact}, not {given}"
            )
        return compact, given
    if registered is None:
        raise InvalidInput(
            "iban", f"the bank code of {compact} is in no bank registry: give the bank's BIC"
        )
    return compact, str(registered.compact)


def client_fingerprint(ip: str, user_agent: str) -> str:
    """What is kept of the signing client: a hash, enough to compare, not to track."""
    return hashlib.sha256(f"{ip}\n{user_agent}".encode()).hexdigest()


def audit_record(
    actor: str, action: str, m: Mandate, at: datetime, **details: object
) -> trail.AuditRecord:
    """The audit event of a mandate's change (also written for each mandate of an imported
    book, cybercare.book)."""
    return trail.AuditRecord(
        at,
        actor,
        action,
        "mandate",
        m.reference,
        None,
        {
            "affiliation_id": m.affiliation_id,
            "status": m.status.value,
            "iban_end": m.iban[-4:],
            **details,
        },
    )


def _audit(
    uow: UnitOfWork, actor: str, action: str, m: Mandate, at: datetime, **details: object
) -> None:
    trail.record_many(uow, [audit_record(actor, action, m, at, **details)])


def register_mandate(
    uow: UnitOfWork,
    *,
    affiliation_id: str,
    details: MandateDetails,
    channel: MandateChannel,
    actor: str,
    clock: Clock,
    consent: Consent | None = None,
) -> MandateView:
    """A signed mandate for the affiliation: its premiums are collected by direct debit from
    the next billing run on. One mandate in force per affiliation."""
    iban, bic = debtor_account(details.iban, details.bic)
    mandate = rules.sign(
        reference=details.reference,
        affiliation_id=affiliation_id,
        holder_name=details.holder_name,
        iban=iban,
        bic=bic,
        signed_on=details.signature_date,
        channel=channel,
        today=clock.today(),
    )
    if channel is MandateChannel.E_MANDATE and consent is None:
        raise InvalidInput("consent", "an e-mandate needs the member's explicit consent")
    if repository.reference_taken(uow, mandate.reference):
        raise MandateReferenceTaken("reference", "this mandate reference is already used")
    if repository.in_force_for(uow, affiliation_id, lock=True) is not None:
        raise MandateAlreadyInForce(
            "the affiliation already has a mandate in force: amend or cancel it",
            params={"affiliation_id": affiliation_id},
        )
    mandate_id = repository.add(uow, mandate, at=clock.now(), consent=consent)
    _audit(
        uow,
        actor,
        "mandate_registered",
        mandate,
        clock.now(),
        channel=channel.value,
        consent_text_version=consent.text_version if consent else None,
    )
    return view_of(StoredMandate(mandate_id, mandate, consent))


def sign_e_mandate(
    uow: UnitOfWork,
    *,
    affiliation_id: str,
    holder_name: str,
    iban: str,
    consent_text_version: str,
    client_sha256: str,
    actor: str,
    clock: Clock,
) -> MandateView:
    """The affiliate signs in the portal: signed today, the consent recorded (when, which
    text, a hash of the client), a reference of ours (the creditor assigns it, rulebook AT-01)."""
    reference = epc_identifier(new_id("CCE", 16))
    consent = Consent(clock.now(), consent_text_version, client_sha256)
    return register_mandate(
        uow,
        affiliation_id=affiliation_id,
        details=MandateDetails(reference, holder_name, iban, clock.today()),
        channel=MandateChannel.E_MANDATE,
        actor=actor,
        clock=clock,
        consent=consent,
    )


def _owned(
    uow: UnitOfWork, affiliation_id: str, reference: str, distributor: str | None
) -> StoredMandate:
    # A distributor other than the affiliation's gets the same answer as for an unknown id.
    policy_repository.load(uow, affiliation_id, distributor=distributor)
    stored = repository.by_reference(uow, reference, lock=True)
    if stored is None or stored.mandate.affiliation_id != affiliation_id:
        raise MandateNotFound(f"no mandate {reference!r}", params={"reference": reference})
    return stored


def check_affiliation(uow: UnitOfWork, affiliation_id: str, distributor: str | None) -> None:
    policy_repository.load(uow, affiliation_id, distributor=distributor)


def amend_mandate(
    uow: UnitOfWork,
    *,
    affiliation_id: str,
    reference: str,
    holder_name: str | None,
    iban: str | None,
    bic: str | None,
    distributor: str | None,
    actor: str,
    clock: Clock,
) -> MandateView:
    """A new account and/or holder; the next collection reports the change (AmdmntInd)."""
    stored = _owned(uow, affiliation_id, reference, distributor)
    current = stored.mandate
    new_iban, new_bic = (
        debtor_account(iban or current.iban, bic) if iban or bic else (current.iban, current.bic)
    )
    amended = rules.amend(
        current,
        iban=new_iban,
        bic=new_bic,
        holder_name=holder_name or current.holder_name,
        today=clock.today(),
    )
    repository.save(uow, stored.mandate_id, amended)
    _audit(
        uow,
        actor,
        "mandate_amended",
        amended,
        clock.now(),
        other_bank=bool(amended.amendment and amended.amendment.other_bank),
    )
    return view_of(StoredMandate(stored.mandate_id, amended, stored.consent))


def cancel_mandate(
    uow: UnitOfWork,
    *,
    affiliation_id: str,
    reference: str,
    distributor: str | None,
    actor: str,
    clock: Clock,
) -> MandateView:
    """No collection under the mandate from now on; the affiliation's next premiums are billed
    by the distributor again (billing run: direct debit needs a mandate in force)."""
    stored = _owned(uow, affiliation_id, reference, distributor)
    cancelled = rules.cancel(stored.mandate, today=clock.today())
    repository.save(uow, stored.mandate_id, cancelled)
    _audit(uow, actor, "mandate_cancelled", cancelled, clock.now())
    return view_of(StoredMandate(stored.mandate_id, cancelled, stored.consent))


def mandates_of(uow: UnitOfWork, affiliation_id: str) -> list[MandateView]:
    return [view_of(stored) for stored in repository.of_affiliation(uow, affiliation_id)]


def lapse_unused_mandates(uow: UnitOfWork, clock: Clock) -> int:
    """The daily job: mandates with no collection for 36 months lapse (EPC SDD Core rulebook)."""
    today = clock.today()
    lapsed = 0
    # A few days of slack: month ends clamp (29 Feb + 36 months = 28 Feb); the rule decides.
    candidates_until = rules.add_months(today, -rules.LAPSE_MONTHS) + timedelta(days=3)
    for stored in repository.unused_since(uow, candidates_until):
        after = rules.lapse_if_unused(stored.mandate, today)
        if after is None:
            continue
        repository.save(uow, stored.mandate_id, after)
        _audit(
            uow,
            "system:mandate-lapse",
            "mandate_lapsed",
            after,
            clock.now(),
            last_collection_on=str(stored.mandate.last_collection_on or ""),
        )
        lapsed += 1
    return lapsed
