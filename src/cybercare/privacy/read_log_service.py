"""Use cases of the read log (Art. 11, GDPR Art. 15): record a staff read in the transaction
of the read, list the reads of a person (for the data export), and show a member the reads of
their data and of the minors they represent (Art. 11.3, decided here, not in a template).

Recording never commits: the edge that reads commits once, so the read and its log row exist
together or not at all. A member's read of their own data is not a staff read: nothing is
recorded, and such a read may stay on a read-only unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cybercare.assistance import repository as cases
from cybercare.assistance.access import can_see
from cybercare.assistance.case import Case
from cybercare.assistance.contact_queries import CaseContacts
from cybercare.assistance.domain import Compartment
from cybercare.assistance.views import CaseView
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.policy.repository import load_household
from cybercare.privacy import read_log_repository as repository
from cybercare.privacy.read_log import (
    ART_11_3,
    PersonalDataRead,
    Read,
    ReadKind,
    ReadLogRefused,
    ReadPurpose,
    persons_whose_reads_they_see,
    staff_function,
)

MEMBER_PAGE_LIMIT = 500


def record_reads(
    uow: UnitOfWork, principal: Principal, reads: Iterable[Read], clock: Clock
) -> None:
    """One row per person of each read, all in one INSERT; nothing for a member's own read."""
    if not principal.is_staff:
        return
    at = clock.now()
    rows = [
        {
            "read_at": at,
            "staff_user_id": principal.user_id,
            "staff_function": staff_function(principal.roles, read.kind).value,
            "kind": read.kind.value,
            "purpose": read.purpose.value,
            "person_id": person_id,
            "household_id": read.household_id,
            "case_id": read.case_id,
        }
        for read in reads
        for person_id in dict.fromkeys(read.person_ids)
    ]
    repository.append(uow, rows)


def record_case_read(
    uow: UnitOfWork,
    principal: Principal,
    case: CaseView,
    clock: Clock,
    *,
    contacts: CaseContacts | None = None,
    purpose: ReadPurpose = ReadPurpose.CASE,
) -> None:
    """A case as the staff member saw it: the case of its person, the psychological notes when
    the view holds some (Art. 11.2; note by note they are also in `note_access_log`), and the
    contact details when they were shown (for a minor: the legal representatives', Art. 2.4)."""
    reads = [Read(ReadKind.CASE, purpose, case.household_id, (case.person_id,), case.case_id)]
    if any(note.compartment == Compartment.PSYCHOLOGICAL for note in case.notes):
        reads.append(
            Read(
                ReadKind.PSYCHOLOGICAL_NOTES,
                purpose,
                case.household_id,
                (case.person_id,),
                case.case_id,
            )
        )
    if contacts is not None and contacts.people:
        reads.append(contact_details_read(case.household_id, case.case_id, contacts, purpose))
    record_reads(uow, principal, reads, clock)


def contact_details_read(
    household_id: str, case_id: str, contacts: CaseContacts, purpose: ReadPurpose
) -> Read:
    people = tuple(p.person_id for p in contacts.people)
    return Read(ReadKind.CONTACT_DETAILS, purpose, household_id, people, case_id)


def record_claim_read(
    uow: UnitOfWork, principal: Principal, claim_id: str, kind: ReadKind, clock: Clock
) -> None:
    """A claim, one of its evidence files or its letter, read to handle the claim."""
    if not principal.is_staff:
        return
    repository.append_of_claim(
        uow,
        claim_id,
        at=clock.now(),
        staff_user_id=principal.user_id,
        staff_function=staff_function(principal.roles, kind).value,
        kind=kind,
        purpose=ReadPurpose.CLAIM,
    )


def reads_of_person(
    uow: UnitOfWork,
    person_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[PersonalDataRead]:
    """Every staff read of the data of `person_id`, newest first, ids and codes only (for the
    data export of GDPR Art. 15, which decides itself who may ask for it)."""
    return repository.reads_of_persons(uow, [person_id], since=since, until=until, limit=limit)


@dataclass(frozen=True, slots=True)
class ReadSeen:
    """One read as a member sees it: whose data, and the case when they may see it."""

    read: PersonalDataRead
    own: bool  # the member's own data (else: a minor's they represent)
    given_name: str  # whose data, as the household knows them
    case_id: str | None  # None when there is none or the member may not see it (Art. 11.3)
    affiliation_id: str | None
    guarantee_code: str | None
    case_opened_at: datetime | None


def reads_seen_by(
    uow: UnitOfWork, principal: Principal, clock: Clock, *, limit: int = MEMBER_PAGE_LIMIT
) -> list[ReadSeen]:
    """The reads a member sees (Art. 11.3): of their own data, and of the data of the minors
    they represent today; a case is named only when they may see it."""
    if not principal.is_member or principal.household_id is None:
        raise ReadLogRefused("a member reads the reads of their data", clause=str(ART_11_3))
    household = load_household(uow, principal.household_id)
    today = clock.today()
    persons = persons_whose_reads_they_see(principal, household, today)
    names = {p.person_id: p.given_name for p in household.people}
    visible_cases: dict[str, Case | None] = {}
    seen: list[ReadSeen] = []
    for read in repository.reads_of_persons(uow, persons, limit=limit):
        if read.person_id != principal.person_id and read.household_id != principal.household_id:
            continue  # a minor's reads from before they joined this household
        case = None
        if read.case_id is not None:
            if read.case_id not in visible_cases:
                row = cases.case_row(uow, read.case_id)
                ok = row is not None and can_see(uow, principal, row, today=today)
                visible_cases[read.case_id] = row if ok else None
            case = visible_cases[read.case_id]
        seen.append(
            ReadSeen(
                read=read,
                own=read.person_id == principal.person_id,
                given_name=names.get(read.person_id, ""),
                case_id=case.id if case else None,
                affiliation_id=case.affiliation_id if case else None,
                guarantee_code=case.guarantee_code if case else None,
                case_opened_at=case.opened_at if case else None,
            )
        )
    return seen


def record_contacts_read(
    uow: UnitOfWork,
    principal: Principal,
    contacts: CaseContacts,
    clock: Clock,
    *,
    purpose: ReadPurpose = ReadPurpose.CASE,
) -> None:
    """The contact details of a case read on their own (the API): the household from the case."""
    case = cases.case_row(uow, contacts.case_id)
    if case is None or not contacts.people or not principal.is_staff:
        return
    read = contact_details_read(case.household_id, case.id, contacts, purpose)
    record_reads(uow, principal, [read], clock)
