"""The claims API: members submit claims on their cases with evidence, follow them, read the
decision with its reasons and the pots; handlers work the queue, decide (four eyes above the
authority limit), reopen, record recoveries; payouts are approved and filed as SEPA pain.001.

Every POST is idempotent (Idempotency-Key, scoped to the user) and runs in one transaction.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile, status
from pydantic import ValidationError

from cybercare.api.access import AnyUser, MemberUser, staff_with_role
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import IdempotentRequest, UserIdempotent, json_response
from cybercare.api.schemas.claims import (
    ClaimCreate,
    ClaimRead,
    HandlerDecisionCreate,
    PaymentFileCreate,
    PaymentFileRead,
    PayoutRead,
    PotRead,
    RecoveryCreate,
    ReopeningCreate,
    WithdrawalCreate,
)
from cybercare.claims import service, submit
from cybercare.claims.approve import approve_claim
from cybercare.claims.decide import HandlerDecision, decide_claim
from cybercare.claims.decide import handler_queue as claims_in_review
from cybercare.claims.domain import MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES, HandlerOutcome
from cybercare.claims.recover import record_recovery
from cybercare.claims.reopen import reopen_claim
from cybercare.claims.submit import ClaimSubmission, EvidenceUpload
from cybercare.claims.withdraw import withdraw_claim
from cybercare.cover.service import affiliation_of_household, household_pots
from cybercare.db.uow import UnitOfWork
from cybercare.http.params import RowId
from cybercare.http.reads import read_unit
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.errors import InvalidInput, NotFound
from cybercare.kernel.money import parse_amount
from cybercare.partners.idempotency import StoredResponse, fingerprint, validate_key
from cybercare.payments import service as payments
from cybercare.privacy.read_log import ReadKind
from cybercare.privacy.read_log_service import record_claim_read

router = APIRouter(tags=["claims"])
Handler = Annotated[Principal, Depends(staff_with_role(Role.CLAIMS_HANDLER, Role.SUPERVISOR))]
MAX_FILES = MAX_EVIDENCE_FILES


def _claim_location(claim: ClaimRead) -> str:
    return f"/api/v1/claims/{claim.id}"


def _submission(body: ClaimCreate) -> ClaimSubmission:
    return ClaimSubmission(
        claimed_cents=body.claimed_cents,
        circumstances=body.circumstances.facts(),
        guarantee=body.guarantee,
        kind=body.kind,
        payee_iban=body.payee.iban if body.payee else None,
        payee_name=body.payee.name if body.payee else None,
    )


def _multipart_idempotency(
    request: Request, user: Principal, parts: list[bytes]
) -> IdempotentRequest:
    """Multipart bodies are parsed by the form fields before any dependency could read the raw
    body: the request is fingerprinted on its parsed parts (the files by their SHA-256)."""
    digest = b"\0".join(hashlib.sha256(part).digest() for part in parts)
    return IdempotentRequest(
        client=user.client_id,
        key=validate_key(request.headers.get("idempotency-key")),
        fingerprint=fingerprint(request.method, request.url.path, digest),
    )


def _read(upload: UploadFile, field: str) -> bytes:
    content = upload.file.read(MAX_EVIDENCE_BYTES + 1)
    if len(content) > MAX_EVIDENCE_BYTES:
        raise InvalidInput(field, f"the file is larger than {MAX_EVIDENCE_BYTES} bytes")
    return content


@router.post(
    "/cases/{case_id}/claims", status_code=status.HTTP_201_CREATED, response_model=ClaimRead
)
def submit_claim(
    case_id: str,
    body: ClaimCreate,
    user: AnyUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Submit a claim on a case (Art. 8.1) with the circumstances the terms ask; evidence follows
    through `/claims/{id}/evidence`. Decided at once when complete and within the auto-pay
    ceiling; otherwise incomplete (what is missing is listed) or in a handler's queue."""
    submission = _submission(body)
    return idempotent.respond_json(
        container,
        201,
        lambda uow: ClaimRead.of(
            submit.submit_claim(uow, user, case_id, submission, container.catalog, container.clock)
        ),
        _claim_location,
    )


