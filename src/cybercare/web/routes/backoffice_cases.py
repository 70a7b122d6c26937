"""The case workspace (`/staff/cases/{case_id}`) and its forms: triage of an "I don't know"
case (Art. 4), notes per workstream with the psychological compartment (Art. 11.2), answers to
the member, closing a workstream and the case. Takedowns are in backoffice_takedowns.py, the
claims part in backoffice_claims.py.

Each form posts, the service decides in one transaction, and the browser is sent back to the
workspace (`?done=` says what was done). A refused value re-renders the workspace with the
form's errors; a refusal of the action itself (Art. 11, a state that changed) is the error page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.assistance.contact_queries import CaseContacts, next_try_of
from cybercare.assistance.contacts import ContactLog, case_contacts, log_contact
from cybercare.assistance.domain import (
    ActionRefused,
    CaseAlreadyCounted,
    CaseOutcome,
    Compartment,
)
from cybercare.assistance.service import close_case, product_of, read_case, triage_case
from cybercare.assistance.staff_queries import (
    case_parties,
    display_names,
    withheld_psychological_notes,
    workstream_case_id,
)
from cybercare.assistance.views import NoteView, WorkstreamView
from cybercare.assistance.workstreams import add_workstream_note, close_workstream
from cybercare.bootstrap import Container
from cybercare.claims.staff_queries import case_claims
from cybercare.cover.service import CaseLimitReached
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.horizon import OUTSIDE_HORIZON, within_horizon
from cybercare.privacy.read_log_service import record_case_read
from cybercare.product.model import Label, Team
from cybercare.providers.order_queries import appointable_providers
from cybercare.web import backoffice_views as bv
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.contact_labels import CONTACT_EVENTS, RESULT_LABELS, RESULTS, result_of
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.staff_views import ProductLabels
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

Text = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=2_048)]

# What each refused field means, in words the reader understands (service messages are English
# developer texts): the service's field name -> a msgid.
FIELD_MESSAGES: dict[str, str] = {
    "body": N_("Write the note (at most 20,000 characters)."),
    "compartment": N_("Psychological notes go on the psychological workstream only."),
    "outcome": N_("Say what was delivered."),
    "reason": N_("Say why the case is closed."),
    "guarantee_code": N_("Choose one of the product's guarantees."),
    "extra_teams": N_("Choose among the four teams."),
    "workstream_id": N_("Choose one of your workstreams of this case."),
    "url": N_("Enter the http(s) address of the offending material."),
    "addressee": N_("Say who received the request: the platform, the host or the author."),
    "deadline_date": N_("Enter the deadline as a date that is not in the past."),
    "result": N_("Choose the result of the check."),
    "taken_down_on": N_(
        "Give the date it was taken down, between the request and today, only with the result "
        "“taken down”."
    ),
}
OTHER_FIELD = N_("This value is not accepted.")

DONE: dict[str, str] = {
    "taken": N_(
        "You took the workstream. Its first-contact clock runs until you log a call that "
        "reached the member or a message sent (Art. 8.4)."
    ),
    "contact_first": N_("The contact is logged: it is the first human contact (Art. 8.4)."),
    "contact_logged": N_("The contact is logged."),
    "contact_retry": N_(
        "The try is logged. The first-contact clock keeps running: try again by the time shown."
    ),
    "note": N_("The note is saved."),
    "reply": N_("Your answer is saved: the member reads it with the case."),
    "workstream_closed": N_("The workstream is closed."),
    "triaged": N_("The guarantee is set and the workstreams are open."),
    "case_closed": N_("The case is closed."),
    "takedown": N_("The removal request is recorded."),
    "recheck": N_("The check is recorded."),
    "decided": N_("The decision is recorded."),
    "four_eyes": N_("The decision is recorded. It waits for a second handler (four eyes)."),
    "approved": N_("The decision is approved and applied."),
    "reopened": N_("The claim is reopened: it is back in the claims queue."),
}


def _contacts_for(
    uow: UnitOfWork, viewer: Principal, case_id: str, clock: Clock
) -> CaseContacts | None:
    """How to reach the member when the reader works the case (Art. 11.1, decided by the
    service, which logs the read); None for the staff who do not."""
    try:
        return case_contacts(uow, viewer, case_id, clock, purpose="backoffice.case")
    except ActionRefused:
        return None


def guarantee_labels(container: Container) -> dict[str, Label]:
    """Guarantee code -> its label, from the newest product version that has it."""
    return ProductLabels(container.catalog).guarantees


def form_errors(
    form: str, error: InvalidInput, messages: dict[str, str] | None = None
) -> FormErrors:
    """The service's field errors on the fields of `form` (ids `f-<form>-<field>`)."""
    known = {**FIELD_MESSAGES, **(messages or {})}
    errors = FormErrors()
    for name, _message in error.errors:
        base = name.split(".", 1)[0]
        errors.add(f"{form}.{base}", known.get(base, OTHER_FIELD))
    return errors


