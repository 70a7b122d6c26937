"""claims, yearly pots and payouts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 23:01:05.757612
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import cybercare.db.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "payment_files",
        sa.Column("id", sa.String(length=35), nullable=False),
        sa.Column("execution_date", sa.Date(), nullable=False),
        sa.Column("payout_count", sa.Integer(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "payout_count > 0 AND total_cents > 0", name=op.f("ck_payment_files_not_empty")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_files")),
    )
    op.create_table(
        "payout_accounts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("holder_name", sa.String(length=140), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("approved_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_payout_accounts_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_accounts")),
        sa.UniqueConstraint(
            "household_id", "iban", name=op.f("uq_payout_accounts_household_id_iban")
        ),
    )
    with op.batch_alter_table("payout_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payout_accounts_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "pot_years",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("affiliation_id", sa.String(length=32), nullable=False),
        sa.Column("year_index", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Date(), nullable=False),
        sa.Column("year_end", sa.Date(), nullable=False),
        sa.Column("pot", sa.String(length=32), nullable=False),
        sa.Column("money_limit_cents", sa.BigInteger(), nullable=True),
        sa.Column("case_limit", sa.Integer(), nullable=True),
        sa.Column("used_cents", sa.BigInteger(), nullable=False),
        sa.Column("reserved_cents", sa.BigInteger(), nullable=False),
        sa.Column("cases_used", sa.Integer(), nullable=False),
        sa.Column("cases_reserved", sa.Integer(), nullable=False),
        sa.Column("recovered_cents", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "case_limit IS NULL OR cases_used + cases_reserved <= case_limit",
            name=op.f("ck_pot_years_cases_within_limit"),
        ),
        sa.CheckConstraint(
            "money_limit_cents IS NULL OR used_cents + reserved_cents <= money_limit_cents",
            name=op.f("ck_pot_years_money_within_limit"),
        ),
        sa.CheckConstraint(
            "used_cents >= 0 AND reserved_cents >= 0 AND cases_used >= 0 AND cases_reserved >= 0 AND recovered_cents >= 0",
            name=op.f("ck_pot_years_figures_not_negative"),
        ),
        sa.CheckConstraint("year_end > year_start", name=op.f("ck_pot_years_year_not_empty")),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["affiliations.id"],
            name=op.f("fk_pot_years_affiliation_id_affiliations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pot_years")),
        sa.UniqueConstraint(
            "affiliation_id",
            "year_start",
            "pot",
            name=op.f("uq_pot_years_affiliation_id_year_start_pot"),
        ),
    )
    with op.batch_alter_table("pot_years", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pot_years_affiliation_id"), ["affiliation_id"], unique=False
        )

    op.create_table(
        "claims",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("affiliation_id", sa.String(length=32), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("guarantee", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("claimed_cents", sa.BigInteger(), nullable=False),
        sa.Column("occurrence_date", sa.Date(), nullable=True),
        sa.Column("discovery_date", sa.Date(), nullable=False),
        sa.Column("declaration_date", sa.Date(), nullable=False),
        sa.Column(
            "circumstances",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("payee_iban", sa.String(length=34), nullable=True),
        sa.Column("payee_name", sa.String(length=140), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("queue_reason", sa.String(length=64), nullable=True),
        sa.Column("payable_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("recovered_cents", sa.BigInteger(), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('accepted', 'partially_accepted', 'declined')",
            name=op.f("ck_claims_outcome_valid"),
        ),
        sa.CheckConstraint(
            "status IN ('incomplete', 'in_review', 'awaiting_approval', 'decided')",
            name=op.f("ck_claims_status_valid"),
        ),
        sa.CheckConstraint(
            "claimed_cents >= 0 AND payable_cents >= 0", name=op.f("ck_claims_amounts_positive")
        ),
        sa.CheckConstraint(
            "paid_cents <= payable_cents", name=op.f("ck_claims_paid_within_payable")
        ),
        sa.CheckConstraint(
            "payable_cents <= claimed_cents", name=op.f("ck_claims_payable_within_claimed")
        ),
        sa.CheckConstraint(
            "recovered_cents >= 0 AND recovered_cents <= paid_cents",
            name=op.f("ck_claims_recovery_within_paid"),
        ),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["affiliations.id"],
            name=op.f("fk_claims_affiliation_id_affiliations"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["assistance_cases.id"], name=op.f("fk_claims_case_id_assistance_cases")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_claims_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_claims_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_household_id"), ["household_id"], unique=False)
        batch_op.create_index("ix_claims_queue", ["status", "submitted_at"], unique=False)

    op.create_table(
        "pot_reservations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("holder", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column(
            "pot_year_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reserved_cents", sa.BigInteger(), nullable=False),
        sa.Column("case_reserved", sa.Boolean(), nullable=False),
        sa.Column("case_counted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "NOT (case_reserved AND case_counted)",
            name=op.f("ck_pot_reservations_reserved_xor_counted"),
        ),
        sa.CheckConstraint(
            "reserved_cents >= 0", name=op.f("ck_pot_reservations_reserved_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_pot_reservations_case_id_assistance_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["pot_year_id"],
            ["pot_years.id"],
            name=op.f("fk_pot_reservations_pot_year_id_pot_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pot_reservations")),
        sa.UniqueConstraint(
            "pot_year_id", "holder", name=op.f("uq_pot_reservations_pot_year_id_holder")
        ),
    )
    with op.batch_alter_table("pot_reservations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pot_reservations_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pot_reservations_pot_year_id"), ["pot_year_id"], unique=False
        )

    op.create_table(
        "claim_decisions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("payable_cents", sa.BigInteger(), nullable=False),
        sa.Column("product_code", sa.String(length=64), nullable=False),
        sa.Column("product_version", sa.String(length=32), nullable=False),
        sa.Column(
            "inputs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "decision",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('engine', 'handler', 'approval', 'reopening')",
            name=op.f("ck_claim_decisions_kind_valid"),
        ),
        sa.CheckConstraint(
            "outcome IN ('accepted', 'partially_accepted', 'declined', 'needs_review')",
            name=op.f("ck_claim_decisions_outcome_valid"),
        ),
        sa.CheckConstraint(
            "state IN ('proposed', 'pending_approval', 'final', 'superseded')",
            name=op.f("ck_claim_decisions_state_valid"),
        ),
        sa.CheckConstraint(
            "approved_by IS NULL OR approved_by <> decided_by",
            name=op.f("ck_claim_decisions_four_eyes_differ"),
        ),
        sa.CheckConstraint("payable_cents >= 0", name=op.f("ck_claim_decisions_payable_positive")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_decisions_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_decisions")),
        sa.UniqueConstraint(
            "claim_id", "sequence", name=op.f("uq_claim_decisions_claim_id_sequence")
        ),
    )
    with op.batch_alter_table("claim_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_decisions_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_evidence",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("evidence_type", sa.String(length=48), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_claim_evidence_not_empty")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_evidence_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_evidence")),
    )
    with op.batch_alter_table("claim_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_evidence_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_recoveries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_claim_recoveries_amount_positive")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_recoveries_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_recoveries")),
    )
    with op.batch_alter_table("claim_recoveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_recoveries_claim_id"), ["claim_id"], unique=False
        )

    op.create_table(
        "payouts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column(
            "decision_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("holder_name", sa.String(length=140), nullable=False),
        sa.Column("remittance", sa.String(length=140), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payment_file_id", sa.String(length=35), nullable=True),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("return_reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "(status IN ('in_file', 'paid') AND payment_file_id IS NOT NULL) OR status NOT IN ('in_file', 'paid')",
            name=op.f("ck_payouts_filed_has_file"),
        ),
        sa.CheckConstraint(
            "status IN ('pending_review', 'scheduled', 'in_file', 'paid', 'returned')",
            name=op.f("ck_payouts_status_valid"),
        ),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_payouts_amount_positive")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_payouts_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["claim_decisions.id"],
            name=op.f("fk_payouts_decision_id_claim_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_payouts_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["payment_file_id"],
            ["payment_files.id"],
            name=op.f("fk_payouts_payment_file_id_payment_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payouts")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_payouts_decision_id")),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payouts_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_household_id"), ["household_id"], unique=False)
        batch_op.create_index("ix_payouts_status", ["status", "created_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index("ix_payouts_status")
        batch_op.drop_index(batch_op.f("ix_payouts_household_id"))
        batch_op.drop_index(batch_op.f("ix_payouts_claim_id"))

    op.drop_table("payouts")
    with op.batch_alter_table("claim_recoveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_recoveries_claim_id"))

    op.drop_table("claim_recoveries")
    with op.batch_alter_table("claim_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_evidence_claim_id"))

    op.drop_table("claim_evidence")
    with op.batch_alter_table("claim_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_decisions_claim_id"))

    op.drop_table("claim_decisions")
    with op.batch_alter_table("pot_reservations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pot_reservations_pot_year_id"))
        batch_op.drop_index(batch_op.f("ix_pot_reservations_case_id"))

    op.drop_table("pot_reservations")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_queue")
        batch_op.drop_index(batch_op.f("ix_claims_household_id"))
        batch_op.drop_index(batch_op.f("ix_claims_case_id"))

    op.drop_table("claims")
    with op.batch_alter_table("pot_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pot_years_affiliation_id"))

    op.drop_table("pot_years")
    with op.batch_alter_table("payout_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payout_accounts_household_id"))

    op.drop_table("payout_accounts")
    op.drop_table("payment_files")
