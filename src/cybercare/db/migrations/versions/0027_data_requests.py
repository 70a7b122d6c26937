"""data requests (GDPR art. 12.3, 15, 20) and their export archives (issue 17); the outbox
message kind `privacy.export` (the worker builds the archive after commit).

The kinds below are those of 0022 plus `privacy.export`: when the lead re-chains this revision
after another one that widens the same CHECK, the list must be the union of both.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


KINDS_BEFORE = "'webhook', 'email', 'bank.instant', 'bank.file'"  # what 0022 allows
KINDS_AFTER = f"{KINDS_BEFORE}, 'privacy.export'"


def _outbox_kinds(kinds: str) -> None:
    # batch_alter_table: SQLite cannot alter a CHECK in place (the table is copied);
    # PostgreSQL gets a plain DROP/ADD CONSTRAINT.
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_kind"), type_="check")
        batch_op.create_check_constraint("kind", f"kind IN ({kinds})")


def upgrade() -> None:
    _outbox_kinds(KINDS_AFTER)
    op.create_table(
        "data_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("received_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("registered_by", sa.String(length=128), nullable=False),
        sa.Column("fulfilled_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('access')", name=op.f("ck_data_requests_kind_valid")),
        sa.CheckConstraint(
            "channel IN ('portal', 'letter', 'phone', 'email')",
            name=op.f("ck_data_requests_channel_valid"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'fulfilled')", name=op.f("ck_data_requests_status_valid")
        ),
        sa.CheckConstraint(
            "(status = 'fulfilled') = (fulfilled_at IS NOT NULL)",
            name=op.f("ck_data_requests_fulfilled_iff_at"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_data_requests_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_requests")),
    )
    op.create_index(
        op.f("ix_data_requests_person_id"), "data_requests", ["person_id"], unique=False
    )
    op.create_index(
        "ix_data_requests_status_due", "data_requests", ["status", "due_on"], unique=False
    )
    op.create_table(
        "data_export_archives",
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("export_version", sa.String(length=16), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("downloads", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_data_export_archives_not_empty")),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["data_requests.id"],
            name=op.f("fk_data_export_archives_request_id_data_requests"),
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_data_export_archives")),
    )


def downgrade() -> None:
    op.drop_table("data_export_archives")
    op.drop_index("ix_data_requests_status_due", table_name="data_requests")
    op.drop_index(op.f("ix_data_requests_person_id"), table_name="data_requests")
    op.drop_table("data_requests")
    op.execute("DELETE FROM outbox_messages WHERE kind = 'privacy.export'")
    _outbox_kinds(KINDS_BEFORE)