@router.post(
    "/cases/{case_id}/claims/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=ClaimRead,
)
def submit_claim_with_evidence(
    case_id: str,
    request: Request,
    user: AnyUser,
    container: ContainerDep,
    claim: Annotated[str, Form(description="the ClaimCreate JSON")],
    evidence_types: Annotated[list[str], Form(description="one Art. 8.3 type per file")],
    files: Annotated[list[UploadFile], File(description="pdf, jpeg, png, heic, txt, eml")],
) -> Response:
    """The same as `/cases/{case_id}/claims`, with the evidence files in one multipart request."""
    try:
        body = ClaimCreate.model_validate_json(claim)
    except ValidationError as error:
        raise InvalidInput.of(
            [("claim." + ".".join(str(p) for p in e["loc"]), e["msg"]) for e in error.errors()]
        ) from None
    if len(files) != len(evidence_types) or len(files) > MAX_FILES:
        raise InvalidInput("evidence_types", f"one type per file, at most {MAX_FILES} files")
    uploads = tuple(
        EvidenceUpload(kind, f.filename or "evidence", f.content_type or "", _read(f, "files"))
        for kind, f in zip(evidence_types, files, strict=True)
    )
    submission = _submission(body)
    idempotent = _multipart_idempotency(
        request,
        user,
        [claim.encode(), *(t.encode() for t in evidence_types), *(u.content for u in uploads)],
    )
    return idempotent.respond_json(
        container,
        201,
        lambda uow: ClaimRead.of(
            submit.submit_claim(
                uow, user, case_id, submission, container.catalog, container.clock, uploads
            )
        ),
        _claim_location,
    )


@router.post(
    "/claims/{claim_id}/evidence", status_code=status.HTTP_201_CREATED, response_model=ClaimRead
)
def add_evidence(
    claim_id: str,
    request: Request,
    user: AnyUser,
    container: ContainerDep,
    evidence_type: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Add an evidence file (Art. 8.3): kept byte for byte with its SHA-256 and receipt time."""
    upload = EvidenceUpload(
        evidence_type,
        file.filename or "evidence",
        file.content_type or "",
        _read(file, "file"),
    )
    idempotent = _multipart_idempotency(request, user, [evidence_type.encode(), upload.content])
    return idempotent.respond_json(
        container,
        201,
        lambda uow: ClaimRead.of(
            submit.add_evidence(uow, user, claim_id, upload, container.catalog, container.clock)
        ),
        _claim_location,
    )


@router.get("/claims/queue", response_model=list[ClaimRead])
def handler_queue(user: Handler, container: ContainerDep) -> list[ClaimRead]:
    """Claims in review (engine declines proposed, needs review, above the auto-pay ceiling,
    reopened) and decisions awaiting a second approval, oldest first, with the engine's trace."""
    with container.database.reader() as uow:
        return [ClaimRead.of(v, staff=True) for v in claims_in_review(uow, user)]


@router.get("/claims/{claim_id}", response_model=ClaimRead)
def read_claim(claim_id: str, user: AnyUser, container: ContainerDep) -> ClaimRead:
    """Follow a claim: status, decision with each reason and its article, payouts."""
    with read_unit(container.database, user) as uow:
        view = service.get_claim(uow, user, claim_id, container.clock)
        record_claim_read(uow, user, claim_id, ReadKind.CLAIM, container.clock)
    return ClaimRead.of(view, staff=user.is_staff)


@router.get("/claims/{claim_id}/letter.pdf", response_class=Response)
def decision_letter(claim_id: str, user: AnyUser, container: ContainerDep) -> Response:
    """The decision letter in the member's language, rendered from the stored decision."""
    with read_unit(container.database, user) as uow:
        pdf = service.decision_letter(uow, user, claim_id, container.catalog, container.clock)
        record_claim_read(uow, user, claim_id, ReadKind.LETTER, container.clock)
    return Response(pdf, media_type="application/pdf")


@router.get("/claims/{claim_id}/evidence/{evidence_id}", response_class=Response)
def evidence_file(
    claim_id: str, evidence_id: RowId, user: AnyUser, container: ContainerDep
) -> Response:
    """The evidence file exactly as received (its SHA-256 in the ETag)."""
    with read_unit(container.database, user) as uow:
        file = service.evidence_file(uow, user, claim_id, evidence_id, container.clock)
        record_claim_read(uow, user, claim_id, ReadKind.EVIDENCE, container.clock)
        return Response(file.content, media_type=file.content_type, headers={"ETag": file.sha256})


@router.get("/pots", response_model=list[PotRead])
def my_pots(user: MemberUser, container: ContainerDep) -> list[PotRead]:
    """My household's yearly pots (Art. 5) for the current insurance year."""
    with container.database.reader() as uow:
        affiliation_id = affiliation_of_household(uow, user.household_id or "")
        if affiliation_id is None:
            raise NotFound("no affiliation for this household", code="affiliation.not_found")
        views = household_pots(uow, affiliation_id, container.catalog, container.clock.today())
    return [PotRead.of(v) for v in views]


@router.post("/claims/{claim_id}/withdrawal", response_model=ClaimRead)
def withdraw(
    claim_id: str,
    body: WithdrawalCreate,
    user: AnyUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Withdraw a claim before its decision: the member concerned, a minor's legal representative,
    or staff on the member's behalf (Art. 11.3); its reservation on the pot is released. A
    decided claim answers 409 (contest it instead, Art. 10.1); withdrawing again answers the
    withdrawn claim."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: ClaimRead.of(
            withdraw_claim(
                uow, user, claim_id, container.catalog, container.clock, reason=body.reason
            ),
            staff=user.is_staff,
        ),
        _claim_location,
    )


