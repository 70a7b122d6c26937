"""assistance: contact attempts, the calls and messages that make the first contact (Art. 8.4)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types
from cybercare.db.ddl import drop_append_only, make_append_only

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND_MATCHES = (
    "(kind = 'call' AND channel = 'phone' AND outcome <> 'sent') OR "
    "(kind = 'message' AND channel <> 'phone' AND outcome = 'sent')"
)


def upgrade() -> None:
    op.create_table(
        "contact_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("workstream_id", sa.String(length=32), nullable=True),
        sa.Column("person_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("first_contact", sa.Boolean(), nullable=False),
        sa.Column("next_try_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("made_by", sa.String(length=32), nullable=False),
        sa.Column("made_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('call', 'message')", name=op.f("ck_contact_attempts_kind_valid")
        ),
        sa.CheckConstraint(
            "outcome IN ('reached', 'voicemail', 'no_answer', 'sent')",
            name=op.f("ck_contact_attempts_outcome_valid"),
        ),
        sa.CheckConstraint(
            "channel IN ('phone', 'email', 'sms', 'portal')",
            name=op.f("ck_contact_attempts_channel_valid"),
        ),
        sa.CheckConstraint(KIND_MATCHES, name=op.f("ck_contact_attempts_kind_matches")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_contact_attempts_case_id_assistance_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["workstream_id"],
            ["workstreams.id"],
            name=op.f("fk_contact_attempts_workstream_id_workstreams"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_contact_attempts_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["made_by"], ["users.id"], name=op.f("fk_contact_attempts_made_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_attempts")),
    )
    with op.batch_alter_table("contact_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_contact_attempts_case", ["case_id", "made_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contact_attempts_workstream_id"), ["workstream_id"], unique=False
        )
    make_append_only("contact_attempts")


def downgrade() -> None:
    drop_append_only("contact_attempts")
    with op.batch_alter_table("contact_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_attempts_workstream_id"))
        batch_op.drop_index("ix_contact_attempts_case")
    op.drop_table("contact_attempts")
