"""Access requests (GDPR art. 12.3, 15, 20): asked in the portal or registered by staff from a
letter or a call, produced as one archive, downloaded by the person (or handed over by staff
for a letter or a call), each step with its audit event.

Art. 11.3 holds inside the export: `export_scope` decides which cases it shows with the rule
the portal applies (`may_see_row`) AND the export's own rule (`case_in_export`): the person's
own cases and those of the minors they represent; never another adult's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from cybercare.assistance import repository as cases_repository
from cybercare.assistance.access import may_see_row
from cybercare.audit import trail
from cybercare.claims.member_queries import decision_letter_pdf
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import is_minor, legal_representatives_of
from cybercare.identity.domain import Principal, UserKind, require_role
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.kernel.errors import DomainError, Forbidden, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.outbox.enqueue import enqueue_task
from cybercare.policy.repository import load_household
from cybercare.privacy import export_queries, repository
from cybercare.privacy.domain import (
    ART_11_2,
    ART_11_3,
    DATA_REQUEST_STAFF,
    GDPR_12_3,
    PRIVACY_EXPORT,
    ArchiveExpired,
    ArchiveNotReady,
    CaseFact,
    DataRequestNotFound,
    RequestChannel,
    RequestKind,
    RequestStatus,
    case_in_export,
    download_expires_at,
    due_on,
    may_download,
    psychological_notes_in_export,
)
from cybercare.privacy.export_archive import EXPORT_VERSION, build_archive
from cybercare.privacy.export_sections import ExportContext, ExportScope
from cybercare.privacy.repository import ArchiveInfo, DataRequest
from cybercare.product.catalog import Catalog


@dataclass(frozen=True, slots=True)
class RequestView:
    request: DataRequest
    archive: ArchiveInfo | None


def request_export(uow: UnitOfWork, principal: Principal, clock: Clock) -> DataRequest:
    """A member asks for their data in the portal. An open request is answered, not doubled."""
    if not principal.is_member or principal.person_id is None:
        raise Forbidden("only a member asks for their own data here", code="privacy.not_member")
    for existing in repository.requests_of_person(uow, principal.person_id):
        if existing.status == RequestStatus.OPEN:
            return existing
    return _register(
        uow,
        person_id=principal.person_id,
        channel=RequestChannel.PORTAL,
        received_at=clock.now(),
        actor=principal.actor,
        clock=clock,
    )


def register_request(
    uow: UnitOfWork,
    staff: Principal,
    *,
    person_id: str,
    channel: str,
    received_on: date,
    clock: Clock,
) -> DataRequest:
    """Staff register a request received by letter, phone or e-mail; its clock runs from the
    day it was received (art. 12.3), which cannot be in the future."""
    if not staff.is_staff:
        raise Forbidden("staff register requests", code="privacy.not_staff")
    require_role(staff, *DATA_REQUEST_STAFF)
    if channel not in {c.value for c in RequestChannel} - {RequestChannel.PORTAL.value}:
        raise InvalidInput("channel", "letter, phone or e-mail")
    today = clock.today()
    if received_on > today:
        raise InvalidInput("received_on", "a request is received today or earlier")
    if repository.person_exists(uow, person_id) is None:
        raise InvalidInput("person_id", "no such person")
    received_at = (
        clock.now()
        if received_on == today
        else datetime.combine(received_on, time(12), tzinfo=BRUSSELS)
    )
    return _register(
        uow,
        person_id=person_id,
        channel=RequestChannel(channel),
        received_at=received_at,
        actor=staff.actor,
        clock=clock,
    )


def _register(
    uow: UnitOfWork,
    *,
    person_id: str,
    channel: RequestChannel,
    received_at: datetime,
    actor: str,
    clock: Clock,
) -> DataRequest:
    known = repository.person_exists(uow, person_id)
    assert known is not None
    request = DataRequest(
        request_id=new_id("dsr"),
        kind=RequestKind.ACCESS.value,
        channel=channel.value,
        person_id=person_id,
        language=known[1],
        received_at=received_at,
        due_on=due_on(received_at.astimezone(BRUSSELS).date()),
        status=RequestStatus.OPEN.value,
        registered_by=actor,
        fulfilled_at=None,
    )
    repository.add_request(uow, request)
    now = clock.now()
    # The archive takes seconds to build: the worker makes it after commit (export_task.py).
    enqueue_task(
        uow,
        kind=PRIVACY_EXPORT,
        dedupe_key=f"{PRIVACY_EXPORT}:{request.request_id}",
        payload={"request_id": request.request_id},
        at=now,
    )
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="data_request.received",
        subject_type="data_request",
        subject_id=request.request_id,
        clause=GDPR_12_3,
        details={
            "kind": request.kind,
            "channel": request.channel,
            "person_id": person_id,
            "due_on": request.due_on.isoformat(),
        },
    )
    return request


def subject_principal(uow: UnitOfWork, person_id: str) -> Principal:
    """The person as a member principal, for the portal's own visibility rules (Art. 11.3);
    a person without a portal login gets a principal that names them."""
    known = repository.person_exists(uow, person_id)
    if known is None:
        raise InvalidInput("person_id", "no such person")
    user = repository.user_of_person(uow, person_id)
    user_id, name = user if user is not None else (f"person:{person_id}", person_id)
    return Principal(
        user_id=user_id,
        kind=UserKind.MEMBER,
        display_name=name,
        language=known[1],
        person_id=person_id,
        household_id=known[0],
    )


def export_scope(
    uow: UnitOfWork, person_id: str, language: str, today: date, *, channel: str
) -> ExportScope:
    """What the export of `person_id` shows; `channel` is the request's: the psychological
    notes only go into an archive the person downloads themselves (Art. 11.2)."""
    principal = subject_principal(uow, person_id)
    household_ids = repository.household_ids_of(uow, person_id) or [principal.household_id or ""]
    own: list[str] = []
    represented_cases: list[str] = []
    seen: set[str] = set()
    for household_id in household_ids:
        household = load_household(uow, household_id)
        minors: set[str] = set()
        for member in household.people:
            try:
                if is_minor(member, today) and person_id in {
                    p.person_id
                    for p in legal_representatives_of(household, member.person_id, today)
                }:
                    minors.add(member.person_id)
            except DomainError:
                continue  # no member on that day
        for case in cases_repository.cases_of_household(uow, household_id):
            seen.add(case.id)
            fact = CaseFact(case.id, case.person_id)
            if case.person_id == person_id:
                own.append(case.id)
            elif case_in_export(person_id, fact, minors) and may_see_row(
                principal, case, household, today=today
            ):
                represented_cases.append(case.id)
    # Own cases opened while the person lived in a household they no longer belong to.
    for header in export_queries.case_headers(uow, person_id=person_id, household_ids=()):
        if header.case_id not in seen and header.person_id == person_id:
            own.append(header.case_id)
    affiliate_of = repository.affiliate_households(uow, person_id)
    return ExportScope(
        person_id=person_id,
        language=language,
        household_ids=tuple(household_ids),
        affiliation_ids=tuple(repository.affiliation_ids_of(uow, affiliate_of)),
        case_ids=tuple(own + represented_cases),
        psychological_case_ids=tuple(
            c
            for c in own
            if psychological_notes_in_export(person_id, CaseFact(c, person_id), channel=channel)
        ),
        is_affiliate=bool(affiliate_of),
        handed_over=channel != RequestChannel.PORTAL,
    )


def produce_export(
    uow: UnitOfWork, request_id: str, catalog: Catalog, clock: Clock, *, actor: str
) -> ArchiveInfo:
    """Build the archive of an access request, keep it for download until its link expires,
    and stop the request's clock (art. 12.3: the data is made available). Synchronous: the
    worker calls it (`export_task.prepare_export`), and so do the tests and the bench."""
    request = repository.get_request(uow, request_id, for_update=True)
    if request is None:
        raise DataRequestNotFound(f"no data request {request_id!r}")
    now, today = clock.now(), clock.today()
    scope = export_scope(uow, request.person_id, request.language, today, channel=request.channel)
    principal = subject_principal(uow, request.person_id)

    def letter(claim_id: str) -> bytes | None:
        try:
            return decision_letter_pdf(uow, principal, claim_id, scope.language, catalog, clock)
        except DomainError:
            return None  # not decided, or not this person's to read (Art. 11.3)

    context = ExportContext(uow, scope, catalog, clock, letter)
    archive = build_archive(
        context, request_id=request.request_id, received_at=request.received_at, made_at=now
    )
    expires_at = download_expires_at(now)
    repository.save_archive(
        uow,
        request_id=request.request_id,
        export_version=EXPORT_VERSION,
        content=archive.content,
        sha256=archive.sha256,
        created_at=now,
        expires_at=expires_at,
    )
    notes = repository.psychological_note_ids(uow, scope.psychological_case_ids)
    if notes and not principal.user_id.startswith("person:"):
        repository.log_psychological_reads(
            uow, notes, user_id=principal.user_id, purpose="privacy.export", at=now
        )
    if request.status == RequestStatus.OPEN:
        repository.mark_fulfilled(uow, request.request_id, now)
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="data_export.produced",
        subject_type="data_request",
        subject_id=request.request_id,
        clause=ART_11_3,
        details={
            "person_id": request.person_id,
            "export_version": EXPORT_VERSION,
            "size_bytes": len(archive.content),
            "sha256": archive.sha256,
            "cases": len(scope.case_ids),
            "psychological_notes": len(notes),
            "expires_at": expires_at.isoformat(),
        },
    )
    info = repository.archive_info(uow, [request.request_id])
    return info[request.request_id]


@dataclass(frozen=True, slots=True)
class Download:
    request_id: str
    content: bytes
    filename: str


def download_export(
    uow: UnitOfWork, principal: Principal, request_id: str, clock: Clock
) -> Download:
    """The archive for the person it is about; staff hand over only what was asked by letter,
    phone or e-mail. Anyone else: not found (the request's existence is not revealed)."""
    request = repository.get_request(uow, request_id)
    if request is None:
        raise DataRequestNotFound(f"no data request {request_id!r}")
    if principal.is_staff:
        require_role(principal, *DATA_REQUEST_STAFF)
        if request.channel == RequestChannel.PORTAL:
            raise Forbidden(
                "the member downloads what they asked for in the portal",
                code="privacy.member_downloads",
                clause=ART_11_3,
            )
    elif not may_download(
        requester_person_id=request.person_id, principal_person_id=principal.person_id
    ):
        raise DataRequestNotFound(f"no data request {request_id!r}")
    now = clock.now()
    info = repository.archive_info(uow, [request_id]).get(request_id)
    if info is None:
        raise ArchiveNotReady("the archive is being prepared", clause=GDPR_12_3)
    if info.purged or info.expires_at <= now:
        raise ArchiveExpired("the download link expired", params={"expired_at": info.expires_at})
    content = repository.archive_content(uow, request_id)
    if content is None:
        raise ArchiveExpired("the download link expired")
    # Staff hand over only letter, phone and e-mail requests, whose archive holds no
    # psychological note (Art. 11.2, `psychological_notes_in_export`): no note read to log.
    repository.count_download(uow, request_id)
    trail.record(
        uow,
        at=now,
        actor=principal.actor,
        action="data_export.handed_over" if principal.is_staff else "data_export.downloaded",
        subject_type="data_request",
        subject_id=request_id,
        clause=ART_11_2 if principal.is_staff else ART_11_3,
        details={"person_id": request.person_id, "sha256": info.sha256},
    )
    day = info.created_at.astimezone(BRUSSELS).date().isoformat()
    return Download(request_id, content, f"cyber-care-my-data-{day}.zip")


def my_requests(uow: UnitOfWork, principal: Principal) -> list[RequestView]:
    if not principal.is_member or principal.person_id is None:
        raise Forbidden("only a member reads their requests", code="privacy.not_member")
    return _views(uow, repository.requests_of_person(uow, principal.person_id))


def requests_of(uow: UnitOfWork, staff: Principal, person_id: str) -> list[RequestView]:
    if not staff.is_staff:
        raise Forbidden("staff only", code="privacy.not_staff")
    return _views(uow, repository.requests_of_person(uow, person_id))


def _views(uow: UnitOfWork, requests: list[DataRequest]) -> list[RequestView]:
    archives = repository.archive_info(uow, [r.request_id for r in requests])
    return [RequestView(r, archives.get(r.request_id)) for r in requests]


def purge_expired_archives(uow: UnitOfWork, clock: Clock) -> int:
    now = clock.now()
    purged = repository.purge_expired(uow, now)
    for request_id in purged:
        trail.record(
            uow,
            at=now,
            actor="system",
            action="data_export.purged",
            subject_type="data_request",
            subject_id=request_id,
        )
    return len(purged)
