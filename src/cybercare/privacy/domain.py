"""Data-subject requests and who an export may show (GDPR art. 12.3, 15, 20; Art. 11 of the
terms). Pure: dates in, decisions out.

- A request is answered within one month of receipt (art. 12.3): the clock's due date is the
  same day of the next month, or that month's last day when it has no such day (31 January ->
  28 February), as a calendar month is counted in Belgian law.
- An export shows the person's own cases, and the cases of the minors they legally represent in
  the household (Art. 11.3); never another adult's case. Psychological notes only when the
  person is the person concerned (Art. 11.2), never to the representative, and only in the
  archive the person downloads themselves (never in one staff hand over).
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from cybercare.identity.domain import Role
from cybercare.kernel.errors import Conflict, NotFound

ART_11_2 = "Art. 11.2"
ART_11_3 = "Art. 11.3"
GDPR_12_3 = "GDPR art. 12.3"

# Who registers a request received by letter, phone or e-mail and hands its copy over: the
# supervisors (the insurer's point of contact for data requests) and the administrators.
# Assistance teams and claims handlers do not: the copy holds the person's whole file.
DATA_REQUEST_STAFF = (Role.SUPERVISOR, Role.ADMIN)

# The outbox message kind of "build this request's archive" (the worker's task, export_task.py).
PRIVACY_EXPORT = "privacy.export"

# How long the download link of an archive works after it is made (a week: long enough to
# pick it up, short enough that a copy of the data does not linger).
DOWNLOAD_DAYS = 7


class RequestKind(StrEnum):
    ACCESS = "access"


class RequestChannel(StrEnum):
    PORTAL = "portal"
    LETTER = "letter"
    PHONE = "phone"
    EMAIL = "email"


class RequestStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"


class DataRequestNotFound(NotFound):
    """A request that does not exist or is not the principal's: the same answer (Art. 11.3)."""

    code = "privacy.request_not_found"


class ArchiveExpired(Conflict):
    code = "privacy.archive_expired"


class ArchiveNotReady(Conflict):
    code = "privacy.archive_not_ready"


def add_one_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def due_on(received_on: date) -> date:
    """GDPR art. 12.3: one month from receipt."""
    return add_one_month(received_on)


@dataclass(frozen=True, slots=True)
class RequestClock:
    due_on: date
    days_left: int  # negative once overdue
    overdue: bool
    done: bool


def request_clock(due: date, today: date, *, fulfilled: bool) -> RequestClock:
    left = (due - today).days
    return RequestClock(due, left, overdue=not fulfilled and left < 0, done=fulfilled)


def download_expires_at(made_at: datetime) -> datetime:
    return made_at + timedelta(days=DOWNLOAD_DAYS)


def may_download(*, requester_person_id: str, principal_person_id: str | None) -> bool:
    """Only the person the export is about downloads it from the portal; staff hand over the
    letter and phone requests (their own rule, in the service)."""
    return principal_person_id is not None and principal_person_id == requester_person_id


@dataclass(frozen=True, slots=True)
class CaseFact:
    """What the export needs to know about a case to place it (or leave it out)."""

    case_id: str
    person_id: str  # the person concerned


def case_in_export(
    subject_person_id: str, case: CaseFact, represented_minor_ids: Collection[str]
) -> bool:
    """Art. 11.3 inside the export: the subject's own case, or a case of a minor the subject
    legally represents; never another adult's."""
    return case.person_id == subject_person_id or case.person_id in represented_minor_ids


def psychological_notes_in_export(subject_person_id: str, case: CaseFact, *, channel: str) -> bool:
    """Art. 11.2: only the counsellor and the person concerned read psychological notes. So
    they are in the export of the person's own case (never in their representative's, even for
    a minor's case: the representative sees the case, Art. 11.3, not the notes), and only in an
    archive the person downloads themselves from the portal: an archive staff hand over for a
    letter, a call or an e-mail passes through staff hands, so it leaves them out."""
    return case.person_id == subject_person_id and channel == RequestChannel.PORTAL


def ready_email_due(channel: str) -> bool:
    """The member is told by e-mail that the copy they asked for in the portal is ready; a
    letter, call or e-mail request is answered by the staff member who registered it."""
    return channel == RequestChannel.PORTAL
