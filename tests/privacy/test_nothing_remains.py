"""GDPR art. 5(1)(e): past its retention period, nothing of a person remains in any text,
binary or JSON column of any table, except where the schedule still keeps it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import JSON, LargeBinary, MetaData, String, Text, select

from cybercare.db.uow import Database
from cybercare.jobs import build_job_registry
from cybercare.kernel.clock import FixedClock
from cybercare.privacy.retention import expired
from cybercare.privacy.schedule import Schedule, load_schedule
from cybercare.product.catalog import default_catalog
from tests.privacy.seed import Person, person, seed_person

JOBS = (
    "privacy.retention",
    "partners.idempotency_purge",
    "identity.web_sessions_purge",
    "claims.report_drafts_purge",
    "outbox.purge",
    "privacy.export_archives_purge",
)
# the latest event of the seeded person, per category's clock
EVENTS = {
    "household_relationship_ended": date(2016, 3, 1),
    "case_closed": date(2016, 1, 10),
    "booked": date(2016, 3, 1),
    "message_created": date(2015, 3, 2),
    "request_received": date(2015, 3, 2),
    "session_started": date(2015, 3, 2),
}


def run_jobs(db: Database, on: date) -> None:
    clock = FixedClock(datetime(on.year, on.month, on.day, 3, 0, tzinfo=UTC))
    registry = {job.name: job for job in build_job_registry(default_catalog()).jobs()}
    for name in JOBS:
        registry[name].run(db, clock)


def text_values(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def findings(db: Database, needles: dict[str, str]) -> set[tuple[str, str]]:
    """(table.column, what) for every needle found anywhere, from the reflected schema."""
    found: set[tuple[str, str]] = set()
    with db.reader() as uow:
        reflected = MetaData()
        reflected.reflect(bind=uow.session.connection())
        for table in reflected.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text | LargeBinary | JSON):
                    continue
                for value in uow.session.scalars(select(column)):
                    text = text_values(value)
                    found |= {
                        (f"{table.name}.{column.name}", what)
                        for what, needle in needles.items()
                        if needle in text
                    }
    return found


def kept_places(schedule: Schedule, on: date) -> set[str]:
    return {
        column
        for category in schedule.categories
        if category.columns
        and not expired(category, EVENTS.get(category.runs_from, date(2016, 3, 1)), on)
        for column in category.columns
    }


def outside(found: Iterable[tuple[str, str]], allowed: set[str]) -> set[tuple[str, str]]:
    return {(place, what) for place, what in found if place not in allowed}


def test_seeded_person_is_found_everywhere_before_the_job(db: Database) -> None:
    """The scan finds what it looks for: the seed names the person in every kind of column."""
    who = person("before")
    with db.uow() as uow:
        seed_person(uow, who)
        uow.commit()
    places = {place for place, _ in findings(db, who.needles())}
    assert {"persons.given_name", "claim_evidence.content", "claims.circumstances"} <= places
    assert {"outbox_messages.payload", "billing_debit_batches.xml", "payouts.iban"} <= places


def test_art_5_1_e_past_every_period_nothing_of_the_person_remains(db: Database) -> None:
    who = person("gone")
    with db.uow() as uow:
        seed_person(uow, who)
        uow.commit()
    run_jobs(db, date(2040, 1, 1))
    assert kept_places(load_schedule(), date(2040, 1, 1)) == set()
    assert findings(db, who.needles()) == set()


def test_art_5_1_e_within_the_accounting_period_only_the_books_keep_the_iban(db: Database) -> None:
    who = person("books")
    with db.uow() as uow:
        seed_person(uow, who)
        uow.commit()
    on = date(2022, 6, 1)
    run_jobs(db, on)
    allowed = kept_places(load_schedule(), on)
    assert "payouts.iban" in allowed and "persons.given_name" not in allowed
    found = findings(db, who.needles())
    assert outside(found, allowed) == set()
    assert ("payouts.iban", "iban") in found  # the books still have it, as the schedule says


def test_the_job_is_idempotent_and_leaves_ids_and_amounts(db: Database) -> None:
    who = person("twice")
    with db.uow() as uow:
        ids = seed_person(uow, who)
        uow.commit()
    run_jobs(db, date(2040, 1, 1))
    run_jobs(db, date(2040, 1, 2))
    from cybercare.db.tables import metadata

    claims, payouts = metadata.tables["claims"], metadata.tables["payouts"]
    with db.reader() as uow:
        claim = uow.session.execute(
            select(claims.c.paid_cents, claims.c.status).where(claims.c.id == ids["claim"])
        ).one()
        paid = uow.session.scalar(select(payouts.c.amount_cents).where(payouts.c.id == "po-twice"))
    assert tuple(claim) == (5000, "decided")
    assert paid == 5000


def test_a_person_within_every_period_is_left_alone(db: Database) -> None:
    who = person("recent")
    with db.uow() as uow:
        seed_person(uow, who)
        uow.commit()
    run_jobs(db, date(2016, 6, 1))
    assert ("persons.given_name", "name") in findings(db, who.needles())


@pytest.fixture(autouse=True)
def _schedule_loads() -> None:
    load_schedule()


Person  # noqa: B018 - re-exported for readers of this module
