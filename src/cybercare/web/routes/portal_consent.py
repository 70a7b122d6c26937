"""Consent to psychological assistance in the portal (GDPR art. 7, 9(2)(a); Art. 11.2, 11.3):
the request on the case page, giving it with one click on the exact text shown, and withdrawing
it at any time. The services decide who may (an adult for themselves, a legal representative
for a minor); this module renders and redirects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from cybercare.assistance.member_queries import MemberCase, member_case
from cybercare.consent import consent_service, notice_service
from cybercare.consent.consent import ConsentRefused
from cybercare.consent.consent_service import ConsentGiving, ConsentState
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.web.auth import WebMember, web_member
from cybercare.web.i18n import N_, request_language
from cybercare.web.privacy_texts import Block, blocks

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

NOTICES = {
    "given": N_("Thank you: your consent is recorded. Psychological assistance can start."),
    "withdrawn": N_(
        "Your consent is withdrawn. Psychological assistance stops now. What was done before "
        "your withdrawal remains lawful, and the notes already written are kept."
    ),
    "changed": N_("The consent text has changed since you opened the page: read it again."),
}


@dataclass(frozen=True, slots=True)
class ConsentPanel:
    state: ConsentState
    text: list[Block]
    language: str
    notice: str | None


def consent_panel(
    uow: UnitOfWork,
    member: Principal,
    item: MemberCase,
    clock: Clock,
    language: str,
    notice: str | None = None,
) -> ConsentPanel | None:
    """Shown on a case that has a psychological workstream (the consent is the person's)."""
    if not any(ws.team == "psychological" for ws in item.case.workstreams):
        return None
    state = consent_service.consent_state(uow, member, item.case.person_id, clock.today())
    return ConsentPanel(
        state, blocks(state.text.text(language)), language, NOTICES.get(notice or "")
    )


def _back(case_id: str, outcome: str) -> RedirectResponse:
    return RedirectResponse(f"/portal/cases/{case_id}?consent={outcome}#consent", status_code=303)


@router.post("/portal/cases/{case_id}/consent", name="portal.consent.give")
def give(
    request: Request,
    case_id: str,
    container: ContainerDep,
    member: WebMember,
    text_version: Annotated[str, Form(max_length=20)],
    person_id: Annotated[str, Form(max_length=32)],
) -> Response:
    """One click on the text shown, in the page's language, for the person of the case."""
    language = request_language(request)
    try:
        with container.database.uow() as uow:
            item = member_case(uow, member, case_id, container.clock)  # Art. 11.3: may see it
            if item.case.person_id != person_id:
                raise ConsentRefused("the consent is for the person of this case")
            giving = ConsentGiving(person_id, text_version, language, case_id=case_id)
            consent_service.give_consent(uow, member, giving, container.clock)
            uow.commit()
    except InvalidInput:
        return _back(case_id, "changed")
    return _back(case_id, "given")


@router.post("/portal/consents/{consent_id}/withdrawal", name="portal.consent.withdraw")
def withdraw(
    consent_id: str,
    container: ContainerDep,
    member: WebMember,
    case_id: Annotated[str, Form(max_length=32)],
) -> Response:
    """GDPR art. 7(3): withdrawing is as easy as giving; audited; nothing earlier is erased."""
    with container.database.uow() as uow:
        consent_service.withdraw_consent(uow, member, consent_id, container.clock)
        uow.commit()
    return _back(case_id, "withdrawn")


# --- the privacy notice (GDPR art. 13): a new version is shown once ------------------------


@dataclass(frozen=True, slots=True)
class NoticePanel:
    version: str
    effective_date: date
    text: list[Block]


def notice_panel(
    uow: UnitOfWork, member: Principal, clock: Clock, language: str
) -> NoticePanel | None:
    """The notice in effect, when this member has not seen it (at subscription or here)."""
    shown = notice_service.notice_to_acknowledge(uow, member, clock)
    if shown is None:
        return None
    return NoticePanel(shown.version, shown.effective_date, blocks(shown.text(language)))


@router.post("/portal/privacy-notice", name="portal.privacy_notice.acknowledge")
def acknowledge(
    request: Request,
    container: ContainerDep,
    member: WebMember,
    version: Annotated[str, Form(max_length=20)],
) -> Response:
    """The member has read the notice shown: recorded once, with the language it was read in."""
    try:
        with container.database.uow() as uow:
            notice_service.acknowledge_notice(
                uow, member, version, request_language(request), container.clock
            )
            uow.commit()
    except InvalidInput:  # a newer version took effect meanwhile: the home page shows it
        return RedirectResponse("/portal#privacy-notice", status_code=303)
    return RedirectResponse("/portal?done=privacy_notice", status_code=303)
