"""The assistance API: members open and follow their cases; staff work the team queues.

Every POST is idempotent (Idempotency-Key, scoped to the user). Distributor keys are refused on
every route here (Art. 11.1); what a user may see is decided by the services (Art. 11.2, 11.3).
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from cybercare.api.access import AnyUser, MemberUser, StaffUser
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import UserIdempotent
from cybercare.api.schemas.cases import (
    CaseClose,
    CaseCreate,
    CaseRead,
    MessageCreate,
    NoteCreate,
    QueueItemRead,
    TakedownCreate,
    TakedownRead,
    TakedownRecheck,
    TriageCreate,
    WorkstreamClose,
    WorkstreamRead,
)
from cybercare.api.schemas.contacts import (
    CaseContactsRead,
    ContactAttemptCreate,
    ContactAttemptRead,
)
from cybercare.assistance import contacts, service, takedowns, workstreams
from cybercare.assistance.domain import Channel, Compartment
from cybercare.privacy.read_log_service import record_case_read, record_contacts_read
from cybercare.product.model import Team

router = APIRouter(tags=["assistance"])


# --- members and agents ----------------------------------------------------------------------


@router.post("/cases", status_code=status.HTTP_201_CREATED, response_model=CaseRead)
def open_case(
    body: CaseCreate, user: AnyUser, idempotent: UserIdempotent, container: ContainerDep
) -> Response:
    """Open a case (Art. 8.1): a member for themselves or a minor they represent, or an agent
    taking a phone call. A possible duplicate is pointed out in `possible_duplicate_of`."""
    default = Channel.PHONE if user.is_staff else Channel.API
    opening = service.CaseOpening(
        person_id=body.person_id,
        narrative=body.narrative,
        discovery_date=body.discovery_date,
        channel=Channel(body.channel) if body.channel else default,
        guarantee_code=body.guarantee_code,
        occurrence_date=body.occurrence_date,
        urgent=body.urgent,
        urgency_reason=body.urgency_reason,
        language=body.language,
    )
    return idempotent.respond_json(
        container,
        201,
        lambda uow: CaseRead.of(
            service.open_case(uow, user, opening, container.catalog, container.clock)
        ),
        lambda case: f"/api/v1/cases/{case.id}",
    )


@router.get("/cases", response_model=list[CaseRead])
def list_cases(user: MemberUser, container: ContainerDep) -> list[CaseRead]:
    """My cases and those of the minors I represent (Art. 11.3); notes are on each case."""
    with container.database.reader() as uow:
        views = service.list_cases(uow, user, container.clock)
    return [CaseRead.of(view) for view in views]


@router.get("/cases/{case_id}", response_model=CaseRead)
def get_case(case_id: str, user: AnyUser, container: ContainerDep) -> CaseRead:
    """One case with its timeline, workstreams and the notes I may read. Reading psychological
    notes is logged (Art. 11.2), so this read commits its access log."""
    with container.database.uow() as uow:
        view = service.read_case(uow, user, case_id, container.clock)
        record_case_read(uow, user, view, container.clock)
        uow.commit()
    return CaseRead.of(view)


@router.post(
    "/cases/{case_id}/messages", status_code=status.HTTP_201_CREATED, response_model=CaseRead
)
def post_message(
    case_id: str,
    body: MessageCreate,
    user: MemberUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """A member writes to the team on one of their cases."""
    return idempotent.respond_json(
        container,
        201,
        lambda uow: CaseRead.of(
            workstreams.post_member_message(uow, user, case_id, body.body, container.clock)
        ),
    )


# --- staff -----------------------------------------------------------------------------------


@router.post("/cases/{case_id}/triage", response_model=CaseRead)
def triage_case(
    case_id: str,
    body: TriageCreate,
    user: StaffUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Set the guarantee and open the workstreams its services need (Art. 4)."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: CaseRead.of(
            service.triage_case(
                uow,
                user,
                case_id,
                body.guarantee_code,
                container.catalog,
                container.clock,
                extra_teams=tuple(Team(t) for t in body.extra_teams),
            )
        ),
    )


@router.post("/cases/{case_id}/close", response_model=CaseRead)
def close_case(
    case_id: str,
    body: CaseClose,
    user: StaffUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Close a case whose workstreams are all closed, saying how it ends (Art. 5.2: a case whose
    help was given counts against its pot's yearly case limit; 409 `pot.cases_exhausted` when
    it held none and none is left: close it as not covered)."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: CaseRead.of(
            service.close_case(
                uow,
                user,
                case_id,
                body.reason,
                container.clock,
                body.outcome,
                container.catalog,
            )
        ),
    )


@router.get("/staff/queues/{team}", response_model=list[QueueItemRead])
def team_queue(team: str, user: StaffUser, container: ContainerDep) -> list[QueueItemRead]:
    """A team's open workstreams, nearest SLA deadline first, with the time left and the
    breach flag (Art. 8.4); `triage` lists cases nobody has triaged yet."""
    with container.database.reader() as uow:
        items = workstreams.team_queue(uow, user, team, container.clock)
    return [QueueItemRead.of(item) for item in items]


@router.post("/workstreams/{workstream_id}/take", response_model=WorkstreamRead)
def take_workstream(
    workstream_id: str, user: StaffUser, idempotent: UserIdempotent, container: ContainerDep
) -> Response:
    """Assign the workstream to me (an agent of its team). Taking is no contact: the
    first-contact clock runs until a contact is logged (`POST /cases/{case_id}/contacts`)."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: WorkstreamRead.of(
            workstreams.take_workstream(uow, user, workstream_id, container.clock)
        ),
    )


