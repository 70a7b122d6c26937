"""personal data reads: the append-only read log of staff reads (Art. 11, GDPR; issue 17)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types
from cybercare.db.ddl import drop_append_only, make_append_only

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "personal_data_reads"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("read_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("staff_user_id", sa.String(length=32), nullable=False),
        sa.Column("staff_function", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "kind IN ('affiliation_file', 'case', 'claim', 'evidence', 'letter', "
            "'contact_details', 'psychological_notes')",
            name=op.f("ck_personal_data_reads_kind_valid"),
        ),
        sa.CheckConstraint(
            "purpose IN ('case', 'claim', 'search', 'dashboard', 'lookup')",
            name=op.f("ck_personal_data_reads_purpose_valid"),
        ),
        sa.CheckConstraint(
            "staff_function IN ('technical', 'legal', 'financial', 'psychological', "
            "'claims_handler', 'supervisor', 'admin', 'finance')",
            name=op.f("ck_personal_data_reads_staff_function_valid"),
        ),
        sa.CheckConstraint(
            "(purpose IN ('case', 'claim')) = (case_id IS NOT NULL)",
            name=op.f("ck_personal_data_reads_case_with_purpose"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_personal_data_reads_case_id_assistance_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_personal_data_reads_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_personal_data_reads_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["users.id"],
            name=op.f("fk_personal_data_reads_staff_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_reads")),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(
            "ix_personal_data_reads_person", ["person_id", "read_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_personal_data_reads_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_personal_data_reads_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_personal_data_reads_staff_user_id"), ["staff_user_id"], unique=False
        )
    make_append_only(TABLE)


def downgrade() -> None:
    drop_append_only(TABLE)
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personal_data_reads_staff_user_id"))
        batch_op.drop_index(batch_op.f("ix_personal_data_reads_case_id"))
        batch_op.drop_index(batch_op.f("ix_personal_data_reads_household_id"))
        batch_op.drop_index("ix_personal_data_reads_person")
    op.drop_table(TABLE)
