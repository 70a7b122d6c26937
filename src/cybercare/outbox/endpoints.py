"""Distributors' webhook endpoints: registered, rotated and deactivated in the caller's unit of
work. The signing secret is derived (`signing.endpoint_secret`), so rotating bumps a version; the
version before still signs for a grace period, so the distributor switches without losing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from cybercare.db.tables.outbox import WebhookEndpoint
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


def register_endpoint(uow: UnitOfWork, *, distributor: str, url: str, at: datetime) -> Endpoint:
    """A new active endpoint at secret version 1 (show its `endpoint_secret` once)."""
    row = WebhookEndpoint(
        distributor_code=distributor,
        url=_checked_url(url),
        secret_version=1,
        active=True,
        created_at=at,
    )
    uow.session.add(row)
    uow.session.flush()
    return _view(row)


def _load(uow: UnitOfWork, endpoint_id: int) -> WebhookEndpoint:
    row = uow.session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if row is None:
        raise NotFound(f"webhook endpoint {endpoint_id} does not exist", params={"id": endpoint_id})
    return row


def rotate_endpoint_secret(
    uow: UnitOfWork, endpoint_id: int, *, at: datetime, grace: timedelta = SECRET_GRACE
) -> Endpoint:
    """Bump the secret version: deliveries from now on are signed with the new secret and,
    until `at + grace`, with the one before too (no grace: the old secret stops at once)."""
    row = _load(uow, endpoint_id)
    row.secret_version += 1
    row.previous_secret_until = at + grace if grace > timedelta(0) else None
    uow.session.flush()
    return _view(row)


def deactivate_endpoint(uow: UnitOfWork, endpoint_id: int) -> Endpoint:
    """No new events for this endpoint; messages still queued for it end `dead`."""
    row = _load(uow, endpoint_id)
    row.active = False
    uow.session.flush()
    return _view(row)


def active_endpoints(uow: UnitOfWork, distributor: str) -> list[Endpoint]:
    rows = uow.session.scalars(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.distributor_code == distributor, WebhookEndpoint.active.is_(True))
        .order_by(WebhookEndpoint.id)
    )
    return [_view(row) for row in rows]