@router.get("/cases/{case_id}/contacts", response_model=CaseContactsRead)
def case_contacts(case_id: str, user: StaffUser, container: ContainerDep) -> CaseContactsRead:
    """How to reach the person concerned (a minor: their legal representatives, Art. 2.4) and
    the tries so far, for the staff working the case (Art. 11.1: its teams' agents, claims
    handlers, supervisors). Every read is logged, so this read commits."""
    with container.database.uow() as uow:
        view = contacts.case_contacts(uow, user, case_id, container.clock, purpose="api")
        record_contacts_read(uow, user, view, container.clock)
        uow.commit()
    return CaseContactsRead.of(view)


@router.post(
    "/cases/{case_id}/contacts",
    status_code=status.HTTP_201_CREATED,
    response_model=ContactAttemptRead,
)
def log_contact(
    case_id: str,
    body: ContactAttemptCreate,
    user: StaffUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Log a try to reach the member: a call (reached, voicemail, no_answer) or a message sent
    (email, sms, portal). A reached call or a message sent is the first human contact of
    Art. 8.4; anything else keeps the clock running and plans `next_try_at`."""
    log = contacts.ContactLog(
        kind=body.kind,
        outcome=body.outcome or "",
        channel=body.channel,
        person_id=body.person_id,
        workstream_id=body.workstream_id,
        note=body.note,
    )
    return idempotent.respond_json(
        container,
        201,
        lambda uow: ContactAttemptRead.of(
            contacts.log_contact(uow, user, case_id, log, container.clock)
        ),
    )


@router.post(
    "/workstreams/{workstream_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseRead,
)
def add_note(
    workstream_id: str,
    body: NoteCreate,
    user: StaffUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """A note on a workstream; the psychological compartment is for the assigned counsellor."""
    return idempotent.respond_json(
        container,
        201,
        lambda uow: CaseRead.of(
            workstreams.add_workstream_note(
                uow,
                user,
                workstream_id,
                Compartment(body.compartment),
                body.body,
                container.clock,
            )
        ),
    )


@router.post("/workstreams/{workstream_id}/close", response_model=WorkstreamRead)
def close_workstream(
    workstream_id: str,
    body: WorkstreamClose,
    user: StaffUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """The team's service is delivered."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: WorkstreamRead.of(
            workstreams.close_workstream(uow, user, workstream_id, body.outcome, container.clock)
        ),
    )


@router.post(
    "/cases/{case_id}/takedowns", status_code=status.HTTP_201_CREATED, response_model=TakedownRead
)
def request_takedown(
    case_id: str,
    body: TakedownCreate,
    user: StaffUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Track a removal request for one offending URL (Art. 4.2)."""
    return idempotent.respond_json(
        container,
        201,
        lambda uow: TakedownRead.of(
            takedowns.request_takedown(
                uow,
                user,
                case_id,
                url=body.url,
                addressee=body.addressee,
                deadline_date=body.deadline_date,
                clock=container.clock,
            )
        ),
    )


@router.post("/takedowns/{takedown_id}/recheck", response_model=TakedownRead)
def recheck_takedown(
    takedown_id: str,
    body: TakedownRecheck,
    user: StaffUser,
    idempotent: UserIdempotent,
    container: ContainerDep,
) -> Response:
    """Record a re-check of the URL: still online, taken down (and when), unreachable."""
    return idempotent.respond_json(
        container,
        200,
        lambda uow: TakedownRead.of(
            takedowns.record_recheck(
                uow,
                user,
                takedown_id,
                result=body.result,
                taken_down_on=body.taken_down_on,
                clock=container.clock,
            )
        ),
    )
