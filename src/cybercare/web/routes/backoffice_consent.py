"""Consent to psychological assistance given on the phone (GDPR art. 7, 9(2)(a); Art. 11.2,
11.3): an agent of the 24/7 line reads the exact consent text aloud in the language of the call,
chooses who answered (the adult concerned, or a minor's legal representative) and records it;
the agent is kept with the consent. A withdrawal asked on the phone is recorded the same way."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.assistance.service import read_case
from cybercare.consent import consent_service
from cybercare.consent.consent_service import ConsentGiving
from cybercare.http.deps import ContainerDep
from cybercare.product.model import LANGUAGES
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.backoffice_views import format_instant
from cybercare.web.i18n import ENDONYMS, N_, request_language
from cybercare.web.privacy_texts import blocks
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

DONE = {
    "given": N_("The consent given on the phone is recorded, with your name."),
    "withdrawn": N_("The withdrawal asked on the phone is recorded, with your name."),
}
Id = Annotated[str, Form(max_length=32)]


@router.get(
    "/staff/cases/{case_id}/consent", response_class=HTMLResponse, name="backoffice.consent"
)
def consent_page(
    request: Request, case_id: str, viewer: WebStaff, container: ContainerDep
) -> HTMLResponse:
    """The text to read aloud (in the call's language: `?lang=`, the case's by default)."""
    clock = container.clock
    with container.database.reader() as uow:
        case = read_case(uow, viewer, case_id, clock, log_purpose=None)
        state = consent_service.consent_state(uow, viewer, case.person_id, clock.today())
        givers = consent_service.entitled_givers(uow, case.person_id, clock.today())
    wanted = request.query_params.get("read_in", "")
    language = wanted if wanted in LANGUAGES else case.language
    return templates_of(request).render(
        request,
        "backoffice/consent.html",
        {
            "case": case,
            "state": state,
            "givers": givers,
            "language": language,
            "languages": LANGUAGES,
            "endonyms": ENDONYMS,
            "parts": blocks(state.text.text(language)),
            "done": DONE.get(request.query_params.get("done", "")),
            "given_at": (
                format_instant(state.consent.given_at, request_language(request))
                if state.consent
                else ""
            ),
        },
    )


@router.post("/staff/cases/{case_id}/consent", name="backoffice.consent.give")
def give(
    case_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    given_by_person_id: Id,
    text_version: Annotated[str, Form(max_length=20)],
    language: Annotated[str, Form(max_length=2)],
) -> Response:
    clock = container.clock
    with container.database.uow() as uow:
        case = read_case(uow, viewer, case_id, clock, log_purpose=None)
        giving = ConsentGiving(
            case.person_id,
            text_version,
            language,
            given_by_person_id=given_by_person_id,
            case_id=case_id,
        )
        consent_service.give_consent(uow, viewer, giving, clock)
        uow.commit()
    return RedirectResponse(f"/staff/cases/{case_id}/consent?done=given", status_code=303)


@router.post("/staff/consents/{consent_id}/withdrawal", name="backoffice.consent.withdraw")
def withdraw(
    consent_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    case_id: Id,
    requested_by_person_id: Id,
) -> Response:
    with container.database.uow() as uow:
        consent_service.withdraw_consent(
            uow,
            viewer,
            consent_id,
            container.clock,
            requested_by_person_id=requested_by_person_id,
        )
        uow.commit()
    return RedirectResponse(f"/staff/cases/{case_id}/consent?done=withdrawn", status_code=303)
