"""Writing side effects into the outbox, inside the caller's unit of work (never committing).

A message exists iff the change that caused it was committed. Every message has a dedupe key:
enqueuing the same thing twice (in one command or in two racing ones) stores it once.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables.outbox import OutboxMessage
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import InvalidInput
from cybercare.outbox.endpoints import Endpoint, active_endpoints

WEBHOOK = "webhook"
EMAIL = "email"


def webhook_dedupe_key(endpoint_id: int, event_id: str) -> str:
    return f"webhook:{endpoint_id}:{event_id}"


def email_dedupe_key(dedupe_key: str) -> str:
    return f"email:{dedupe_key}"


def encode_body(body: Mapping[str, Any]) -> str:
    """The exact text posted (and signed): compact, key-sorted JSON, stored as text so every
    redelivery sends the same bytes."""
    return json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    event_id: str  # the receiver's dedupe key
    event_type: str
    body: Mapping[str, Any]


def enqueue_webhook(
    uow: UnitOfWork,
    *,
    distributor: str,
    event_id: str,
    event_type: str,
    body: Mapping[str, Any],
    at: datetime,
) -> list[int]:
    """One message per active endpoint of `distributor`; returns the ids of the new messages
    (none for a distributor without an endpoint, or for an event already enqueued)."""
    return enqueue_webhooks(
        uow, distributor=distributor, events=[WebhookEvent(event_id, event_type, body)], at=at
    )


def enqueue_webhooks(
    uow: UnitOfWork,
    *,
    distributor: str,
    events: Sequence[WebhookEvent],
    at: datetime,
    endpoints: Sequence[Endpoint] | None = None,
    filtered: bool = True,
) -> list[int]:
    """`enqueue_webhook` for several events of one distributor: its endpoints are read once and
    every message goes in one statement (a subscription publishes several events). Each
    endpoint gets the event types it chose (`filtered=False`: every event, e.g. a test event)."""
    for event in events:
        if not event.event_id:
            raise InvalidInput(
                "event_id", "a webhook needs an event id (the receiver's dedupe key)"
            )
    if not events:
        return []
    if endpoints is None:
        endpoints = active_endpoints(uow, distributor)
    rows = [
        _row(
            kind=WEBHOOK,
            dedupe_key=webhook_dedupe_key(endpoint.id, event.event_id),
            endpoint_id=endpoint.id,
            payload={
                "event_id": event.event_id,
                "event_type": event.event_type,
                "body": encode_body(event.body),
            },
            at=at,
        )
        for event in events
        for endpoint in endpoints
        if not filtered or endpoint.wants(event.event_type)
    ]
    return _insert_new(uow, rows)


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "application/pdf"
    data: bytes


def enqueue_email(
    uow: UnitOfWork,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    language: str,
    at: datetime,
    dedupe_key: str,
    attachments: Sequence[Attachment] = (),
) -> int | None:
    """One e-mail; returns its message id, or None when `dedupe_key` was already enqueued.
    Attachments (a letter as PDF, say) travel inside the message, base64 in its JSON payload."""
    if "@" not in to:
        raise InvalidInput("to", "an e-mail address is needed")
    if not dedupe_key:
        raise InvalidInput("dedupe_key", "an e-mail needs a dedupe key")
    payload: dict[str, Any] = {
        "to": to,
        "subject": subject,
        "text": text,
        "html": html,
        "language": language,
    }
    if attachments:
        payload["attachments"] = [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "data": base64.b64encode(a.data).decode("ascii"),
            }
            for a in attachments
        ]
    ids = _insert_new(
        uow,
        [
            _row(
                kind=EMAIL,
                dedupe_key=email_dedupe_key(dedupe_key),
                endpoint_id=None,
                payload=payload,
                at=at,
            )
        ],
    )
    return ids[0] if ids else None


def enqueue_task(
    uow: UnitOfWork, *, kind: str, dedupe_key: str, payload: dict[str, Any], at: datetime
) -> int | None:
    """A message for a handler the worker is given (`Dispatcher.handlers`, e.g. the bank's
    instant payouts); None when `dedupe_key` was already enqueued."""
    if kind in (WEBHOOK, EMAIL):
        raise ValueError(f"{kind!r} has its own enqueue function")
    ids = _insert_new(
        uow, [_row(kind=kind, dedupe_key=dedupe_key, endpoint_id=None, payload=payload, at=at)]
    )
    return ids[0] if ids else None


def _row(
    *, kind: str, dedupe_key: str, endpoint_id: int | None, payload: dict[str, Any], at: datetime
) -> dict[str, Any]:
    return {
        "kind": kind,
        "dedupe_key": dedupe_key,
        "endpoint_id": endpoint_id,
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": at,
        "locked_until": None,
        "last_error": None,
        "created_at": at,
        "delivered_at": None,
    }


def _insert_new(uow: UnitOfWork, rows: Sequence[dict[str, Any]]) -> list[int]:
    return insert_new_rows(
        uow.session, OutboxMessage, rows, unique_on=["dedupe_key"], returning=OutboxMessage.id
    )
