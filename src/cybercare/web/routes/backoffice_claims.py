"""The claims part of the case workspace: the handler's decision (accept, partial, decline)
with its reasons and articles, prefilled with the coverage engine's proposal (confirmed in one
click; another outcome or amount needs the reason why), the second approval above the authority
limit (four eyes: never the same person), reopening a decided claim (history kept), and the
evidence files (Art. 8.3) shown in the browser or downloaded, byte for byte."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from cybercare.claims.approve import approve_claim
from cybercare.claims.decide import HANDLERS, HandlerDecision, decide_claim
from cybercare.claims.domain import ClaimStatus, HandlerOutcome
from cybercare.claims.reopen import reopen_claim
from cybercare.claims.service import claim_case_id, evidence_file
from cybercare.claims.views import ClaimView
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.http.params import RowId
from cybercare.http.reads import read_unit
from cybercare.identity.domain import require_role
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.money import parse_amount
from cybercare.privacy.read_log import ReadKind
from cybercare.privacy.read_log_service import record_claim_read
from cybercare.web import backoffice_views as bv
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.i18n import N_
from cybercare.web.routes.backoffice_cases import act

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

DECISION_MESSAGES: dict[str, str] = {
    "outcome": N_(
        "Choose the outcome: an acceptance pays the amount claimed, a partial acceptance less, "
        "a decline nothing."
    ),
    "payable": N_(
        "Enter the amount granted in euros (such as 250.00): at most the amount claimed, not "
        "less than what was already paid out, nothing for a decline."
    ),
    "reasons": N_("Give the reasons of the decision."),
    "articles": N_("Choose the articles of the terms the decision rests on."),
    "note": N_("Say why the claim is reopened."),
    "change_reason": N_(
        "Say why you change the outcome or the amount the coverage engine proposed."
    ),
}
ARTICLE = Annotated[list[str] | None, Form()]


def _case_of_claim(container: ContainerDep, viewer: WebStaff, claim_id: str) -> str:
    with container.database.reader() as uow:
        return claim_case_id(uow, viewer, claim_id, container.clock)


def _note(reasons: str, articles: list[str]) -> str:
    """The handler's reasons as stored with the decision: the articles first, then the text."""
    cited = ", ".join(dict.fromkeys(a.strip() for a in articles if a.strip()))
    return f"{cited}: {reasons.strip()}" if cited else reasons.strip()


@router.post("/staff/claims/{claim_id}/decision", name="backoffice.decide")
def decide(
    request: Request,
    claim_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    outcome: Annotated[str, Form(max_length=24)] = "",
    payable: Annotated[str, Form(max_length=20)] = "",
    reasons: Annotated[str, Form(max_length=4_000)] = "",
    articles: ARTICLE = None,
    change_reason: Annotated[str, Form(max_length=4_000)] = "",
) -> Response:
    """A claims handler decides a claim in review, from the engine's proposal (another outcome
    or amount needs `change_reason`); above the authority limit the decision waits for a second
    handler (four eyes)."""
    require_role(viewer, *HANDLERS)  # an agent of a team does not decide claims
    case_id = _case_of_claim(container, viewer, claim_id)
    chosen_articles = articles or []

    def command(uow: UnitOfWork) -> ClaimView:
        errors: list[tuple[str, str]] = []
        try:
            chosen = HandlerOutcome(outcome)
        except ValueError:
            chosen = None
            errors.append(("outcome", "accepted, partially_accepted or declined"))
        cents = 0
        if chosen is not HandlerOutcome.DECLINED or payable.strip():
            try:
                cents = parse_amount(payable or "", field="payable")
            except InvalidInput:
                errors.append(("payable", "an amount"))
        if not reasons.strip():
            errors.append(("reasons", "the reasons"))
        if errors or chosen is None:
            raise InvalidInput.of(errors)
        decision = HandlerDecision(
            chosen, cents, _note(reasons, chosen_articles), change_reason=change_reason
        )
        return decide_claim(uow, viewer, claim_id, decision, container.catalog, container.clock)

    def done(result: object) -> str:
        assert isinstance(result, ClaimView)
        return "four_eyes" if result.status is ClaimStatus.AWAITING_APPROVAL else "decided"

    return act(
        request,
        container,
        viewer,
        case_id,
        form=f"decide-{claim_id}",
        values={
            "outcome": outcome,
            "payable": payable,
            "reasons": reasons,
            "articles": chosen_articles,
            "change_reason": change_reason,
        },
        command=command,
        done=done,
        anchor=f"claim-{claim_id}",
        messages=DECISION_MESSAGES,
    )


@router.post("/staff/claims/{claim_id}/approval", name="backoffice.approve")
def approve(request: Request, claim_id: str, viewer: WebStaff, container: ContainerDep) -> Response:
    """The second pair of eyes: another handler approves; the first handler is refused."""
    require_role(viewer, *HANDLERS)
    case_id = _case_of_claim(container, viewer, claim_id)
    return act(
        request,
        container,
        viewer,
        case_id,
        form=f"approve-{claim_id}",
        values={},
        command=lambda uow: approve_claim(
            uow, viewer, claim_id, container.catalog, container.clock
        ),
        done="approved",
        anchor=f"claim-{claim_id}",
    )


@router.post("/staff/claims/{claim_id}/reopening", name="backoffice.reopen")
def reopen(
    request: Request,
    claim_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    note: Annotated[str, Form(max_length=4_000)] = "",
) -> Response:
    """A decided claim goes back to the queue; its decisions stay in the history."""
    require_role(viewer, *HANDLERS)
    case_id = _case_of_claim(container, viewer, claim_id)

    def command(uow: UnitOfWork) -> ClaimView:
        if not note.strip():
            raise InvalidInput("note", "say why")
        return reopen_claim(uow, viewer, claim_id, note.strip(), container.catalog, container.clock)

    return act(
        request,
        container,
        viewer,
        case_id,
        form=f"reopen-{claim_id}",
        values={"note": note},
        command=command,
        done="reopened",
        anchor=f"claim-{claim_id}",
        messages=DECISION_MESSAGES,
    )


@router.get("/staff/claims/{claim_id}/evidence/{evidence_id}", name="backoffice.evidence")
def evidence(
    claim_id: str,
    evidence_id: RowId,
    viewer: WebStaff,
    container: ContainerDep,
    download: Annotated[bool, Query()] = False,
) -> Response:
    """An evidence file as received: PDF and images shown in the browser, other types (text,
    e-mail, HEIC) downloaded; the name is sent encoded, never as markup."""
    with read_unit(container.database, viewer) as uow:
        row = evidence_file(uow, viewer, claim_id, evidence_id, container.clock)
        record_claim_read(uow, viewer, claim_id, ReadKind.EVIDENCE, container.clock)
        content, media, filename, sha256 = row.content, row.content_type, row.filename, row.sha256
    inline = media in bv.INLINE_TYPES and not download
    return Response(
        content,
        media_type=media,
        headers={
            "Content-Disposition": bv.content_disposition(filename, inline=inline),
            "ETag": f'"{sha256}"',
            "Cache-Control": "private, no-store",
        },
    )
