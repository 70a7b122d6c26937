"""consents to health data processing and the privacy notices shown (issue 17, GDPR art. 7,
9(2)(a), 13; Art. 11.2)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-09 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = cybercare.db.types.UtcDateTime(timezone=True)
_LANGUAGES = "language IN ('nl', 'fr', 'de', 'en')"


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subject_person_id", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("given_by_person_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("recorded_by_user_id", sa.String(length=32), nullable=False),
        sa.Column("text_version", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("given_at", _UTC, nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.Column("withdrawn_at", _UTC, nullable=True),
        sa.Column("withdrawn_by_user_id", sa.String(length=32), nullable=True),
        sa.Column("withdrawal_channel", sa.String(length=8), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('psychological_assistance')", name=op.f("ck_consents_purpose_valid")
        ),
        sa.CheckConstraint(
            "channel IN ('portal', 'phone')", name=op.f("ck_consents_channel_valid")
        ),
        sa.CheckConstraint(_LANGUAGES, name=op.f("ck_consents_language_valid")),
        sa.CheckConstraint(
            "(withdrawn_at IS NULL AND withdrawn_by_user_id IS NULL AND withdrawal_channel IS NULL)"
            " OR (withdrawn_at IS NOT NULL AND withdrawn_by_user_id IS NOT NULL"
            " AND withdrawal_channel IN ('portal', 'phone'))",
            name=op.f("ck_consents_withdrawal_complete"),
        ),
        sa.CheckConstraint(
            "withdrawn_at IS NULL OR withdrawn_at >= given_at",
            name=op.f("ck_consents_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["persons.id"],
            name=op.f("fk_consents_subject_person_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["given_by_person_id"],
            ["persons.id"],
            name=op.f("fk_consents_given_by_person_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["users.id"],
            name=op.f("fk_consents_recorded_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["assistance_cases.id"], name=op.f("fk_consents_case_id_assistance_cases")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_user_id"],
            ["users.id"],
            name=op.f("fk_consents_withdrawn_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index("ix_consents_subject", "consents", ["subject_person_id", "purpose"])
    op.create_index(
        op.f("ix_consents_given_by_person_id"), "consents", ["given_by_person_id"], unique=False
    )
    op.create_table(
        "privacy_notices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("notice_version", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=12), nullable=False),
        sa.Column("distributor_code", sa.String(length=32), nullable=True),
        sa.Column("affiliation_id", sa.String(length=32), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("shown_at", _UTC, nullable=False),
        sa.CheckConstraint(
            "event IN ('subscription', 'portal')", name=op.f("ck_privacy_notices_event_valid")
        ),
        sa.CheckConstraint(_LANGUAGES, name=op.f("ck_privacy_notices_language_valid")),
        sa.CheckConstraint(
            "(event = 'subscription' AND distributor_code IS NOT NULL)"
            " OR (event = 'portal' AND user_id IS NOT NULL)",
            name=op.f("ck_privacy_notices_shown_by_known"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_privacy_notices_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_code"],
            ["distributors.code"],
            name=op.f("fk_privacy_notices_distributor_code_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["affiliations.id"],
            name=op.f("fk_privacy_notices_affiliation_id_affiliations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_privacy_notices_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notices")),
    )
    op.create_index(
        "ix_privacy_notices_person", "privacy_notices", ["person_id", "shown_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_privacy_notices_person", table_name="privacy_notices")
    op.drop_table("privacy_notices")
    op.drop_index(op.f("ix_consents_given_by_person_id"), table_name="consents")
    op.drop_index("ix_consents_subject", table_name="consents")
    op.drop_table("consents")
