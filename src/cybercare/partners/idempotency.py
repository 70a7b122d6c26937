"""Stripe's idempotency semantics for every POST of the distributor API.

- The first request with a key runs; its response (success or refusal) is stored in the SAME
  transaction as the change it made, so a stored response always matches what happened.
- The same key and the same body replay that response byte for byte.
- The same key with another body is refused (422); while the first is still running, 409
  (on SQLite, where writers take turns, the twin waits for the first and replays it).
- A request that crashed (5xx) leaves no record, so the client's retry runs again; a request whose
  process died mid-way holds its key only until its lease expires.
Keys are scoped to the API client and kept for at least `RETENTION`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select, update

from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables import IdempotencyKeyRow
from cybercare.db.tables.base import table_of
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import BadRequest, Conflict, DomainError

RETENTION = timedelta(hours=48)
LEASE = timedelta(seconds=60)
MAX_KEY_LENGTH = 255


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str]
    # The stored answer of an earlier request with the key (not part of the answer's identity).
    replayed: bool = field(default=False, compare=False)


class IdempotencyKeyReused(DomainError):
    code = "idempotency.key_reused"


class IdempotencyKeyInFlight(Conflict):
    code = "idempotency.in_progress"


def fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.upper().encode(), b"\0", path.encode(), b"\0", body):
        digest.update(part)
    return digest.hexdigest()


def validate_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise BadRequest(
            "the Idempotency-Key header is required on every POST",
            code="idempotency.key_missing",
            params={"header": "Idempotency-Key"},
        )
    if len(key) > MAX_KEY_LENGTH:
        raise BadRequest(
            f"the Idempotency-Key header has at most {MAX_KEY_LENGTH} characters",
            code="idempotency.key_too_long",
            params={"header": "Idempotency-Key"},
        )
    return key


def _existing(
    uow: UnitOfWork, client: str, key: str, *, for_update: bool = False
) -> IdempotencyKeyRow | None:
    query = select(IdempotencyKeyRow).where(
        IdempotencyKeyRow.client == client, IdempotencyKeyRow.key == key
    )
    return uow.session.scalar(query.with_for_update() if for_update else query)


def _verdict(
    row: IdempotencyKeyRow, request_fingerprint: str, now: datetime
) -> StoredResponse | None:
    """What an earlier record of this key means for this request: a replay, a refusal, or
    None when a dead request's lease has run out and this one may take over."""
    if row.request_fingerprint != request_fingerprint:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was used with another request body or path",
            params={"key": row.key},
        )
    if row.state == "completed":
        assert row.response_status is not None
        assert row.response_body is not None
        return StoredResponse(
            row.response_status,
            row.response_media_type or "application/json",
            row.response_body,
            dict(row.response_headers or {}),
            replayed=True,
        )
    if row.locked_until is not None and row.locked_until > now:
        raise IdempotencyKeyInFlight(
            "a request with this Idempotency-Key is still being processed; retry later",
            params={"key": row.key},
        )
    return None


