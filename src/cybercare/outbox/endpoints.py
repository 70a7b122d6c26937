"""Distributors' webhook endpoints: registered, listed, filtered by event type, rotated,
disabled and enabled in the caller's unit of work. The signing secret is derived
(`signing.endpoint_secret`), so rotating bumps a version; the version before still signs for a
grace period, so the distributor switches without losing one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update

from cybercare.db.tables.outbox import OutboxMessage, WebhookEndpoint
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class Endpoint:
    id: int
    distributor_code: str
    url: str
    secret_version: int
    active: bool
    previous_secret_until: datetime | None = None  # the version before signs too until then
    event_types: tuple[str, ...] | None = None  # None: every event type
    disabled_reason: str | None = None  # "partner", "operator", "failing"
    failing_since: datetime | None = None
    circuit_open_until: datetime | None = None
    created_at: datetime | None = None

    def wants(self, event_type: str) -> bool:
        return self.event_types is None or event_type in self.event_types


# How long the secret of the version before a rotation keeps signing, by default.
SECRET_GRACE = timedelta(hours=24)


def endpoint_view(row: WebhookEndpoint) -> Endpoint:
    return Endpoint(
        row.id,
        row.distributor_code,
        row.url,
        row.secret_version,
        row.active,
        row.previous_secret_until,
        tuple(row.event_types) if row.event_types is not None else None,
        row.disabled_reason,
        row.failing_since,
        row.circuit_open_until,
        row.created_at,
    )


_view = endpoint_view


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise InvalidInput("url", "a webhook URL must be an absolute http(s) URL")
    return url


EVENT_TYPE = re.compile(r"^[a-z][a-z_]*(\.[a-z_]+)+$")
MAX_EVENT_TYPES = 64
MAX_GRACE = timedelta(days=7)


def checked_event_types(event_types: Sequence[str] | None) -> list[str] | None:
    """None (every type) or a non-empty list of names such as `affiliation.subscribed`."""
    if event_types is None:
        return None
    if not event_types:
        raise InvalidInput("event_types", "name at least one event type, or null for every type")
    if len(event_types) > MAX_EVENT_TYPES:
        raise InvalidInput("event_types", f"at most {MAX_EVENT_TYPES} event types")
    for index, name in enumerate(event_types):
        if not EVENT_TYPE.match(name) or len(name) > 64:
            raise InvalidInput(f"event_types.{index}", f"{name!r} is not an event type name")
    return sorted(set(event_types))


def register_endpoint(
    uow: UnitOfWork,
    *,
    distributor: str,
    url: str,
    at: datetime,
    event_types: Sequence[str] | None = None,
) -> Endpoint:
    """A new active endpoint at secret version 1 (show its `endpoint_secret` once)."""
    row = WebhookEndpoint(
        distributor_code=distributor,
        url=_checked_url(url),
        secret_version=1,
        active=True,
        created_at=at,
        event_types=checked_event_types(event_types),
        consecutive_failures=0,
        circuit_opens=0,
    )
    uow.session.add(row)
    uow.session.flush()
    return _view(row)


def _load(uow: UnitOfWork, endpoint_id: int, distributor: str | None = None) -> WebhookEndpoint:
    """The endpoint, locked; another distributor's answers as an unknown one (Art. 11.1)."""
    row = uow.session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if row is None or (distributor is not None and row.distributor_code != distributor):
        raise NotFound(f"webhook endpoint {endpoint_id} does not exist", params={"id": endpoint_id})
    return row


def endpoint_of(uow: UnitOfWork, distributor: str, endpoint_id: int) -> Endpoint:
    row = uow.session.get(WebhookEndpoint, endpoint_id)
    if row is None or row.distributor_code != distributor:
        raise NotFound(f"webhook endpoint {endpoint_id} does not exist", params={"id": endpoint_id})
    return _view(row)


