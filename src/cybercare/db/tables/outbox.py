"""The transactional outbox, the partners' webhook endpoints and the daily job ledger.

Outbox rows are written in the same transaction as the change they announce; the worker delivers
them after commit (see `cybercare.outbox` and docs/outbox.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, Json, UtcDateTime

# bank.instant (issue 15): a SEPA Instant payout to send to the bank connector; bank.file: a
# pain.001/pain.008 file to hand to the bank connector. privacy.export (issue 17): build the
# archive of a data request (GDPR art. 15, 20) after the request is committed.
OUTBOX_KINDS = ("webhook", "email", "bank.instant", "bank.file", "privacy.export")
OUTBOX_STATUSES = ("pending", "delivering", "delivered", "dead")
JOB_RUN_STATUSES = ("running", "succeeded", "failed")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class WebhookEndpoint(Base):
    """Where a distributor receives its events. The signing secret is derived from the
    installation's secret key, the endpoint id and `secret_version` — never stored."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        CheckConstraint("secret_version >= 1", name="secret_version_positive"),
        CheckConstraint(
            "consecutive_failures >= 0 AND circuit_opens >= 0", name="failures_not_negative"
        ),
        Index("ix_webhook_endpoints_distributor", "distributor_code", "active"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    distributor_code: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2048))
    secret_version: Mapped[int] = mapped_column(Integer)
    # After a rotation, the secret of the version before still signs until this instant (every
    # delivery carries both signatures), so the receiver can switch without losing one.
    previous_secret_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Issue 18. The event types sent to it (None: every type).
    event_types: Mapped[list[str] | None] = mapped_column(Json)
    # The circuit breaker: failures in a row (any success resets), times the circuit opened in
    # this failing streak, and the instant until which nothing but one probe is sent.
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    circuit_opens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    circuit_open_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The first failure of the current streak: failing for `webhook_disable_after_days` disables.
    failing_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(String(32))  # "partner" | "failing" | …


class OutboxMessage(Base):
    """One side effect to perform after commit: a webhook to one endpoint, or one e-mail.

    While `delivering`, `locked_until` is the claiming worker's lease and `next_attempt_at` equals
    it, so a message whose worker died becomes due again when the lease runs out.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(_one_of("kind", OUTBOX_KINDS), name="kind"),
        CheckConstraint(_one_of("status", OUTBOX_STATUSES), name="status"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint(
            "(kind = 'webhook' AND endpoint_id IS NOT NULL) "
            "OR (kind <> 'webhook' AND endpoint_id IS NULL)",
            name="endpoint_iff_webhook",
        ),
        CheckConstraint(
            "(status = 'delivering') = (locked_until IS NOT NULL)", name="lease_iff_delivering"
        ),
        CheckConstraint(
            "(status = 'delivered') = (delivered_at IS NOT NULL)", name="delivered_at_iff_delivered"
        ),
        # The claim: status IN ('pending', 'delivering') AND next_attempt_at <= now ORDER BY id.
        Index("ix_outbox_messages_claim", "status", "next_attempt_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    endpoint_id: Mapped[int | None] = mapped_column(
        BigIntPk, ForeignKey("webhook_endpoints.id", ondelete="RESTRICT")
    )
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Issue 18: the claim this message is leased under (worker and batch): the fence of its
    # result, and what the worker's heartbeat renews (short leases, released within seconds).
    claim_token: Mapped[str | None] = mapped_column(String(64), index=True)


class JobRun(Base):
    """One run of a named periodic job for one run key (the Brussels date): at most one row each,
    so a job runs at most once per day however many workers ask."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "run_key"),
        CheckConstraint(_one_of("status", JOB_RUN_STATUSES), name="status"),
        CheckConstraint("attempts >= 1", name="attempts_positive"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    job: Mapped[str] = mapped_column(String(64))
    run_key: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    summary: Mapped[str | None] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(Text)
