"""The distributor's event feed: gapless numbers per distributor, commit order, a webhook queued
for each event in the same transaction — also when many commands publish at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, select

from cybercare.db.tables import OutboxMessage, PartnerEventRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.outbox.endpoints import register_endpoint
from cybercare.partners.distributors import create_distributor
from cybercare.partners.feed import MAX_PAGE, FeedEvent, events_after, parse_cursor, publish_event

WAIT_S = 30


def _distributors(db: Database, clock: FixedClock, *codes: str) -> None:
    with db.uow() as uow:
        for code in codes:
            create_distributor(
                uow, code=code, name=code, commission_bp=0, clock=clock, actor="test"
            )
        uow.commit()


def _publish(db: Database, clock: FixedClock, distributor: str, n: int = 1) -> list[FeedEvent]:
    with db.uow() as uow:
        published = [
            publish_event(
                uow,
                distributor=distributor,
                type="affiliation.subscribed",
                affiliation_id=f"aff_{i}",
                data={"n": i},
                at=clock.now(),
            )
            for i in range(n)
        ]
        uow.commit()
    return published


def _read(db: Database, distributor: str, after: int = 0, limit: int = 100) -> list[FeedEvent]:
    with db.reader() as uow:
        return events_after(uow, distributor, after, limit)


def test_each_distributor_numbers_its_events_from_one_without_gaps(
    db: Database, clock: FixedClock
) -> None:
    _distributors(db, clock, "proximus", "telenet")
    _publish(db, clock, "proximus", 3)
    _publish(db, clock, "telenet", 2)
    _publish(db, clock, "proximus", 1)

    assert [e.seq for e in _read(db, "proximus")] == [1, 2, 3, 4]
    assert [e.seq for e in _read(db, "telenet")] == [1, 2]


def test_reading_after_a_cursor_with_a_limit(db: Database, clock: FixedClock) -> None:
    _distributors(db, clock, "proximus")
    published = _publish(db, clock, "proximus", 5)
    assert _read(db, "proximus", after=2, limit=2) == published[2:4]
    assert _read(db, "proximus", after=5) == []


def test_a_page_never_exceeds_the_maximum(db: Database, clock: FixedClock) -> None:
    _distributors(db, clock, "proximus")
    _publish(db, clock, "proximus", 3)
    assert len(_read(db, "proximus", limit=MAX_PAGE * 10)) == 3
    assert len(_read(db, "proximus", limit=0)) == 1  # clamped to at least one


def test_an_event_published_in_a_rolled_back_command_does_not_exist(
    db: Database, clock: FixedClock
) -> None:
    _distributors(db, clock, "proximus")
    with db.uow() as uow:
        register_endpoint(uow, distributor="proximus", url="http://127.0.0.1:9/h", at=clock.now())
        uow.commit()
    with db.uow() as uow:
        publish_event(
            uow,
            distributor="proximus",
            type="affiliation.subscribed",
            affiliation_id="aff_x",
            data={},
            at=clock.now(),
        )  # no commit: the command failed
    published = _publish(db, clock, "proximus")

    assert [e.seq for e in _read(db, "proximus")] == [1]  # the number was not used up
    with db.reader() as uow:
        hooks = [m.payload["event_id"] for m in uow.session.scalars(select(OutboxMessage))]
    assert hooks == [published[0].event_id]


@pytest.mark.parametrize(("text", "cursor"), [(None, 0), ("", 0), ("0", 0), ("42", 42)])
def test_a_cursor_is_the_number_of_an_event(text: str | None, cursor: int) -> None:
    assert parse_cursor(text) == cursor


@pytest.mark.parametrize("text", ["-1", "abc", "1.0", " 1"])
def test_anything_else_is_not_a_cursor(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_cursor(text)


def test_concurrent_commands_publish_gapless_numbers_in_commit_order(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    _, engine = fresh_database
    database = Database(engine)
    _distributors(database, clock, "proximus")
    threads, per_thread = 8, 5
    start = threading.Barrier(threads, timeout=WAIT_S)

    def command(_: int) -> list[int]:
        start.wait()
        return [e.seq for e in _publish(database, clock, "proximus", per_thread)]

    with ThreadPoolExecutor(max_workers=threads) as pool:
        batches = list(pool.map(command, range(threads), timeout=WAIT_S * 2))

    total = threads * per_thread
    assert sorted(seq for batch in batches for seq in batch) == list(range(1, total + 1))
    # each command's events are consecutive: the sequence row is held until its commit
    assert all(batch == list(range(batch[0], batch[0] + per_thread)) for batch in batches)
    with database.reader() as uow:
        stored = uow.session.scalar(select(func.count()).select_from(PartnerEventRow))
    assert stored == total
