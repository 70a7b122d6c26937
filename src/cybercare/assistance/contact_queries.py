"""How to reach the people of a case and the tries made so far (Art. 2.4, 8.4, 11.1), as the
staff view shows them. Read only after `contacts` checked who asks (Art. 11.1): this module
decides nothing about access.

Who is reached: the person concerned, or for a minor (Art. 2.4: "their cases are handled with
their legal representative") the legal representatives in the household on the day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from cybercare.assistance.case import Case
from cybercare.db.tables import CaseCallbackRow, ContactAttemptRow
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Person, is_minor, legal_representatives_of
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.policy.repository import load_household


@dataclass(frozen=True, slots=True)
class ContactLine:
    """One person to call or write to, with what their profile holds (None: nothing given)."""

    person_id: str
    name: str
    language: str
    phone: str | None
    email: str | None
    representative: bool  # a minor's legal representative, not the person concerned


@dataclass(frozen=True, slots=True)
class ContactAttemptView:
    attempt_id: int
    workstream_id: str | None
    person_id: str | None
    kind: str
    outcome: str
    channel: str
    note: str | None
    first_contact: bool
    next_try_at: datetime | None
    made_by: str
    made_at: datetime


@dataclass(frozen=True, slots=True)
class CaseContacts:
    """What the staff view shows to reach the member: the people, the call-back number the
    member left (when there is one), the tries made and the next one planned."""

    case_id: str
    minor: bool
    people: tuple[ContactLine, ...]
    callback_phone: str | None
    attempts: tuple[ContactAttemptView, ...]
    next_try_at: datetime | None  # planned by the latest try, while its clock runs


def _line(person: Person, *, representative: bool) -> ContactLine:
    return ContactLine(
        person.person_id,
        f"{person.given_name} {person.family_name}",
        person.language,
        person.phone or None,
        person.email or None,
        representative,
    )


def reachable_people(uow: UnitOfWork, case: Case, today: date) -> tuple[bool, list[ContactLine]]:
    """(minor, people): the person concerned, or a minor's legal representatives on `today`."""
    household = load_household(uow, case.household_id)
    person = household.person(case.person_id)
    if not is_minor(person, today):
        return False, [_line(person, representative=False)]
    try:
        representatives = legal_representatives_of(household, person.person_id, today)
    except (Conflict, InvalidInput):
        representatives = ()  # no member any more: nobody in the household represents them
    return True, [_line(p, representative=True) for p in representatives]


def callback_phone(uow: UnitOfWork, case_id: str) -> str | None:
    """The number the member asked to be called back on ("I need help now", Art. 8.4), when the
    case was opened by a call-back request: the workspace shows it first, as a `tel:` link."""
    row = uow.session.get(CaseCallbackRow, case_id)
    return row.phone if row is not None else None


def _view(row: ContactAttemptRow) -> ContactAttemptView:
    return ContactAttemptView(
        row.id,
        row.workstream_id,
        row.person_id,
        row.kind,
        row.outcome,
        row.channel,
        row.note,
        row.first_contact,
        row.next_try_at,
        row.made_by,
        row.made_at,
    )


def attempts_of(uow: UnitOfWork, case_id: str) -> list[ContactAttemptView]:
    """The tries of a case, the latest first."""
    rows = uow.session.scalars(
        select(ContactAttemptRow)
        .where(ContactAttemptRow.case_id == case_id)
        .order_by(ContactAttemptRow.made_at.desc(), ContactAttemptRow.id.desc())
    )
    return [_view(row) for row in rows]


def next_tries(uow: UnitOfWork, workstream_ids: Iterable[str]) -> dict[str, datetime]:
    """Workstream id -> the next try planned by its latest try (for the queue rows): only where
    the latest try reached nobody and the clock still ran."""
    wanted = sorted(set(workstream_ids))
    if not wanted:
        return {}
    rows = uow.session.execute(
        select(ContactAttemptRow.workstream_id, ContactAttemptRow.next_try_at)
        .where(ContactAttemptRow.workstream_id.in_(wanted))
        .order_by(ContactAttemptRow.made_at.desc(), ContactAttemptRow.id.desc())
    )
    latest: dict[str, datetime | None] = {}
    for workstream_id, next_try_at in rows:
        latest.setdefault(str(workstream_id), next_try_at)
    return {ws: at for ws, at in latest.items() if at is not None}


def next_try_of(
    attempts: Iterable[ContactAttemptView], workstream_id: str | None
) -> datetime | None:
    """The next try planned on a workstream (None: the case's own tries), by its latest try."""
    for attempt in attempts:  # the latest first
        if attempt.workstream_id == workstream_id:
            return attempt.next_try_at
    return None
