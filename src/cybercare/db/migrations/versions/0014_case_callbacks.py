"""call-back requests: the number an urgent case is to be called back on (Art. 8.4)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 03:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_callbacks",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("requested_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "channel IN ('portal', 'api')", name=op.f("ck_case_callbacks_channel_valid")
        ),
        sa.CheckConstraint("phone LIKE '+%'", name=op.f("ck_case_callbacks_phone_e164")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_case_callbacks_case_id_assistance_cases"),
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_callbacks")),
    )


def downgrade() -> None:
    op.drop_table("case_callbacks")
