"""outbox messages, webhook endpoints and job runs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import cybercare.db.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_INT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _instant() -> cybercare.db.types.UtcDateTime:
    return cybercare.db.types.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", BIG_INT_PK, nullable=False),
        sa.Column("distributor_code", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("secret_version", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.CheckConstraint(
            "secret_version >= 1", name=op.f("ck_webhook_endpoints_secret_version_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )
    op.create_index(
        "ix_webhook_endpoints_distributor",
        "webhook_endpoints",
        ["distributor_code", "active"],
        unique=False,
    )

    op.create_table(
        "outbox_messages",
        sa.Column("id", BIG_INT_PK, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        sa.Column("endpoint_id", BIG_INT_PK, nullable=True),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _instant(), nullable=False),
        sa.Column("locked_until", _instant(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("delivered_at", _instant(), nullable=True),
        sa.CheckConstraint("kind IN ('webhook', 'email')", name=op.f("ck_outbox_messages_kind")),
        sa.CheckConstraint(
            "status IN ('pending', 'delivering', 'delivered', 'dead')",
            name=op.f("ck_outbox_messages_status"),
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_messages_attempts_not_negative")),
        sa.CheckConstraint(
            "(kind = 'webhook' AND endpoint_id IS NOT NULL) "
            "OR (kind <> 'webhook' AND endpoint_id IS NULL)",
            name=op.f("ck_outbox_messages_endpoint_iff_webhook"),
        ),
        sa.CheckConstraint(
            "(status = 'delivering') = (locked_until IS NOT NULL)",
            name=op.f("ck_outbox_messages_lease_iff_delivering"),
        ),
        sa.CheckConstraint(
            "(status = 'delivered') = (delivered_at IS NOT NULL)",
            name=op.f("ck_outbox_messages_delivered_at_iff_delivered"),
        ),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoints.id"],
            name=op.f("fk_outbox_messages_endpoint_id_webhook_endpoints"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    op.create_index(
        "ix_outbox_messages_claim",
        "outbox_messages",
        ["status", "next_attempt_at", "id"],
        unique=False,
    )

    op.create_table(
        "job_runs",
        sa.Column("id", BIG_INT_PK, nullable=False),
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("run_key", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("started_at", _instant(), nullable=False),
        sa.Column("locked_until", _instant(), nullable=True),
        sa.Column("finished_at", _instant(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'succeeded', 'failed')", name=op.f("ck_job_runs_status")
        ),
        sa.CheckConstraint("attempts >= 1", name=op.f("ck_job_runs_attempts_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("job", "run_key", name=op.f("uq_job_runs_job_run_key")),
    )


def downgrade() -> None:
    op.drop_table("job_runs")
    op.drop_index("ix_outbox_messages_claim", table_name="outbox_messages")
    op.drop_table("outbox_messages")
    op.drop_index("ix_webhook_endpoints_distributor", table_name="webhook_endpoints")
    op.drop_table("webhook_endpoints")
