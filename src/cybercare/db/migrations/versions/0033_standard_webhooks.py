"""outbox: Standard Webhooks (issue 18): each endpoint's event types, circuit breaker state
(consecutive failures, times opened, paused until), the start of its failing streak and why it
was disabled; each outbox message's claim token (the lease a heartbeat renews)

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_types", cybercare.db.types.Json, nullable=True))
        batch_op.add_column(
            sa.Column("consecutive_failures", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("circuit_opens", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "circuit_open_until", cybercare.db.types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("failing_since", cybercare.db.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("disabled_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("disabled_reason", sa.String(length=32), nullable=True))
        batch_op.create_check_constraint(
            "failures_not_negative", "consecutive_failures >= 0 AND circuit_opens >= 0"
        )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_messages_claim_token"), ["claim_token"])


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_claim_token"))
        batch_op.drop_column("claim_token")
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_webhook_endpoints_failures_not_negative"), "check")
        for column in (
            "disabled_reason",
            "disabled_at",
            "failing_since",
            "circuit_open_until",
            "circuit_opens",
            "consecutive_failures",
            "event_types",
        ):
            batch_op.drop_column(column)
