"""`run_idempotently` on its own: the storage side of Stripe's semantics, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from cybercare.audit import trail
from cybercare.db.tables import AuditEvent, IdempotencyKeyRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import BadRequest, Conflict, DomainError
from cybercare.partners.idempotency import (
    LEASE,
    RETENTION,
    IdempotencyKeyInFlight,
    IdempotencyKeyReused,
    StoredResponse,
    fingerprint,
    purge_expired,
    run_idempotently,
    validate_key,
)

OK = StoredResponse(201, "application/json", b'{"id":"aff_1"}', {"Location": "/aff_1"})
REFUSED = StoredResponse(409, "application/problem+json", b'{"code":"refused"}', {})
PRINT = fingerprint("POST", "/api/v1/affiliations", b'{"a":1}')


class Handler:
    """A command that audits one event, then answers `response` or raises `error`."""

    def __init__(self, response: StoredResponse = OK, error: BaseException | None = None) -> None:
        self.response = response
        self.error = error
        self.calls = 0

    def __call__(self, uow: UnitOfWork) -> StoredResponse:
        self.calls += 1
        trail.record(
            uow,
            at=datetime(2026, 11, 27, tzinfo=UTC),
            actor="test",
            action="test.changed",
            subject_type="test",
            subject_id=str(self.calls),
        )
        uow.session.flush()
        if self.error is not None:
            raise self.error
        return self.response


def _refusal(_error: DomainError) -> StoredResponse:
    return REFUSED


def _run(
    db: Database,
    clock: FixedClock,
    handler: Handler,
    *,
    client: str = "proximus",
    key: str = "k1",
    request_fingerprint: str = PRINT,
) -> StoredResponse:
    return run_idempotently(
        db,
        clock,
        client=client,
        key=key,
        request_fingerprint=request_fingerprint,
        handler=handler,
        refusal=_refusal,
    )


def _audited(db: Database) -> int:
    with db.reader() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _records(db: Database) -> list[IdempotencyKeyRow]:
    with db.reader() as uow:
        rows = list(uow.session.scalars(select(IdempotencyKeyRow).order_by(IdempotencyKeyRow.id)))
        uow.session.expunge_all()
        return rows


def _in_progress(db: Database, *, locked_until: datetime, key: str = "k1") -> None:
    with db.uow() as uow:
        uow.session.add(
            IdempotencyKeyRow(
                client="proximus",
                key=key,
                request_fingerprint=PRINT,
                state="in_progress",
                locked_until=locked_until,
                created_at=locked_until - LEASE,
            )
        )
        uow.commit()


def test_the_first_request_runs_and_its_twin_replays_without_running(
    db: Database, clock: FixedClock
) -> None:
    handler = Handler()
    assert _run(db, clock, handler) == OK
    assert _run(db, clock, handler) == OK
    assert handler.calls == 1
    assert _audited(db) == 1
    (record,) = _records(db)
    assert (record.state, record.response_status, record.response_body) == (
        "completed",
        201,
        OK.body,
    )


def test_a_refusal_rolls_back_the_handlers_writes_and_is_stored_for_replay(
    db: Database, clock: FixedClock
) -> None:
    handler = Handler(error=Conflict("no", code="refused"))
    assert _run(db, clock, handler) == REFUSED
    assert _run(db, clock, handler) == REFUSED
    assert handler.calls == 1
    assert _audited(db) == 0


def test_another_fingerprint_with_the_same_key_is_refused(db: Database, clock: FixedClock) -> None:
    _run(db, clock, Handler())
    other = fingerprint("POST", "/api/v1/affiliations", b'{"a":2}')
    with pytest.raises(IdempotencyKeyReused):
        _run(db, clock, Handler(), request_fingerprint=other)


def test_fingerprints_tell_method_path_and_body_apart() -> None:
    prints = {
        fingerprint("POST", "/a", b"{}"),
        fingerprint("PUT", "/a", b"{}"),
        fingerprint("POST", "/b", b"{}"),
        fingerprint("POST", "/a", b"{ }"),
        fingerprint("POST", "/a\0", b"{}"),
    }
    assert len(prints) == 5
    assert fingerprint("post", "/a", b"{}") == fingerprint("POST", "/a", b"{}")


def test_a_key_with_a_live_lease_is_in_flight(db: Database, clock: FixedClock) -> None:
    _in_progress(db, locked_until=clock.now() + timedelta(seconds=1))
    handler = Handler()
    with pytest.raises(IdempotencyKeyInFlight):
        _run(db, clock, handler)
    assert handler.calls == 0
    assert isinstance(IdempotencyKeyInFlight("x"), Conflict)  # rendered as 409


def test_a_key_whose_lease_expired_is_taken_over(db: Database, clock: FixedClock) -> None:
    _in_progress(db, locked_until=clock.now())
    handler = Handler()
    assert _run(db, clock, handler) == OK
    assert handler.calls == 1
    (record,) = _records(db)
    assert record.state == "completed"


def test_a_crash_releases_the_key_so_a_retry_runs(db: Database, clock: FixedClock) -> None:
    crashing = Handler(error=RuntimeError("bug"))
    with pytest.raises(RuntimeError):
        _run(db, clock, crashing)
    assert _records(db) == []
    assert _audited(db) == 0

    assert _run(db, clock, Handler()) == OK


def test_a_refusal_that_cannot_be_stored_releases_the_key_too(
    db: Database, clock: FixedClock
) -> None:
    def broken_renderer(_error: DomainError) -> StoredResponse:
        raise TypeError("cannot render")

    with pytest.raises(TypeError):
        run_idempotently(
            db,
            clock,
            client="proximus",
            key="k1",
            request_fingerprint=PRINT,
            handler=Handler(error=Conflict("no")),
            refusal=broken_renderer,
        )
    assert _records(db) == []  # no 409 for the retry until a lease expires


def test_keys_are_scoped_per_client(db: Database, clock: FixedClock) -> None:
    mine, theirs = Handler(), Handler(response=REFUSED)
    assert _run(db, clock, mine, client="proximus") == OK
    assert _run(db, clock, theirs, client="telenet") == REFUSED
    assert (mine.calls, theirs.calls) == (1, 1)


def test_purge_keeps_keys_for_the_whole_retention_and_forgets_them_after(
    db: Database, clock: FixedClock
) -> None:
    assert timedelta(hours=24) <= RETENTION
    _run(db, clock, Handler())
    created = clock.now()
    with db.uow() as uow:
        kept = purge_expired(uow, created + RETENTION)
        purged = purge_expired(uow, created + RETENTION + timedelta(microseconds=1))
        uow.commit()
    assert (kept, purged) == (0, 1)
    assert _records(db) == []


@pytest.mark.parametrize("key", [None, "", "   ", "x" * 256])
def test_a_missing_or_invalid_key_is_a_bad_request(key: str | None) -> None:
    with pytest.raises(BadRequest):
        validate_key(key)


def test_a_key_of_255_characters_is_accepted() -> None:
    assert validate_key("x" * 255) == "x" * 255