@dataclass(frozen=True, slots=True)
class WorkstreamPanel:
    ws: WorkstreamView
    actions: bv.WorkstreamActions
    notes: list[NoteView]
    withheld: int
    withheld_last: datetime | None
    next_try_at: datetime | None = None  # after a call that reached nobody (Art. 8.4)


@dataclass
class FormState:
    """The form that was refused: its key, its errors and what was typed."""

    key: str = ""
    errors: FormErrors = field(default_factory=FormErrors)
    values: dict[str, Any] = field(default_factory=dict)

    def of(self, key: str) -> FormErrors | None:
        return self.errors if key == self.key else None

    def value(self, key: str, name: str, default: Any = "") -> Any:
        return self.values.get(name, default) if key == self.key else default


def render_case(
    request: Request,
    container: Container,
    viewer: Principal,
    case_id: str,
    *,
    state: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    clock = container.clock
    with container.database.uow() as uow:
        case = read_case(uow, viewer, case_id, clock, log_purpose="backoffice.case")
        parties = case_parties(uow, viewer, case_id, clock)
        withheld = withheld_psychological_notes(uow, viewer, case_id, clock)
        reach = _contacts_for(uow, viewer, case_id, clock)
        record_case_read(uow, viewer, case, clock, contacts=reach)
        dossiers = case_claims(uow, viewer, case_id, clock)
        product = product_of(uow, container.catalog, case.affiliation_id)
        actors = [d.decided_by for dossier in dossiers for d in dossier.claim.decisions] + [
            d.approved_by for dossier in dossiers for d in dossier.claim.decisions if d.approved_by
        ]
        names = display_names(
            uow,
            [
                case.opened_by,
                *(ws.assignee_user_id for ws in case.workstreams),
                *(note.author_user_id for note in case.notes),
                *(actor.removeprefix("user:") for actor in actors),
                *(attempt.made_by for attempt in (reach.attempts if reach else ())),
            ],
        )
        appoint = appointable_providers(uow, viewer, case, clock.today())  # issue 19
        # The reads of psychological notes (Art. 11.2) and of the contact details (11.1) are
        # logged.
        uow.commit()
    panels = [
        WorkstreamPanel(
            ws=ws,
            actions=bv.workstream_actions(viewer, ws),
            notes=[n for n in case.notes if n.workstream_id == ws.workstream_id],
            withheld=sum(1 for w in withheld if w.workstream_id == ws.workstream_id),
            withheld_last=max(
                (w.created_at for w in withheld if w.workstream_id == ws.workstream_id),
                default=None,
            ),
            next_try_at=None
            if reach is None or ws.first_contact.met_at is not None
            else next_try_of(reach.attempts, ws.workstream_id),
        )
        for ws in case.workstreams
    ]
    done = request.query_params.get("done", "")
    return templates_of(request).render(
        request,
        "backoffice/case.html",
        {
            "case": case,
            "parties": parties,
            "panels": panels,
            # The conversation with the member: their messages and the general notes of the teams.
            "messages": [n for n in case.notes if n.compartment == Compartment.GENERAL],
            "team_of": {ws.workstream_id: ws.team for ws in case.workstreams},
            "withheld_total": len(withheld),
            "claims": [
                bv.claim_panel(viewer, dossier, product, clock.now()) for dossier in dossiers
            ],
            "product": product,
            "guarantee": product.guarantee(case.guarantee_code) if case.guarantee_code else None,
            "actions": bv.case_actions(viewer, case),
            "names": names,
            "reach": reach,
            "contact_results": [(key, RESULT_LABELS[key]) for key in RESULTS],
            "result_labels": RESULT_LABELS,
            "result_of": result_of,
            "timeline_events": {**bv.TIMELINE_EVENTS, **CONTACT_EVENTS},
            "state": state or FormState(),
            "appoint": appoint,
            "done": DONE.get(done),
            "teams": [team.value for team in Team],
            "today": clock.today(),
            **bv.page_context(request),
        },
        status_code=status_code,
    )


@router.get("/staff/cases/{case_id}", response_class=HTMLResponse, name="backoffice.case")
def case_workspace(
    request: Request, case_id: str, viewer: WebStaff, container: ContainerDep
) -> HTMLResponse:
    """Everything about one case for the staff member reading it, as Art. 11 allows them."""
    return render_case(request, container, viewer, case_id)


def act(
    request: Request,
    container: Container,
    viewer: Principal,
    case_id: str,
    *,
    form: str,
    values: dict[str, Any],
    command: Callable[[UnitOfWork], object],
    done: str | Callable[[object], str],
    anchor: str,
    messages: dict[str, str] | None = None,
) -> Response:
    """Run one command in its transaction; back to the workspace, or the form with errors."""
    try:
        with container.database.uow() as uow:
            result = command(uow)
            uow.commit()
    except InvalidInput as error:
        state = FormState(form, form_errors(form, error, messages), values)
        return render_case(request, container, viewer, case_id, state=state, status_code=422)
    key = done(result) if callable(done) else done
    return RedirectResponse(f"/staff/cases/{case_id}?done={key}#{anchor}", status_code=303)


def parse_date(name: str, text: str) -> date | None:
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(name, "a date such as 2026-12-31") from None
    if not within_horizon(day):
        raise InvalidInput(name, OUTSIDE_HORIZON)
    return day


# --- case ------------------------------------------------------------------------------------

CLOSE_MESSAGES: dict[str, str] = {
    "outcome": N_(
        "Choose how the case ends. Help given counts the case against the household's yearly "
        "cases of its guarantee (Art. 5.2); when they are all used, close it as not covered. "
        "A case that an accepted claim already counted closes as help given."
    ),
}


@router.post("/staff/cases/{case_id}/triage", name="backoffice.triage")
def triage(
    request: Request,
    case_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    guarantee_code: Annotated[str, Form(max_length=16)] = "",
    extra_teams: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Art. 4: the agent chooses the guarantee; its teams' workstreams open from the product."""

    def command(uow: UnitOfWork) -> object:
        if not guarantee_code:
            raise InvalidInput("guarantee_code", "choose a guarantee")
        teams = []
        for name in extra_teams or []:
            try:
                teams.append(Team(name))
            except ValueError:
                raise InvalidInput("extra_teams", "one of the four teams") from None
        return triage_case(
            uow,
            viewer,
            case_id,
            guarantee_code,
            container.catalog,
            container.clock,
            extra_teams=tuple(teams),
        )

    return act(
        request,
        container,
        viewer,
        case_id,
        form="triage",
        values={"guarantee_code": guarantee_code, "extra_teams": extra_teams or []},
        command=command,
        done="triaged",
        anchor="workstreams",
    )


@router.post("/staff/cases/{case_id}/close", name="backoffice.close_case")
def close(
    request: Request,
    case_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    reason: Short = "",
    outcome: Annotated[str, Form(max_length=24)] = "",
) -> Response:
    """Every workstream closed, no claim waiting: the case ends, and the agent says how
    (Art. 5.2: one whose help was given counts against its pot's yearly case limit)."""

    def command(uow: UnitOfWork) -> object:
        try:
            chosen = CaseOutcome(outcome)
        except ValueError:
            raise InvalidInput("outcome", "one of the outcomes") from None
        try:
            return close_case(
                uow, viewer, case_id, reason, container.clock, chosen, container.catalog
            )
        except (CaseLimitReached, CaseAlreadyCounted) as refused:
            raise InvalidInput("outcome", refused.message, clause=refused.clause) from None

    return act(
        request,
        container,
        viewer,
        case_id,
        form="close-case",
        values={"reason": reason, "outcome": outcome},
        command=command,
        done="case_closed",
        anchor="main",
        messages=CLOSE_MESSAGES,
    )


# --- workstreams -----------------------------------------------------------------------------


def _case_of_workstream(container: Container, viewer: Principal, workstream_id: str) -> str:
    with container.database.reader() as uow:
        return workstream_case_id(uow, viewer, workstream_id)


@router.post("/staff/workstreams/{workstream_id}/notes", name="backoffice.note")
def write_note(
    request: Request,
    workstream_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    body: Text = "",
    compartment: Annotated[str, Form(max_length=16)] = Compartment.GENERAL.value,
) -> Response:
    """A note on a workstream; in the psychological compartment only by the counsellor."""
    case_id = _case_of_workstream(container, viewer, workstream_id)

    def command(uow: UnitOfWork) -> object:
        try:
            chosen = Compartment(compartment)
        except ValueError:
            raise InvalidInput("compartment", "general or psychological") from None
        return add_workstream_note(uow, viewer, workstream_id, chosen, body, container.clock)

    return act(
        request,
        container,
        viewer,
        case_id,
        form=f"note-{workstream_id}",
        values={"body": body, "compartment": compartment},
        command=command,
        done="note",
        anchor=f"ws-{workstream_id}",
    )


@router.post("/staff/cases/{case_id}/reply", name="backoffice.reply")
def reply(
    request: Request,
    case_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    workstream_id: Annotated[str, Form(max_length=32)] = "",
    body: Text = "",
) -> Response:
    """An answer to the member's messages: a general note on one of the reader's workstreams
    of this case (the member concerned reads general notes), logged as a message sent in the
    portal (Art. 8.4)."""

    def command(uow: UnitOfWork) -> object:
        if workstream_case_id(uow, viewer, workstream_id) != case_id:
            raise InvalidInput("workstream_id", "a workstream of this case")
        view = add_workstream_note(
            uow, viewer, workstream_id, Compartment.GENERAL, body, container.clock
        )
        # An answer is a message sent in the portal: a human contact of Art. 8.4.
        portal = ContactLog("message", "sent", "portal", workstream_id=workstream_id)
        log_contact(uow, viewer, case_id, portal, container.clock)
        return view

    return act(
        request,
        container,
        viewer,
        case_id,
        form="reply",
        values={"workstream_id": workstream_id, "body": body},
        command=command,
        done="reply",
        anchor="messages",
    )


@router.post("/staff/workstreams/{workstream_id}/close", name="backoffice.close_workstream")
def finish_workstream(
    request: Request,
    workstream_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    outcome: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The team's service is delivered: its holder (or a supervisor) closes the workstream."""
    case_id = _case_of_workstream(container, viewer, workstream_id)
    return act(
        request,
        container,
        viewer,
        case_id,
        form=f"close-{workstream_id}",
        values={"outcome": outcome},
        command=lambda uow: close_workstream(uow, viewer, workstream_id, outcome, container.clock),
        done="workstream_closed",
        anchor=f"ws-{workstream_id}",
    )