def _claimed_new_key(
    uow: UnitOfWork, client: str, key: str, request_fingerprint: str, now: datetime
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING of the key in progress: True when this request is
    the first with the key, False when a record of it was there."""
    return bool(
        insert_new_rows(
            uow.session,
            IdempotencyKeyRow,
            [
                {
                    "client": client,
                    "key": key,
                    "request_fingerprint": request_fingerprint,
                    "state": "in_progress",
                    "locked_until": now + LEASE,
                    "created_at": now,
                }
            ],
            unique_on=["client", "key"],
            returning=IdempotencyKeyRow.id,
        )
    )


def _claim(
    uow: UnitOfWork, client: str, key: str, request_fingerprint: str, now: datetime
) -> StoredResponse | None:
    """Record the key as in progress in `uow`'s transaction; what an earlier record means
    (a replay, or a refusal raised) when there is one.

    A new key, the usual case, costs one INSERT ... ON CONFLICT DO NOTHING. A twin that races it
    waits for that insert to commit, inserts nothing and reads the record under a row lock, so
    two requests can never both take over an abandoned key either."""
    if _claimed_new_key(uow, client, key, request_fingerprint, now):
        return None
    row = _existing(uow, client, key, for_update=True)
    if row is None:  # pragma: no cover - the conflict was with this very row
        raise RuntimeError("idempotency record vanished")
    replay = _verdict(row, request_fingerprint, now)
    if replay is None:
        row.locked_until = now + LEASE  # take over an abandoned request
    return replay


def _claim_apart(
    database: Database, client: str, key: str, request_fingerprint: str, now: datetime
) -> StoredResponse | None:
    """The claim committed on its own, before the command runs, so that a twin arriving
    meanwhile sees it and is told 409 at once. A new key is one statement in autocommit (no
    BEGIN and COMMIT round trips); a key already there is read and taken over in a
    transaction."""
    with database.single_statement() as uow:
        if _claimed_new_key(uow, client, key, request_fingerprint, now):
            return None
    with database.uow() as uow:
        replay = _claim(uow, client, key, request_fingerprint, now)
        if replay is None:
            uow.commit()
    return replay


_COMPLETE = (
    update(table_of(IdempotencyKeyRow))
    .where(
        table_of(IdempotencyKeyRow).c.client == bindparam("for_client"),
        table_of(IdempotencyKeyRow).c.key == bindparam("for_key"),
    )
    .values(state="completed", locked_until=None)
)


def _complete(uow: UnitOfWork, client: str, key: str, response: StoredResponse) -> None:
    result = uow.session.execute(
        _COMPLETE,
        {
            "for_client": client,
            "for_key": key,
            "response_status": response.status,
            "response_media_type": response.media_type,
            "response_headers": response.headers,
            "response_body": response.body,
        },
    )
    if getattr(result, "rowcount", 1) != 1:  # pragma: no cover - the claim committed it
        raise RuntimeError("idempotency record vanished")


def run_idempotently(
    database: Database,
    clock: Clock,
    *,
    client: str,
    key: str,
    request_fingerprint: str,
    handler: Callable[[UnitOfWork], StoredResponse],
    refusal: Callable[[DomainError], StoredResponse],
) -> StoredResponse:
    """Run `handler` once per (client, key); store and replay its response."""
    now = clock.now()
    if database.one_writer_at_a_time:
        return _run_in_one_transaction(
            database, client, key, request_fingerprint, now, handler, refusal
        )
    replay = _claim_apart(database, client, key, request_fingerprint, now)
    if replay is not None:
        return replay
    try:
        with database.uow() as uow:
            response = handler(uow)
            _complete(uow, client, key, response)
            uow.commit()
            return response
    except DomainError as error:
        # A refusal is a result too: store it so a retry gets the same answer. Should rendering
        # or storing it fail, the key is released like after any crash (no 409 until the lease).
        try:
            response = refusal(error)
            with database.uow() as uow:
                _complete(uow, client, key, response)
                uow.commit()
        except BaseException:
            _release(database, client, key)
            raise
        return response
    except BaseException:
        _release(database, client, key)
        raise


def _run_in_one_transaction(
    database: Database,
    client: str,
    key: str,
    request_fingerprint: str,
    now: datetime,
    handler: Callable[[UnitOfWork], StoredResponse],
    refusal: Callable[[DomainError], StoredResponse],
) -> StoredResponse:
    """SQLite: writers queue one at a time (`cybercare.db.uow`), so a twin cannot run beside
    the first request; it waits for it and replays its answer. The claim, the command and its
    stored response are one transaction: a crash leaves nothing to release. A refusal rolls
    the command back and is stored in a second transaction (claiming the key again: a twin may
    have answered in between)."""
    with database.uow() as uow:
        replay = _claim(uow, client, key, request_fingerprint, now)
        if replay is not None:
            return replay
        try:
            response = handler(uow)
        except DomainError as error:
            refused = error
        else:
            _complete(uow, client, key, response)
            uow.commit()
            return response
    response = refusal(refused)
    with database.uow() as uow:
        replay = _claim(uow, client, key, request_fingerprint, now)
        if replay is not None:
            return replay
        _complete(uow, client, key, response)
        uow.commit()
    return response


def _release(database: Database, client: str, key: str) -> None:
    with database.uow() as uow:
        uow.session.execute(
            delete(IdempotencyKeyRow).where(
                IdempotencyKeyRow.client == client,
                IdempotencyKeyRow.key == key,
                IdempotencyKeyRow.state == "in_progress",
            )
        )
        uow.commit()


def purge_expired(uow: UnitOfWork, now: datetime) -> int:
    """Forget keys older than the retention period (a daily job)."""
    result = uow.session.execute(
        delete(IdempotencyKeyRow).where(IdempotencyKeyRow.created_at < now - RETENTION)
    )
    return int(getattr(result, "rowcount", 0) or 0)
