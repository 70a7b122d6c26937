"""report form drafts: files kept while the member corrects the form (issue 14)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_draft_files",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("draft_id", sa.String(length=32), nullable=False),
        sa.Column("session_sha256", sa.String(length=64), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("evidence_type", sa.String(length=48), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_report_draft_files_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_report_draft_files_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_draft_files")),
    )
    with op.batch_alter_table("report_draft_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_draft_files_draft_id"), ["draft_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_report_draft_files_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("report_draft_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_draft_files_expires_at"))
        batch_op.drop_index(batch_op.f("ix_report_draft_files_draft_id"))
    op.drop_table("report_draft_files")
