"""A distributor manages its own webhook endpoints (issue 18): create (the secret is shown once),
list, choose event types, rotate the secret, send a test event, replay from a feed cursor,
disable and enable. Each use case runs in the caller's unit of work and writes its audit event
there; another distributor's endpoint answers as an unknown one (Art. 11.1).

When the worker disables an endpoint that has failed for days, `notify_endpoint_disabled` tells
the distributor in the same transaction: a `webhook_endpoint.disabled` event in its feed (read
with GET /events, and pushed to its other active endpoints).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.keyring import KeyRing, SecretKeys
from cybercare.outbox import endpoints as store
from cybercare.outbox.endpoints import Endpoint
from cybercare.outbox.enqueue import WebhookEvent, enqueue_webhooks, webhook_dedupe_key
from cybercare.outbox.signing import endpoint_secret
from cybercare.partners.feed import events_after, publish_event

TEST_EVENT_TYPE = "webhook.test"
DISABLED_EVENT_TYPE = "webhook_endpoint.disabled"
MAX_REPLAY = 1000


@dataclass(frozen=True, slots=True)
class EndpointWithSecret:
    endpoint: Endpoint
    secret: str  # whsec_…: shown once


@dataclass(frozen=True, slots=True)
class EndpointPage:
    endpoints: list[Endpoint]
    has_more: bool
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class Replay:
    endpoint_id: int
    events: int  # events of the feed the replay covers (after the filter)
    queued: int  # messages queued or requeued
    next_cursor: str  # where a further replay continues


def _audit(
    uow: UnitOfWork,
    endpoint: Endpoint,
    action: str,
    actor: str,
    at: datetime,
    **details: Any,
) -> None:
    trail.record(
        uow,
        at=at,
        actor=actor,
        action=action,
        subject_type="webhook_endpoint",
        subject_id=str(endpoint.id),
        details={"distributor": endpoint.distributor_code, **details},
    )


def _secret(keys: SecretKeys, endpoint: Endpoint) -> str:
    return endpoint_secret(KeyRing.of(keys).current, endpoint.id, endpoint.secret_version)


def create_endpoint(
    uow: UnitOfWork,
    *,
    distributor: str,
    url: str,
    event_types: Sequence[str] | None,
    keys: SecretKeys,
    actor: str,
    at: datetime,
) -> EndpointWithSecret:
    endpoint = store.register_endpoint(
        uow, distributor=distributor, url=url, at=at, event_types=event_types
    )
    _audit(
        uow,
        endpoint,
        "webhook.created",
        actor,
        at,
        url=endpoint.url,
        event_types=list(endpoint.event_types) if endpoint.event_types else None,
    )
    return EndpointWithSecret(endpoint, _secret(keys, endpoint))


def list_endpoints(uow: UnitOfWork, *, distributor: str, after: int, limit: int) -> EndpointPage:
    found, has_more = store.endpoints_page(uow, distributor, after=after, limit=limit)
    cursor = str(found[-1].id) if found and has_more else None
    return EndpointPage(found, has_more, cursor)


def get_endpoint(uow: UnitOfWork, *, distributor: str, endpoint_id: int) -> Endpoint:
    return store.endpoint_of(uow, distributor, endpoint_id)


def choose_event_types(
    uow: UnitOfWork,
    *,
    distributor: str,
    endpoint_id: int,
    event_types: Sequence[str] | None,
    actor: str,
    at: datetime,
) -> Endpoint:
    endpoint = store.set_event_types(uow, distributor, endpoint_id, event_types)
    _audit(
        uow,
        endpoint,
        "webhook.event_types_chosen",
        actor,
        at,
        event_types=list(endpoint.event_types) if endpoint.event_types else None,
    )
    return endpoint


def rotate_secret(
    uow: UnitOfWork,
    *,
    distributor: str,
    endpoint_id: int,
    grace: timedelta,
    keys: SecretKeys,
    actor: str,
    at: datetime,
) -> EndpointWithSecret:
    endpoint = store.rotate_endpoint_secret(
        uow, endpoint_id, at=at, grace=grace, distributor=distributor
    )
    _audit(
        uow,
        endpoint,
        "webhook.secret_rotated",
        actor,
        at,
        version=endpoint.secret_version,
        grace_seconds=int(grace.total_seconds()),
    )
    return EndpointWithSecret(endpoint, _secret(keys, endpoint))


def send_test_event(
    uow: UnitOfWork, *, distributor: str, endpoint_id: int, actor: str, at: datetime
) -> str:
    """A `webhook.test` event to this endpoint only (whatever its filter); not in the feed.
    Returns its event id (its webhook-id)."""
    endpoint = store.endpoint_of(uow, distributor, endpoint_id)
    if not endpoint.active:
        raise InvalidInput("endpoint_id", "the endpoint is disabled: enable it first")
    event_id = new_id("evt", 16)
    body = {
        "id": event_id,
        "type": TEST_EVENT_TYPE,
        "occurred_at": at.isoformat(),
        "data": {"endpoint_id": endpoint.id, "distributor": distributor},
    }
    enqueue_webhooks(
        uow,
        distributor=distributor,
        events=[WebhookEvent(event_id, TEST_EVENT_TYPE, body)],
        at=at,
        endpoints=[endpoint],
        filtered=False,
    )
    _audit(uow, endpoint, "webhook.test_sent", actor, at, event_id=event_id)
    return event_id


def replay_events(
    uow: UnitOfWork,
    *,
    distributor: str,
    endpoint_id: int,
    after: int,
    limit: int,
    actor: str,
    at: datetime,
) -> Replay:
    """The feed's events after the cursor `after` (up to `limit`, of the types the endpoint
    takes) are sent to it again, with their own ids: those never queued are queued, those
    delivered or dead are requeued, those still waiting are left as they are."""
    endpoint = store.endpoint_of(uow, distributor, endpoint_id)
    if not endpoint.active:
        raise InvalidInput("endpoint_id", "the endpoint is disabled: enable it first")
    events = events_after(uow, distributor, after, min(max(limit, 1), MAX_REPLAY))
    wanted = [event for event in events if endpoint.wants(event.type)]
    inserted = enqueue_webhooks(
        uow,
        distributor=distributor,
        events=[WebhookEvent(e.event_id, e.type, e.as_dict()) for e in wanted],
        at=at,
        endpoints=[endpoint],
    )
    requeued = store.requeue_for_replay(
        uow, endpoint.id, [webhook_dedupe_key(endpoint.id, e.event_id) for e in wanted], at
    )
    next_cursor = str(events[-1].seq) if events else str(after)
    _audit(
        uow,
        endpoint,
        "webhook.replayed",
        actor,
        at,
        after=after,
        next_cursor=next_cursor,
        events=len(wanted),
        queued=len(inserted) + requeued,
    )
    return Replay(endpoint.id, len(wanted), len(inserted) + requeued, next_cursor)


def disable_endpoint(
    uow: UnitOfWork, *, distributor: str, endpoint_id: int, actor: str, at: datetime
) -> Endpoint:
    endpoint = store.disable_endpoint(
        uow, endpoint_id, at=at, reason="partner", distributor=distributor
    )
    _audit(uow, endpoint, "webhook.disabled", actor, at, reason="partner")
    return endpoint


def enable_endpoint(
    uow: UnitOfWork, *, distributor: str, endpoint_id: int, actor: str, at: datetime
) -> Endpoint:
    requeued = store.enable_endpoint(uow, distributor, endpoint_id, at=at)
    endpoint = store.endpoint_of(uow, distributor, endpoint_id)
    _audit(uow, endpoint, "webhook.enabled", actor, at, requeued=requeued)
    return endpoint


def notify_endpoint_disabled(uow: UnitOfWork, endpoint: Endpoint, at: datetime) -> None:
    """The partner's notice of an endpoint disabled for failing (called by the worker in the
    transaction that disables it)."""
    publish_event(
        uow,
        distributor=endpoint.distributor_code,
        type=DISABLED_EVENT_TYPE,
        affiliation_id=None,
        data={
            "endpoint_id": endpoint.id,
            "url": endpoint.url,
            "reason": "failing",
            "failing_since": endpoint.failing_since.isoformat() if endpoint.failing_since else None,
        },
        at=at,
    )
