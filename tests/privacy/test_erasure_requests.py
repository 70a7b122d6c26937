"""GDPR art. 17 and 12.3: erasure requests, honoured at once where nothing must be kept,
otherwise answered with the date and the legal basis; a month to answer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from cybercare.db.tables import metadata
from cybercare.db.uow import Database
from cybercare.identity.domain import Principal, Role, RoleRequired, UserKind
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.privacy.erasure_queries import open_requests
from cybercare.privacy.erasure_service import (
    Channel,
    ErasureAlreadyDecided,
    decide_request,
    register_erasure,
    request_erasure,
)
from cybercare.privacy.schedule import load_schedule
from tests.privacy.seed import person, seed_person

SCHEDULE = load_schedule()
T = metadata.tables


def clock_on(day: date) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))


def member(ids: dict[str, str]) -> Principal:
    return Principal(
        ids["user"],
        UserKind.MEMBER,
        "m",
        "nl",
        person_id=ids["person"],
        household_id=ids["household"],
    )


def staff(*roles: Role) -> Principal:
    return Principal("rt-staff", UserKind.STAFF, "s", "nl", roles=frozenset(roles))


def given_name(db: Database, person_id: str) -> str:
    with db.reader() as uow:
        return str(
            uow.session.scalar(
                select(T["persons"].c.given_name).where(T["persons"].c.id == person_id)
            )
        )


def seeded(db: Database, key: str) -> dict[str, str]:
    with db.uow() as uow:
        ids = seed_person(uow, person(key))
        uow.commit()
    return ids


def test_art_17_nothing_to_keep_the_member_is_erased_at_once(db: Database) -> None:
    ids = seeded(db, "alone")
    with db.uow() as uow:  # no money ever moved: no accounting duty
        uow.session.execute(
            T["payouts"].delete().where(T["payouts"].c.household_id == ids["household"])
        )
        uow.session.execute(
            T["billing_mandates"]
            .delete()
            .where(T["billing_mandates"].c.affiliation_id == ids["affiliation"])
        )
        uow.commit()
    with db.uow() as uow:
        answer = request_erasure(uow, member(ids), SCHEDULE, clock_on(date(2026, 12, 1)))
        uow.commit()
    assert answer.status == "honoured"
    assert answer.retained_until is None
    assert given_name(db, ids["person"]) == ""


def test_art_17_3_the_books_keep_the_payout_until_their_date(db: Database) -> None:
    ids = seeded(db, "booked")
    with db.uow() as uow:
        answer = request_erasure(uow, member(ids), SCHEDULE, clock_on(date(2022, 6, 1)))
        uow.commit()
    assert answer.status == "answered"
    assert answer.retained_until == date(2027, 1, 1)
    assert answer.decision is not None
    [kept] = answer.decision["kept"]
    assert kept["category"] == "accounting_records" and "III.88" in kept["legal_basis"]
    assert given_name(db, ids["person"]) == ""  # what no duty keeps went at once
    with db.reader() as uow:
        iban = uow.session.scalar(
            select(T["payouts"].c.iban).where(T["payouts"].c.household_id == ids["household"])
        )
    assert iban == person("booked").iban


def test_art_17_a_running_contract_is_answered_open_ended(db: Database) -> None:
    ids = seeded(db, "running")
    with db.uow() as uow:
        uow.session.execute(
            update(T["affiliations"])
            .where(T["affiliations"].c.id == ids["affiliation"])
            .values(status="active")
        )
        uow.commit()
    with db.uow() as uow:
        answer = request_erasure(uow, member(ids), SCHEDULE, clock_on(date(2026, 12, 1)))
        uow.commit()
    assert answer.status == "answered"
    assert answer.retained_until is None
    assert given_name(db, ids["person"]) == person("running").name


def test_art_12_3_a_letter_is_registered_open_and_due_a_month_after_receipt(db: Database) -> None:
    ids = seeded(db, "letter")
    clock = clock_on(date(2026, 1, 31))
    with db.uow() as uow:
        record = register_erasure(
            uow, staff(Role.TECHNICAL), ids["person"], Channel.LETTER, date(2026, 1, 30), clock
        )
        uow.commit()
    assert (record.status, record.due_on) == ("open", date(2026, 2, 28))
    with db.reader() as uow:
        listed = open_requests(uow, date(2026, 3, 1))
    mine = [r for r in listed if r.id == record.id]
    assert mine and mine[0].overdue


def test_art_12_6_only_a_supervisor_answers_a_registered_request(db: Database) -> None:
    ids = seeded(db, "checked")
    clock = clock_on(date(2026, 12, 1))
    with db.uow() as uow:
        record = register_erasure(
            uow, staff(Role.TECHNICAL), ids["person"], Channel.PHONE, date(2026, 11, 30), clock
        )
        uow.commit()
    with pytest.raises(RoleRequired), db.uow() as uow:
        decide_request(uow, staff(Role.TECHNICAL), record.id, SCHEDULE, clock)
    with db.uow() as uow:
        answered = decide_request(uow, staff(Role.SUPERVISOR), record.id, SCHEDULE, clock)
        uow.commit()
    assert answered.status in ("honoured", "answered")
    with pytest.raises(ErasureAlreadyDecided), db.uow() as uow:
        decide_request(uow, staff(Role.SUPERVISOR), record.id, SCHEDULE, clock)


def test_a_request_received_tomorrow_is_refused(db: Database) -> None:
    ids = seeded(db, "future")
    with pytest.raises(InvalidInput), db.uow() as uow:
        register_erasure(
            uow,
            staff(Role.TECHNICAL),
            ids["person"],
            Channel.LETTER,
            date(2026, 12, 2),
            clock_on(date(2026, 12, 1)),
        )


def test_a_portal_request_is_not_registered_by_staff(db: Database) -> None:
    ids = seeded(db, "portal")
    with pytest.raises(InvalidInput), db.uow() as uow:
        register_erasure(
            uow,
            staff(Role.TECHNICAL),
            ids["person"],
            Channel.PORTAL,
            date(2026, 12, 1),
            clock_on(date(2026, 12, 1)),
        )
