"""Erasure requests (GDPR art. 17): a member asks in the portal, staff register a letter or a
call. The answer is given at once where the member asked (they are signed in), and by a
supervisor for a request registered by staff (who first checks who is asking, art. 12.6),
within a month of receipt (art. 12.3). What no duty keeps is pseudonymised in the same
transaction; the rest is answered with its date and legal basis."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.periods import add_months
from cybercare.privacy import erasure_repository as repository
from cybercare.privacy.erasure_repository import ErasureRecord
from cybercare.privacy.pseudonymise_service import erase_person
from cybercare.privacy.retention import ErasureDecision, Outcome, PersonFacts, decide_erasure
from cybercare.privacy.schedule import Schedule

ART_17 = "GDPR art. 17"
ART_12_3 = "GDPR art. 12.3"
DECIDERS = (Role.SUPERVISOR, Role.ADMIN)


class Channel(StrEnum):
    PORTAL = "portal"
    LETTER = "letter"
    PHONE = "phone"
    EMAIL = "email"


class ErasureAlreadyDecided(Conflict):
    code = "erasure.already_decided"


def due_on(received_on: date) -> date:
    """Art. 12.3: an answer within one month of receipt."""
    return add_months(received_on, 1)


def _register(
    uow: UnitOfWork, person_id: str, channel: Channel, received_on: date, actor: str, clock: Clock
) -> ErasureRecord:
    record = ErasureRecord(
        id=new_id("era"),
        person_id=person_id,
        household_id=repository.household_of(uow, person_id),
        channel=channel.value,
        status="open",
        received_on=received_on,
        due_on=due_on(received_on),
        registered_by=actor,
        decided_at=None,
        retained_until=None,
        decision=None,
    )
    repository.add(uow, record, at=clock.now())
    trail.record(
        uow,
        at=clock.now(),
        actor=actor,
        action="privacy.erasure_requested",
        subject_type="erasure_request",
        subject_id=record.id,
        clause=ART_12_3,
        details={
            "person_id": person_id,
            "channel": channel.value,
            "due_on": record.due_on.isoformat(),
        },
    )
    return record


def _decide(
    uow: UnitOfWork, record: ErasureRecord, schedule: Schedule, actor: str, clock: Clock
) -> ErasureDecision:
    events = repository.retention_events(uow, record.person_id, record.household_id)
    decision = decide_erasure(schedule, PersonFacts(events), clock.today())
    if decision.erase_now:
        erase_person(
            uow, schedule, record.person_id, decision.erase_now, actor=actor, now=clock.now()
        )
    honoured = decision.outcome is Outcome.ERASE_NOW
    repository.decide(
        uow,
        record.id,
        status="honoured" if honoured else "answered",
        at=clock.now(),
        by=actor,
        retained_until=decision.until,
        decision={
            "schedule": decision.schedule_version,
            "erased": list(decision.erase_now),
            "kept": [
                {
                    "category": k.category,
                    "until": None if k.until is None else k.until.isoformat(),
                    "legal_basis": k.legal_basis,
                }
                for k in decision.kept
            ],
        },
    )
    trail.record(
        uow,
        at=clock.now(),
        actor=actor,
        action="privacy.erasure_honoured" if honoured else "privacy.erasure_answered",
        subject_type="erasure_request",
        subject_id=record.id,
        clause=ART_17,
        details={
            "erased": list(decision.erase_now),
            "kept": [k.category for k in decision.kept],
            "until": None if decision.until is None else decision.until.isoformat(),
        },
    )
    return decision


def request_erasure(
    uow: UnitOfWork, member: Principal, schedule: Schedule, clock: Clock
) -> ErasureRecord:
    """The signed-in member asks: registered and answered at once."""
    if member.person_id is None:
        raise Forbidden("only a member asks for their own data to be erased", clause=ART_17)
    record = _register(uow, member.person_id, Channel.PORTAL, clock.today(), member.actor, clock)
    _decide(uow, record, schedule, member.actor, clock)
    return repository.load(uow, record.id)


def register_erasure(
    uow: UnitOfWork,
    staff: Principal,
    person_id: str,
    channel: Channel,
    received_on: date,
    clock: Clock,
) -> ErasureRecord:
    """Staff register a request received by letter, phone or e-mail; its month runs from
    receipt. Any staff member may register one."""
    if not staff.is_staff:
        raise Forbidden("staff register requests received outside the portal")
    if channel is Channel.PORTAL:
        raise InvalidInput("channel", "a portal request is made by the member")
    if received_on > clock.today():
        raise InvalidInput("received_on", "a request is not received in the future")
    return _register(uow, person_id, channel, received_on, staff.actor, clock)


def decide_request(
    uow: UnitOfWork, staff: Principal, request_id: str, schedule: Schedule, clock: Clock
) -> ErasureRecord:
    """A supervisor, having checked who asked, has the request answered."""
    require_role(staff, *DECIDERS)
    record = repository.load(uow, request_id)
    if record.status != "open":
        raise ErasureAlreadyDecided(
            "this request is answered already", params={"status": record.status}
        )
    _decide(uow, record, schedule, staff.actor, clock)
    return repository.load(uow, request_id)


def latest_request(uow: UnitOfWork, member: Principal) -> ErasureRecord | None:
    return None if member.person_id is None else repository.latest_of_person(uow, member.person_id)