def endpoints_page(
    uow: UnitOfWork, distributor: str, *, after: int, limit: int
) -> tuple[list[Endpoint], bool]:
    """The distributor's endpoints with an id above `after`, oldest first; and whether more
    follow."""
    rows = list(
        uow.session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.distributor_code == distributor, WebhookEndpoint.id > after)
            .order_by(WebhookEndpoint.id)
            .limit(limit + 1)
        )
    )
    return [_view(row) for row in rows[:limit]], len(rows) > limit


def set_event_types(
    uow: UnitOfWork, distributor: str, endpoint_id: int, event_types: Sequence[str] | None
) -> Endpoint:
    row = _load(uow, endpoint_id, distributor)
    row.event_types = checked_event_types(event_types)
    uow.session.flush()
    return _view(row)


def disable_endpoint(
    uow: UnitOfWork, endpoint_id: int, *, at: datetime, reason: str, distributor: str | None = None
) -> Endpoint:
    """No new events for this endpoint; messages still queued for it end `dead` (enabling it
    again requeues them)."""
    row = _load(uow, endpoint_id, distributor)
    row.active = False
    row.disabled_at = at
    row.disabled_reason = reason
    uow.session.flush()
    return _view(row)


def enable_endpoint(uow: UnitOfWork, distributor: str, endpoint_id: int, *, at: datetime) -> int:
    """Active again, its breaker closed and its failing streak forgotten; the messages that died
    while it was disabled are due again at once. Returns how many were requeued."""
    row = _load(uow, endpoint_id, distributor)
    row.active = True
    row.disabled_at = None
    row.disabled_reason = None
    row.consecutive_failures = 0
    row.circuit_opens = 0
    row.circuit_open_until = None
    row.failing_since = None
    uow.session.flush()
    result = uow.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.endpoint_id == endpoint_id, OutboxMessage.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=at, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


def requeue_for_replay(
    uow: UnitOfWork, endpoint_id: int, dedupe_keys: Sequence[str], at: datetime
) -> int:
    """Messages already delivered (or dead) for these keys are sent again, from `at`, with
    a fresh set of attempts (a replay the partner asked for: the same webhook-id again)."""
    if not dedupe_keys:
        return 0
    result = uow.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.endpoint_id == endpoint_id,
            OutboxMessage.dedupe_key.in_(list(dedupe_keys)),
            OutboxMessage.status.in_(("delivered", "dead")),
        )
        .values(
            status="pending",
            attempts=0,
            next_attempt_at=at,
            locked_until=None,
            delivered_at=None,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


def rotate_endpoint_secret(
    uow: UnitOfWork,
    endpoint_id: int,
    *,
    at: datetime,
    grace: timedelta = SECRET_GRACE,
    distributor: str | None = None,
) -> Endpoint:
    """Bump the secret version: deliveries from now on are signed with the new secret and,
    until `at + grace`, with the one before too (no grace: the old secret stops at once)."""
    if grace > MAX_GRACE or grace < timedelta(0):
        raise InvalidInput("grace_seconds", "the grace period is 0 to 7 days")
    row = _load(uow, endpoint_id, distributor)
    row.secret_version += 1
    row.previous_secret_until = at + grace if grace > timedelta(0) else None
    uow.session.flush()
    return _view(row)


def deactivate_endpoint(uow: UnitOfWork, endpoint_id: int, at: datetime | None = None) -> Endpoint:
    """No new events for this endpoint; messages still queued for it end `dead`."""
    row = _load(uow, endpoint_id)
    row.active = False
    row.disabled_at = at
    row.disabled_reason = "operator"
    uow.session.flush()
    return _view(row)


def active_endpoints(uow: UnitOfWork, distributor: str) -> list[Endpoint]:
    rows = uow.session.scalars(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.distributor_code == distributor, WebhookEndpoint.active.is_(True))
        .order_by(WebhookEndpoint.id)
    )
    return [_view(row) for row in rows]
