"""Cases as a member reads them in the portal (Art. 8, 11.2, 11.3): their own cases and those of
a minor they represent, each with the person concerned, the messages exchanged with the teams,
and the steps a member follows the case by.

The Art. 11 checks are the service's (`service.list_cases`, `service.read_case`): an adult's
case is not found for the other adults, a legal representative reads a minor's case without its
psychological notes, and every read of such a note is logged. This module only names who wrote
each message (the member, another member of the household, or a team) and keeps the timeline
to the steps that mean something to a member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cybercare.assistance import repository, service, workstreams
from cybercare.assistance.domain import Compartment
from cybercare.assistance.views import CaseView, TimelineEntry
from cybercare.db.tables import CaseNoteRow, CaseRow, UserRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, UserKind
from cybercare.kernel.clock import Clock

# The steps of a case a member follows; internal ones (escalations) stay in the back office.
MEMBER_STEPS = frozenset(
    {
        "case.opened",
        "case.triaged",
        "workstream.opened",
        "workstream.taken",
        "case.note_added",
        "takedown.requested",
        "takedown.rechecked",
        "workstream.closed",
        "case.closed",
    }
)
READ_PURPOSE = "portal.case_read"


@dataclass(frozen=True, slots=True)
class MessageView:
    note_id: int
    at: datetime
    body: str
    by_you: bool
    member_name: str | None  # another member of the household (a legal representative)
    team: str | None  # a team's message; None with no member name: Cyber Care
    psychological: bool  # Art. 11.2: shown only to the member concerned


@dataclass(frozen=True, slots=True)
class MemberCase:
    case: CaseView
    person_name: str
    for_you: bool  # the signed-in member is the person concerned
    messages: tuple[MessageView, ...]
    steps: tuple[TimelineEntry, ...]

    @property
    def psychological_notes_withheld(self) -> bool:
        return self.case.psychological_notes_withheld

    @property
    def closed(self) -> bool:
        return self.case.status == "closed"


@dataclass(frozen=True, slots=True)
class CaseSummary:
    case: CaseView
    person_name: str
    for_you: bool


def my_cases(uow: UnitOfWork, principal: Principal, clock: Clock) -> list[CaseSummary]:
    """The cases the member sees (Art. 11.3), the most recent first."""
    views = service.list_cases(uow, principal, clock)
    names = _person_names(uow, {view.person_id for view in views})
    return [
        CaseSummary(view, names.get(view.person_id, ""), view.person_id == principal.person_id)
        for view in sorted(views, key=lambda v: (v.opened_at, v.case_id), reverse=True)
    ]


def reads_psychological_notes(uow: UnitOfWork, principal: Principal, case_id: str) -> bool:
    """Whether reading the case shows `principal` a psychological note, whose read is logged
    (Art. 11.2): only the member concerned, on a case that has such notes. The page then reads
    in a unit of work that writes; every other read stays a read-only one."""
    if not principal.is_member or principal.person_id is None:
        return False
    concerned = uow.session.scalar(select(CaseRow.person_id).where(CaseRow.id == case_id))
    if concerned != principal.person_id:
        return False
    return (
        uow.session.scalar(
            select(CaseNoteRow.id)
            .where(
                CaseNoteRow.case_id == case_id,
                CaseNoteRow.compartment == Compartment.PSYCHOLOGICAL.value,
            )
            .limit(1)
        )
        is not None
    )


def member_case(uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock) -> MemberCase:
    """One case as the member may read it. Writes the access log of any psychological note
    read (Art. 11.2): run it in a unit of work that commits."""
    view = service.read_case(uow, principal, case_id, clock, log_purpose=READ_PURPOSE)
    return _member_case(uow, principal, view)


def post_message(
    uow: UnitOfWork, principal: Principal, case_id: str, body: str, clock: Clock
) -> MemberCase:
    """The member writes to the teams of the case (general compartment); the teams read it on
    the case in the back office. Refused on a closed case or an empty message."""
    view = workstreams.post_member_message(uow, principal, case_id, body, clock)
    return _member_case(uow, principal, view)


# --- helpers ----------------------------------------------------------------------------------


def _member_case(uow: UnitOfWork, principal: Principal, view: CaseView) -> MemberCase:
    team_of = {ws.workstream_id: ws.team for ws in view.workstreams}
    members = _member_names(uow, {note.author_user_id for note in view.notes})
    messages = tuple(
        MessageView(
            note_id=note.note_id,
            at=note.created_at,
            body=note.body,
            by_you=note.author_user_id == principal.user_id,
            member_name=members.get(note.author_user_id),
            team=team_of.get(note.workstream_id) if note.workstream_id else None,
            psychological=note.compartment == Compartment.PSYCHOLOGICAL,
        )
        for note in view.notes
    )
    names = _person_names(uow, {view.person_id})
    return MemberCase(
        case=view,
        person_name=names.get(view.person_id, ""),
        for_you=view.person_id == principal.person_id,
        messages=messages,
        steps=tuple(step for step in view.timeline if step.event in MEMBER_STEPS),
    )


def _member_names(uow: UnitOfWork, user_ids: Iterable[str]) -> dict[str, str]:
    """Display names of the member users among `user_ids` (staff are shown by their team)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = uow.session.execute(
        select(UserRow.id, UserRow.display_name).where(
            UserRow.id.in_(ids), UserRow.kind == UserKind.MEMBER.value
        )
    )
    return {str(user_id): str(name) for user_id, name in rows}


def _person_names(uow: UnitOfWork, person_ids: Iterable[str]) -> dict[str, str]:
    names = {}
    for person_id in sorted(set(person_ids)):
        row = repository.person_row(uow, person_id)
        if row is not None:
            names[person_id] = f"{row.given_name} {row.family_name}"
    return names
