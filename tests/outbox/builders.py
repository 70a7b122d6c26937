"""Builders for outbox tests: plain functions with keyword defaults."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from cybercare.db.tables.outbox import OutboxMessage
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.endpoints import Endpoint, register_endpoint
from cybercare.outbox.enqueue import Attachment, enqueue_email, enqueue_webhook
from cybercare.outbox.runner import WorkerStats, deliver_batch
from cybercare.outbox.transports import MailboxTransport, WebhookTransport

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRET_KEY = "test-only-secret-key-for-webhook-signatures-0123456789"
MAIL_FROM = "Cyber Care <noreply@cybercare.example>"


def clock(at: datetime = T0) -> FixedClock:
    return FixedClock(at)


def endpoint(database: Database, *, url: str, distributor: str = "acme") -> Endpoint:
    with database.uow() as uow:
        created = register_endpoint(uow, distributor=distributor, url=url, at=T0)
        uow.commit()
    return created


def webhook(
    database: Database,
    *,
    distributor: str = "acme",
    event_id: str = "evt_0001",
    event_type: str = "affiliation.created",
    body: dict[str, Any] | None = None,
    at: datetime = T0,
) -> list[int]:
    with database.uow() as uow:
        ids = enqueue_webhook(
            uow,
            distributor=distributor,
            event_id=event_id,
            event_type=event_type,
            body=body if body is not None else {"affiliation": "aff_1", "status": "active"},
            at=at,
        )
        uow.commit()
    return ids


def email(
    database: Database,
    *,
    to: str = "lea.peeters@example.be",
    subject: str = "Welkom bij Cyber Care",
    text: str = "Beste Lea,\n\nUw aansluiting is actief.",
    html: str | None = None,
    language: str = "nl",
    dedupe_key: str = "welcome:aff_1",
    at: datetime = T0,
    attachments: tuple[Attachment, ...] = (),
) -> int | None:
    with database.uow() as uow:
        message_id = enqueue_email(
            uow,
            to=to,
            subject=subject,
            text=text,
            html=html,
            language=language,
            at=at,
            dedupe_key=dedupe_key,
            attachments=attachments,
        )
        uow.commit()
    return message_id


def message(database: Database, message_id: int) -> OutboxMessage:
    """The row as stored now, detached (readable after its unit of work closed)."""
    with database.reader() as uow:
        row = uow.session.get(OutboxMessage, message_id)
        assert row is not None
        uow.session.expunge(row)
        return row


def messages(database: Database) -> list[OutboxMessage]:
    with database.reader() as uow:
        rows = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        uow.session.expunge_all()
        return rows


def count(database: Database, *, status: str | None = None) -> int:
    query = select(func.count()).select_from(OutboxMessage)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    with database.reader() as uow:
        return uow.session.scalar(query) or 0


def dispatcher(transport: WebhookTransport, mailbox: Path) -> Dispatcher:
    return Dispatcher(transport, MailboxTransport(mailbox), SECRET_KEY, MAIL_FROM)


def deliver(database: Database, at: FixedClock, through: Dispatcher, **options: Any) -> WorkerStats:
    return deliver_batch(database, at, through, **options)
