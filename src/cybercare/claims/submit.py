"""Submit: a claim on a case (Art. 8.1), with its evidence (Art. 8.3), adjudicated at once; and
evidence added later, which sends an incomplete claim through adjudication again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cybercare.assistance.access import load_case_for
from cybercare.audit.trail import record
from cybercare.claims import claim_queries, repository
from cybercare.claims.adjudicate import adjudicate, product_for
from cybercare.claims.claim import Claim, EvidenceFile, evidence_file
from cybercare.claims.domain import ClaimStatus, check_evidence_upload, evidence_codes
from cybercare.claims.views import ClaimView
from cybercare.claims.visibility import case_of_visible_claim
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import UnitOfWork
from cybercare.household import validation
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.policy import repository as policies
from cybercare.product.catalog import Catalog
from cybercare.product.model import Benefit


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
    claim = Claim(  # incomplete until the engine has checked the file, just below
        claim_id=new_id("clm"),
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
        circumstances=submission.circumstances,
        language=case.language,
        payee_iban=iban,
        payee_name=submission.payee_name,
        submitted_by=principal.actor,
        submitted_at=now,
    )
    allowed = evidence_codes(guarantee, submission.kind)
    files = [
        _checked(claim.claim_id, upload, allowed, principal.actor, now, f"evidence.{index}")
        for index, upload in enumerate(evidence)
    ]
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.submitted",
        subject_type="claim",
        subject_id=claim.claim_id,
        clause="Art. 8.1",
        details={
            "case_id": case.id,
            "guarantee": guarantee_code,
            "claimed_cents": claim.claimed_cents,
        },
    )
    done = adjudicate(
        uow,
        claim,
        product,
        actor=principal.actor,
        at=now,
        today=clock.today(),
        loaded=loaded,
        new_files=files,
    )
    payouts = [done.payout] if done.payout else []
    return claim_queries.view_of(done.claim, done.evidence, [done.stored], payouts)


def _checked(
    claim_id: str,
    upload: EvidenceUpload,
    allowed: tuple[str, ...],
    actor: str,
    at: datetime,
    field: str = "file",
) -> EvidenceFile:
    try:
        media = check_evidence_upload(
            evidence_type=upload.evidence_type,
            allowed_types=allowed,
            content_type=upload.content_type,
            content=upload.content,
        )
    except InvalidInput as error:
        raise InvalidInput.of([(f"{field}.{f}", m) for f, m in error.errors]) from None
    return evidence_file(
        claim_id,
        evidence_type=upload.evidence_type,
        filename=upload.filename,
        content_type=media,
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
    claim = repository.get(uow, claim_id, for_update=True)
    case_of_visible_claim(uow, principal, claim, today=clock.today())  # Art. 11.3
    product = product_for(uow, catalog, claim.affiliation_id)
    allowed = evidence_codes(product.guarantee(claim.guarantee), claim.kind)
    evidence_id = repository.add_evidence(
        uow, _checked(claim.claim_id, upload, allowed, principal.actor, now)
    )
    record(
        uow,
        at=now,
        actor=principal.actor,
        action="claim.evidence_added",
        subject_type="claim",
        subject_id=claim.claim_id,
        clause="Art. 8.3",
        details={"evidence_id": evidence_id, "type": upload.evidence_type},
    )
    if claim.status is ClaimStatus.INCOMPLETE:
        today = clock.today()
        claim = adjudicate(uow, claim, product, actor=principal.actor, at=now, today=today).claim
    return claim_queries.view(uow, claim)


def add_evidence_files(
    uow: UnitOfWork,
    principal: Principal,
    claim_id: str,
    uploads: tuple[EvidenceUpload, ...],
    catalog: Catalog,
    clock: Clock,
) -> ClaimView:
    """Art. 8.3: the documents an urgent report left for afterwards (its evidence task), sent
    together from the case page: each kept byte for byte and audited, then the claim, if still
    incomplete, adjudicated once with all of them."""
    if not uploads:
        raise InvalidInput("evidence", "add at least one document")
    now, today = clock.now(), clock.today()
    claim = repository.get(uow, claim_id, for_update=True)
    case_of_visible_claim(uow, principal, claim, today=today)  # Art. 11.3
    product = product_for(uow, catalog, claim.affiliation_id)
    allowed = evidence_codes(product.guarantee(claim.guarantee), claim.kind)
    for index, upload in enumerate(uploads):
        evidence_id = repository.add_evidence(
            uow, _checked(claim.claim_id, upload, allowed, principal.actor, now, f"file.{index}")
        )
        record(
            uow,
            at=now,
            actor=principal.actor,
            action="claim.evidence_added",
            subject_type="claim",
            subject_id=claim.claim_id,
            clause="Art. 8.3",
            details={"evidence_id": evidence_id, "type": upload.evidence_type},
        )
    if claim.status is ClaimStatus.INCOMPLETE:
        claim = adjudicate(uow, claim, product, actor=principal.actor, at=now, today=today).claim
    return claim_queries.view(uow, claim)