# --- staff -----------------------------------------------------------------------------------


@router.post("/claims/{claim_id}/decisions", response_model=ClaimRead)
def decide(
    claim_id: str,
    body: HandlerDecisionCreate,
    user: Handler,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """A handler's decision; above the authority limit it waits for a second person."""
    decision = HandlerDecision(
        HandlerOutcome(body.outcome),
        parse_amount(body.payable, field="payable"),
        body.note,
        change_reason=body.change_reason or "",
    )
    return idempotent.respond_json(
        container,
        200,
        lambda uow: ClaimRead.of(
            decide_claim(uow, user, claim_id, decision, container.catalog, container.clock),
            staff=True,
        ),
        _claim_location,
    )


@router.post("/claims/{claim_id}/approval", response_model=ClaimRead)
def approve(
    claim_id: str, user: Handler, idempotent: UserIdempotent, container: ContainerDep
) -> Response:
    """Four eyes: another handler or a supervisor approves the pending decision."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: ClaimRead.of(
            approve_claim(uow, user, claim_id, container.catalog, container.clock),
            staff=True,
        ),
        _claim_location,
    )


@router.post("/claims/{claim_id}/reopening", response_model=ClaimRead)
def reopen(
    claim_id: str,
    body: ReopeningCreate,
    user: Handler,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Reopen a decided claim: back to the queue, its decisions kept in the history."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: ClaimRead.of(
            reopen_claim(uow, user, claim_id, body.note, container.catalog, container.clock),
            staff=True,
        ),
        _claim_location,
    )


@router.post("/claims/{claim_id}/recoveries", response_model=ClaimRead)
def recover(
    claim_id: str,
    body: RecoveryCreate,
    user: Handler,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Art. 8.5: money recovered from the seller or the fraudster, up to the amount paid."""
    cents = parse_amount(body.amount, field="amount")
    return idempotent.respond_json(
        container,
        200,
        lambda uow: ClaimRead.of(
            record_recovery(
                uow,
                user,
                claim_id,
                amount_cents=cents,
                source=body.source,
                received_on=body.received_on,
                catalog=container.catalog,
                clock=container.clock,
            ),
            staff=True,
        ),
        _claim_location,
    )


@router.get("/payouts", response_model=list[PayoutRead])
def payouts_to_review(user: Handler, container: ContainerDep) -> list[PayoutRead]:
    """Payouts to an IBAN never seen for the household, waiting for a handler."""
    with container.database.reader() as uow:
        return [PayoutRead.of(p) for p in payments.pending_review(uow)]


@router.post("/payouts/{payout_id}/approval", response_model=PayoutRead)
def approve_payout(
    payout_id: str, user: Handler, idempotent: UserIdempotent, container: ContainerDep
) -> Response:
    """The IBAN checked: the payout is scheduled and the account approved for the household."""

    def handler(uow: UnitOfWork) -> StoredResponse:
        view = payments.approve_payout(uow, payout_id, actor=user.actor, at=container.clock.now())
        return json_response(200, PayoutRead.of(view))

    return idempotent.respond(container, handler)


@router.post("/payment-files", status_code=status.HTTP_201_CREATED, response_model=PaymentFileRead)
def payment_file(
    body: PaymentFileCreate, user: Handler, idempotent: UserIdempotent, container: ContainerDep
) -> Response:
    """Every scheduled payout in one pain.001 file, validated against ISO 20022."""

    def handler(uow: UnitOfWork) -> StoredResponse:
        made = payments.create_payment_file(
            uow,
            actor=user.actor,
            execution_date=body.execution_date,
            at=container.clock.now(),
            debtor=container.settings.payout_account,
        )
        if made is None:
            raise payments.NothingToFile("no payout is scheduled")
        return json_response(
            201,
            PaymentFileRead(
                id=made.file_id,
                execution_date=made.execution_date,
                count=made.count,
                total=f"{made.total_cents // 100}.{made.total_cents % 100:02d}",
                sha256=made.sha256,
            ),
        )

    return idempotent.respond(container, handler)
