""" "I need help now": a member asks to be called back (Art. 8.1, 8.4).

The form offers the member's own number (editable), a sentence for what is happening, the
persons they may ask help for (Art. 11.3, decided by the service) and the urgent reasons of the
product. Sent, it opens an urgent case with its one-hour clock in the teams' queues and shows who
calls back, before when (Brussels time) and on which number, with the 24/7 line to call instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from babel.dates import format_time
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.assistance import callback
from cybercare.assistance.callback import CallBackForm, CallBackRequest
from cybercare.assistance.domain import CaseNotFound
from cybercare.assistance.service import NoAffiliation
from cybercare.bootstrap import Container
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.errors import InvalidInput
from cybercare.web import formatting, portal_texts
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, locale_of, request_language
from cybercare.web.routes.portal_common import NOT_INSURED, refusal, render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

# What the service says about a field, as the page says it (msgids of help.po).
FIELD_MESSAGES = {
    "phone": N_("Enter a phone number we can call, for example 0470 12 34 56 or +32 470 12 34 56."),
    "what_is_happening": N_("Say in one sentence what is happening."),
    "person_id": N_("Choose the person who needs help: yourself or a child you represent."),
    "urgency_reason": N_("Choose why it is urgent."),
    "guarantee_code": N_("Choose what it is about, or “I don't know”."),
}
# Who calls back, by the team the service names (None: the 24/7 line's agents triage it).
WHO_CALLS = {
    "psychological": N_("A counsellor of the psychological team"),
    "legal": N_("A lawyer of the legal team"),
    "technical": N_("An expert of the technical team"),
    "financial": N_("An adviser of the financial team"),
    None: N_("An agent of the 24/7 assistance line"),
}


def _form(container: Container, member: Principal, language: str) -> CallBackForm:
    with container.database.reader() as uow:
        return callback.call_back_form(
            uow, member, container.catalog, container.clock, language=language
        )


def _page(
    request: Request,
    form: CallBackForm,
    *,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    chosen = values or {}
    return render(
        request,
        "help/request.html",
        {
            "active": "help",
            "form": form,
            "values": {
                "phone": chosen.get("phone", form.phone),
                "what_is_happening": chosen.get("what_is_happening", ""),
                "person_id": chosen.get("person_id", form.persons[0].person_id),
                "urgency_reason": chosen.get("urgency_reason", ""),
                "guarantee_code": chosen.get("guarantee_code", ""),
            },
            "errors": errors or FormErrors(),
            "reasons": portal_texts.URGENCY_REASONS,
        },
        status_code=status_code,
    )


@router.get("/help", response_class=HTMLResponse, name="help.request")
def request_page(request: Request, container: ContainerDep, member: WebMember) -> Response:
    try:
        form = _form(container, member, request_language(request))
    except NoAffiliation as error:
        return refusal(request, error, NOT_INSURED)
    if not form.persons:
        return refusal(
            request, NoAffiliation("person_id", "not insured", clause="Art. 2.1"), NOT_INSURED
        )
    return _page(request, form)


@router.post("/help", name="help.send")
def send(
    request: Request,
    container: ContainerDep,
    member: WebMember,
    phone: Annotated[str, Form(max_length=40)] = "",
    what_is_happening: Annotated[str, Form(max_length=2000)] = "",
    person_id: Annotated[str, Form(max_length=40)] = "",
    urgency_reason: Annotated[str, Form(max_length=40)] = "",
    guarantee_code: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """One transaction: the urgent case, its workstreams and clocks, the number, the audit."""
    values = {
        "phone": phone,
        "what_is_happening": what_is_happening,
        "person_id": person_id,
        "urgency_reason": urgency_reason,
        "guarantee_code": guarantee_code,
    }
    asked = CallBackRequest(
        person_id=person_id,
        phone=phone,
        what_is_happening=what_is_happening,
        urgency_reason=urgency_reason,
        guarantee_code=guarantee_code or None,
        language=request_language(request),
    )
    try:
        with container.database.uow() as uow:
            done = callback.request_call_back(
                uow, member, asked, container.catalog, container.clock
            )
            uow.commit()
    except InvalidInput as error:
        errors = FormErrors()
        for field, _message in error.errors:
            errors.add(field, FIELD_MESSAGES.get(field, FIELD_MESSAGES["what_is_happening"]))
        try:
            form = _form(container, member, request_language(request))
        except NoAffiliation as refused:
            return refusal(request, refused, NOT_INSURED)
        return _page(request, form, values=values, errors=errors, status_code=422)
    except NoAffiliation as error:
        return refusal(request, error, NOT_INSURED)
    return RedirectResponse(f"/help/{done.case_id}", status_code=303)


@router.get("/help/{case_id}", response_class=HTMLResponse, name="help.requested")
def requested(
    request: Request, case_id: str, container: ContainerDep, member: WebMember
) -> HTMLResponse:
    """The confirmation: who calls back, by when (Brussels time), on which number."""
    language = request_language(request)
    with container.database.uow() as uow:
        done = callback.call_back_of(
            uow, member, case_id, container.catalog, container.clock, language=language
        )
        uow.commit()  # reading a case may log a psychological note read (Art. 11.2)
    if done is None:
        raise CaseNotFound(f"no call-back {case_id!r}", params={"case_id": case_id})
    return render(
        request,
        "help/requested.html",
        {
            "active": "help",
            "done": done,
            "who": WHO_CALLS[done.caller_team.value if done.caller_team else None],
            "before": _before(done.call_before, container.clock.now(), language),
            "reasons": portal_texts.URGENCY_REASONS,
        },
    )


def _before(due: datetime, now: datetime, language: str) -> str:
    """ "01:30" when due today in Brussels, else with its date."""
    local, today = due.astimezone(BRUSSELS), now.astimezone(BRUSSELS).date()
    time = format_time(local, format="short", locale=locale_of(language))
    if local.date() == today:
        return time
    return f"{formatting.long_date(local.date(), language)} {time}"
