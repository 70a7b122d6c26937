"""Short ways to run one assistance command in its own unit of work, as the edges do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from cybercare.assistance import contacts, service, workstreams
from cybercare.assistance.domain import Channel, Compartment
from cybercare.assistance.views import CaseView, WorkstreamView
from cybercare.db.tables import PersonRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.product.catalog import default_catalog

T = TypeVar("T")
CATALOG = default_catalog()
TEAM_AGENT = {
    "technical": "technical",
    "legal": "legal",
    "financial": "financial",
    "psychological": "psychologist",
}


def run(db: Database, command: Callable[[UnitOfWork], T]) -> T:
    with db.uow() as uow:
        result = command(uow)
        uow.commit()
    return result


def open_case(
    db: Database,
    clock: Clock,
    who: Principal,
    person_id: str,
    guarantee: str | None = "EREP",
    *,
    channel: Channel | None = None,
    discovery_date: date = date(2026, 11, 26),
    **changes: Any,
) -> CaseView:
    opening = service.CaseOpening(
        person_id=person_id,
        narrative=changes.pop("narrative", "Someone posts photos of me on a forum"),
        discovery_date=discovery_date,
        channel=channel or (Channel.PHONE if who.is_staff else Channel.API),
        guarantee_code=guarantee,
        **changes,
    )
    return run(db, lambda uow: service.open_case(uow, who, opening, CATALOG, clock))


def read(db: Database, clock: Clock, who: Principal, case_id: str) -> CaseView:
    return run(db, lambda uow: service.read_case(uow, who, case_id, clock))


def take(db: Database, clock: Clock, who: Principal, workstream_id: str) -> WorkstreamView:
    return run(db, lambda uow: workstreams.take_workstream(uow, who, workstream_id, clock))


def note(
    db: Database,
    clock: Clock,
    who: Principal,
    workstream_id: str,
    body: str,
    compartment: Compartment = Compartment.GENERAL,
) -> CaseView:
    return run(
        db,
        lambda uow: workstreams.add_workstream_note(
            uow, who, workstream_id, compartment, body, clock
        ),
    )


def workstream_of(view: CaseView, team: str) -> str:
    return next(w.workstream_id for w in view.workstreams if w.team == team)


def reach(
    db: Database,
    clock: Clock,
    who: Principal,
    case_id: str,
    workstream_id: str | None = None,
    *,
    outcome: str = "reached",
) -> contacts.ContactLogged:
    """A call to the member and its outcome, logged (Art. 8.4: a reached call is the first
    human contact; taking a workstream is not)."""
    log = contacts.ContactLog("call", outcome, workstream_id=workstream_id)
    return run(db, lambda uow: contacts.log_contact(uow, who, case_id, log, clock))


def give_contact_details(db: Database, person_id: str, phone: str, email: str) -> None:
    """The phone and e-mail address on a member's profile (given when they subscribed)."""
    with db.uow() as uow:
        row = uow.session.get(PersonRow, person_id)
        assert row is not None
        row.phone, row.email = phone, email
        uow.commit()


def consent(db: Database, clock: Clock, who: Principal, subject_person_id: str) -> None:
    """The explicit consent to psychological assistance (GDPR art. 9(2)(a), Art. 11.2), given
    in the portal by `who`: the person concerned or a minor's legal representative."""
    from cybercare.consent import consent_service
    from cybercare.consent.text_files import consent_texts

    version = consent_texts("psychological_assistance").current(clock.today()).version
    giving = consent_service.ConsentGiving(subject_person_id, version, "nl")
    run(db, lambda uow: consent_service.give_consent(uow, who, giving, clock))
