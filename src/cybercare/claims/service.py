"""Claims use cases: submit a claim on a case, add evidence, adjudicate with the coverage engine.

`adjudicate` is the one place the engine's decision is acted on: it builds the facts snapshot,
locks the pot year, decides, stores the decision with the product version and the input snapshot
(so it replays to the identical result), applies the consumption, records the audit event and,
when decided, books the expense, creates the payout and enqueues the letter through the outbox.
Nothing commits here: the edge commits once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select

from cybercare.assistance.access import load_case_for
from cybercare.audit.trail import record
from cybercare.claims import repository, sla
from cybercare.claims.domain import (
    ClaimStatus,
    Route,
    check_evidence_upload,
    evidence_codes,
    route_decision,
)
from cybercare.claims.settlement import finalize, notify_decision, write_claim
from cybercare.claims.views import ClaimView, circumstances_as_dict, circumstances_from_dict
from cybercare.cover import service as cover
from cybercare.cover.domain import (
    Circumstances,
    Decision,
    IncidentFacts,
    PotUsage,
    decide,
    inputs_as_dict,
)
from cybercare.cover.service import ClaimPot
from cybercare.db.tables import AffiliationRow, ClaimDecisionRow, ClaimRow, EvidenceRow
from cybercare.db.uow import UnitOfWork
from cybercare.household import validation
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.periods import insurance_year
from cybercare.payments.service import PayoutView
from cybercare.policy import repository as policies
from cybercare.policy.repository import Loaded
from cybercare.product.catalog import Catalog
from cybercare.product.model import Benefit, ProductVersion


@dataclass(frozen=True, slots=True)
class ClaimSubmission:
    claimed_cents: int
    circumstances: Circumstances
    guarantee: str | None = None  # default: the case's guarantee
    kind: str | None = None
    payee_iban: str | None = None
    payee_name: str | None = None


@dataclass(frozen=True, slots=True)
class EvidenceUpload:
    evidence_type: str
    filename: str
    content_type: str
    content: bytes


class CaseClosed(Conflict):
    code = "claim.case_closed"


def _product(uow: UnitOfWork, catalog: Catalog, affiliation_id: str) -> ProductVersion:
    key = uow.session.execute(
        select(AffiliationRow.product_code, AffiliationRow.product_version).where(
            AffiliationRow.id == affiliation_id
        )
    ).one()
    return catalog.get(key[0], key[1])


def submit_claim(
    uow: UnitOfWork,
    principal: Principal,
    case_id: str,
    submission: ClaimSubmission,
    catalog: Catalog,
    clock: Clock,
    evidence: tuple[EvidenceUpload, ...] = (),
) -> ClaimView:
    """A claim on a case the principal may see (Art. 11.3), adjudicated at once."""
    now = clock.now()
    # Locked: a case being closed at the same moment (which checks that no claim waits) closes
    # first and this claim is refused, or this claim is written first and the closure refused.
    case = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    if case.status == "closed":
        raise CaseClosed("the case is closed", params={"case_id": case_id})
    loaded = policies.load(uow, case.affiliation_id)  # the one policy snapshot of the command
    product = catalog.get(*loaded.affiliation.product_key)
    guarantee_code = submission.guarantee or case.guarantee_code
    errors: list[tuple[str, str]] = []
    if guarantee_code is None:
        errors.append(("guarantee", "the case has no guarantee yet: name one"))
    elif case.guarantee_code is not None and guarantee_code != case.guarantee_code:
        errors.append(("guarantee", f"the case is for {case.guarantee_code}"))
    elif guarantee_code not in {g.code for g in product.guarantees}:
        errors.append(("guarantee", "unknown guarantee"))
    if errors:
        raise InvalidInput.of(errors)
    assert guarantee_code is not None
    guarantee = product.guarantee(guarantee_code)
    kinds = {k.code for k in guarantee.kinds}
    if (submission.kind is None and kinds) or (submission.kind and submission.kind not in kinds):
        errors.append(
            ("kind", f"one of {sorted(kinds)}" if kinds else "no kind for this guarantee")
        )
    if submission.claimed_cents < 0:
        errors.append(("amount_claimed", "must not be negative"))
    iban = None
    if submission.payee_iban is not None:
        try:
            iban = validation.iban(submission.payee_iban, "payee.iban")
        except InvalidInput as error:
            errors.extend(error.errors)
    money_claimed = guarantee.benefit is Benefit.REIMBURSEMENT and submission.claimed_cents > 0
    if money_claimed and (iban is None or not submission.payee_name):
        errors.append(("payee", "an IBAN of the household and the account holder are needed"))
    if errors:
        raise InvalidInput.of(errors)
    row = ClaimRow(
        id=new_id("clm"),
        case_id=case.id,
        affiliation_id=case.affiliation_id,
        household_id=case.household_id,
        person_id=case.person_id,
        guarantee=guarantee_code,
        kind=submission.kind,
        claimed_cents=submission.claimed_cents,
        occurrence_date=case.occurrence_date,
        discovery_date=case.discovery_date,
        declaration_date=case.opened_at.astimezone(BRUSSELS).date(),
        circumstances=circumstances_as_dict(submission.circumstances),
        language=case.language,
        payee_iban=iban,
        payee_name=submission.payee_name,
        status=ClaimStatus.IN_REVIEW.value,
        payable_cents=0,
        paid_cents=0,
        recovered_cents=0,
        submitted_by=principal.actor,
        submitted_at=now,
    )
    allowed = evidence_codes(guarantee, submission.kind)
    files = [
        _evidence_row(row.id, upload, allowed, principal.actor, now, f"evidence.{index}")
        for index, upload in enumerate(evidence)
    ]
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.submitted",
        subject_type="claim",
        subject_id=row.id,
        clause="Art. 8.1",
        details={
            "case_id": case.id,
            "guarantee": guarantee_code,
            "claimed_cents": row.claimed_cents,
        },
    )
    done = adjudicate(
        uow,
        row,
        product,
        actor=principal.actor,
        at=now,
        today=clock.today(),
        loaded=loaded,
        new_files=files,
    )
    return repository.view_of(row, files, [done.stored], [done.payout] if done.payout else [])


def _evidence_row(
    claim_id: str,
    upload: EvidenceUpload,
    allowed: tuple[str, ...],
    actor: str,
    at: datetime,
    field: str = "file",
) -> EvidenceRow:
    try:
        media = check_evidence_upload(
            evidence_type=upload.evidence_type,
            allowed_types=allowed,
            content_type=upload.content_type,
            content=upload.content,
        )
    except InvalidInput as error:
        raise InvalidInput.of([(f"{field}.{f}", m) for f, m in error.errors]) from None
    return EvidenceRow(
        claim_id=claim_id,
        evidence_type=upload.evidence_type,
        filename=(upload.filename or "evidence")[:255],
        content_type=media,
        size_bytes=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        content=upload.content,
        received_at=at,
        uploaded_by=actor,
    )


def add_evidence(
    uow: UnitOfWork,
    principal: Principal,
    claim_id: str,
    upload: EvidenceUpload,
    catalog: Catalog,
    clock: Clock,
) -> ClaimView:
    """Art. 8.3: a file kept byte for byte; an incomplete claim is adjudicated again."""
    now = clock.now()
    row = repository.get(uow, claim_id, for_update=True)
    load_case_for(uow, principal, row.case_id, today=clock.today())
    product = _product(uow, catalog, row.affiliation_id)
    allowed = evidence_codes(product.guarantee(row.guarantee), row.kind)
    evidence_id = repository.add_evidence(
        uow, _evidence_row(row.id, upload, allowed, principal.actor, now)
    )
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.evidence_added",
        subject_type="claim",
        subject_id=row.id,
        clause="Art. 8.3",
        details={"evidence_id": evidence_id, "type": upload.evidence_type},
    )
    if row.status == ClaimStatus.INCOMPLETE.value:
        adjudicate(uow, row, product, actor=principal.actor, at=now, today=clock.today())
    return repository.view(uow, row)


def get_claim(uow: UnitOfWork, principal: Principal, claim_id: str, clock: Clock) -> ClaimView:
    row = repository.get(uow, claim_id)
    load_case_for(uow, principal, row.case_id, today=clock.today())  # Art. 11.3
    return repository.view(uow, row)


# --- adjudication ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facts:
    incident: IncidentFacts
    usage: PotUsage
    held: ClaimPot | None


def facts_for(
    uow: UnitOfWork,
    row: ClaimRow,
    product: ProductVersion,
    start: date,
    at: datetime,
    *,
    evidence: frozenset[str] | None = None,
) -> Facts:
    """The incident as the engine sees it, with the pot year locked when the guarantee has one
    (the last read before deciding: the row lock is held from here to the commit)."""
    incident = IncidentFacts(
        guarantee=row.guarantee,
        insured_person_id=row.person_id,
        occurrence_date=row.occurrence_date,
        discovery_date=row.discovery_date,
        declaration_date=row.declaration_date,
        kind=row.kind,
        claimed_cents=row.claimed_cents,
        evidence=repository.evidence_codes(uow, row.id) if evidence is None else evidence,
        circumstances=circumstances_from_dict(row.circumstances),
    )
    pot_code = product.guarantee(row.guarantee).pot
    day = incident.incident_date
    if pot_code is None or day < start:
        return Facts(incident, PotUsage(), None)
    held = cover.lock_for_claim(
        uow,
        affiliation_id=row.affiliation_id,
        year=insurance_year(start, day),
        pot=product.pot(pot_code),
        case_id=row.case_id,
        claim_id=row.id,
        at=at,
    )
    incident = replace(
        incident,
        already_counted=held.case.case_counted,
        case_reserved=held.case.case_reserved,
        reservation_cents=held.claim.reserved_cents,
    )
    return Facts(incident, held.usage, held)


@dataclass(frozen=True, slots=True)
class Adjudicated:
    decision: Decision
    stored: ClaimDecisionRow
    payout: PayoutView | None


def adjudicate(
    uow: UnitOfWork,
    row: ClaimRow,
    product: ProductVersion,
    *,
    actor: str,
    at: datetime,
    today: date,
    loaded: Loaded | None = None,
    new_files: list[EvidenceRow] | None = None,
) -> Adjudicated:
    """Decide a claim and act on the decision. A new claim (`new_files`: its evidence, given
    with a claim row not yet written) is decided first and then written once, in its final
    state: no re-reading of what this command already holds."""
    new = new_files is not None
    loaded = loaded or policies.load(uow, row.affiliation_id)
    policy = cover.policy_facts(loaded)
    evidence = frozenset(f.evidence_type for f in new_files) if new_files is not None else None
    facts = facts_for(uow, row, product, policy.start_date, at, evidence=evidence)
    decision = decide(product, policy, facts.incident, facts.usage)
    routing = route_decision(decision, product.claims)
    straight = routing.route is Route.STRAIGHT_THROUGH
    stored = ClaimDecisionRow(
        claim_id=row.id,
        sequence=1 if new else repository.next_sequence(uow, row.id),
        kind="engine",
        state="final" if straight else "proposed",
        outcome=decision.outcome.value,
        payable_cents=decision.payable_cents,
        product_code=product.code,
        product_version=product.version,
        inputs=inputs_as_dict(policy, facts.incident, facts.usage),
        decision=decision.as_dict(),
        decided_by="engine",
        note=routing.why,
        decided_at=at,
    )
    record(
        uow,
        at=at,
        actor=actor,
        action="claim.adjudicated",
        subject_type="claim",
        subject_id=row.id,
        clause=str(decision.main_reason.article) if decision.main_reason else None,
        details={"outcome": decision.outcome.value, "route": routing.route.value},
    )
    if straight:
        done = finalize(
            uow,
            row,
            stored,
            facts.held,
            consumption=decision.consumption,
            payable_cents=decision.payable_cents,
            outcome=decision.outcome.value,
            at=at,
            today=today,
            new_files=new_files,
            product=product,
        )
        notify_decision(uow, row, stored, product, at=at, household=loaded.household)
        return Adjudicated(decision, stored, done.payout)
    to_hold = decision.proposal if decision.proposal is not None else decision.consumption
    if facts.held is not None and to_hold is not None and decision.outcome.value != "declined":
        cover.hold(uow, facts.held, to_hold, at=at)
    row.status = (
        ClaimStatus.INCOMPLETE.value
        if routing.route is Route.INCOMPLETE
        else ClaimStatus.IN_REVIEW.value
    )
    if routing.route is not Route.INCOMPLETE:
        sla.start_decision_clock(row, product, at)  # Art. 8.4: the file is complete
    row.queue_reason = routing.why
    write_claim(uow, row, stored, new_files)
    return Adjudicated(decision, stored, None)
