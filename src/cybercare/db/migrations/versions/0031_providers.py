"""providers: the registry of appointed providers, orders on a case, their invoices, payouts
and incidents (Art. 4.2, 4.6, 5, 6.6, 11; issue 19); the ledger's service cost accounts

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-08 00:31:22.715065
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import cybercare.db.types

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_ACCOUNTS = (
    "'premium_receivable', 'premium_income', 'tax_payable', 'commission_expense', "
    "'commission_payable', 'refunds_payable', 'bank', 'claims_expense', 'claims_payable', "
    "'recoveries'"
)
_WITH_SERVICES = _ACCOUNTS + ", 'service_cost_expense', 'service_cost_payable'"
_CHECK = "ck_ledger_lines_account_valid"


def _account_check(before: str, after: str) -> None:
    """The closed chart of accounts grows by the service cost accounts. ledger_lines is
    append-only by triggers (0004, 0017): a batch rebuild on SQLite would drop them, so SQLite's
    CHECK text is changed in place (the documented writable_schema procedure for a change that
    leaves the stored rows valid); PostgreSQL swaps the constraint."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.execute(f"ALTER TABLE ledger_lines DROP CONSTRAINT {_CHECK}")
        op.execute(f"ALTER TABLE ledger_lines ADD CONSTRAINT {_CHECK} CHECK (account IN ({after}))")
        return
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) "
        "WHERE type = 'table' AND name = 'ledger_lines'",
        (f"account IN ({before})", f"account IN ({after})"),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def upgrade() -> None:
    _account_check(_ACCOUNTS, _WITH_SERVICES)
    op.create_table(
        "providers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=140), nullable=False),
        sa.Column("vat_number", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "regions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("quote_within_hours", sa.Integer(), nullable=False),
        sa.Column("finish_within_days", sa.Integer(), nullable=False),
        sa.Column("contract_start", sa.Date(), nullable=False),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("account_holder", sa.String(length=140), nullable=True),
        sa.Column("bank_entered_by", sa.String(length=64), nullable=True),
        sa.Column("bank_verified_by", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('data_recovery', 'takedown', 'lawyer', 'psychologist')",
            name=op.f("ck_providers_kind_valid"),
        ),
        sa.CheckConstraint(
            "bank_verified_by IS NULL OR (iban IS NOT NULL AND bank_verified_by <> bank_entered_by)",
            name=op.f("ck_providers_bank_four_eyes"),
        ),
        sa.CheckConstraint(
            "quote_within_hours > 0 AND finish_within_days > 0",
            name=op.f("ck_providers_service_levels_positive"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("vat_number", name=op.f("uq_providers_vat_number")),
    )
    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_providers_kind"), ["kind"], unique=False)

    op.create_table(
        "provider_services",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("provider_id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("rate_cents", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.CheckConstraint(
            "unit IN ('case', 'hour', 'link')", name=op.f("ck_provider_services_unit_valid")
        ),
        sa.CheckConstraint("rate_cents > 0", name=op.f("ck_provider_services_rate_positive")),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_services_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_services")),
        sa.UniqueConstraint(
            "provider_id", "code", name=op.f("uq_provider_services_provider_id_code")
        ),
    )
    with op.batch_alter_table("provider_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_services_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "provider_orders",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("workstream_id", sa.String(length=32), nullable=False),
        sa.Column("provider_id", sa.String(length=32), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("guarantee", sa.String(length=16), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "brief",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("appointed_by", sa.String(length=64), nullable=False),
        sa.Column("appointed_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("quote_cents", sa.BigInteger(), nullable=True),
        sa.Column("quoted_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("covered_cents", sa.BigInteger(), nullable=False),
        sa.Column("accepted_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_note", sa.String(length=500), nullable=True),
        sa.Column("invoiced_cents", sa.BigInteger(), nullable=True),
        sa.Column("used_cents", sa.BigInteger(), nullable=False),
        sa.Column("invoiced_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("paid_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('appointed', 'quoted', 'accepted', 'declined', 'cancelled', 'work_done', 'not_possible', 'invoiced', 'paid')",
            name=op.f("ck_provider_orders_status_valid"),
        ),
        sa.CheckConstraint(
            "covered_cents >= 0 AND covered_cents <= COALESCE(quote_cents, 0)",
            name=op.f("ck_provider_orders_covered_within_quote"),
        ),
        sa.CheckConstraint(
            "invoiced_cents IS NULL OR invoiced_cents <= quote_cents",
            name=op.f("ck_provider_orders_invoice_within_quote"),
        ),
        sa.CheckConstraint(
            "quote_cents IS NULL OR quote_cents > 0", name=op.f("ck_provider_orders_quote_positive")
        ),
        sa.CheckConstraint(
            "used_cents >= 0 AND used_cents <= covered_cents",
            name=op.f("ck_provider_orders_used_within_cover"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_provider_orders_case_id_assistance_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_provider_orders_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_provider_orders_provider_id_providers")
        ),
        sa.ForeignKeyConstraint(
            ["workstream_id"],
            ["workstreams.id"],
            name=op.f("fk_provider_orders_workstream_id_workstreams"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_orders")),
    )
    with op.batch_alter_table("provider_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provider_orders_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_provider_orders_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            "ix_provider_orders_provider_status", ["provider_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_provider_orders_workstream_id"), ["workstream_id"], unique=False
        )

    op.create_table(
        "provider_incidents",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("provider_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('late_quote', 'late_work', 'poor_work', 'damage', 'no_answer')",
            name=op.f("ck_provider_incidents_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["provider_orders.id"],
            name=op.f("fk_provider_incidents_order_id_provider_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_incidents_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_incidents")),
    )
    with op.batch_alter_table("provider_incidents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_incidents_order_id"), ["order_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_provider_incidents_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "provider_invoices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("provider_id", sa.String(length=32), nullable=False),
        sa.Column("invoice_number", sa.String(length=64), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=4), nullable=False),
        sa.Column("tax_exclusive_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        sa.Column("payable_cents", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("received_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source IN ('ubl', 'pdf')", name=op.f("ck_provider_invoices_source_valid")
        ),
        sa.CheckConstraint(
            "payable_cents > 0 AND tax_exclusive_cents >= 0 AND tax_cents >= 0",
            name=op.f("ck_provider_invoices_amounts_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["provider_orders.id"],
            name=op.f("fk_provider_invoices_order_id_provider_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_invoices_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_invoices")),
        sa.UniqueConstraint("order_id", name=op.f("uq_provider_invoices_order_id")),
        sa.UniqueConstraint(
            "provider_id",
            "invoice_number",
            name=op.f("uq_provider_invoices_provider_id_invoice_number"),
        ),
        sa.UniqueConstraint("sha256", name=op.f("uq_provider_invoices_sha256")),
    )
    with op.batch_alter_table("provider_invoices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_invoices_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "provider_payouts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("provider_id", sa.String(length=32), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("holder_name", sa.String(length=140), nullable=False),
        sa.Column("remittance", sa.String(length=140), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payment_file_id", sa.String(length=35), nullable=True),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status = 'scheduled' OR payment_file_id IS NOT NULL",
            name=op.f("ck_provider_payouts_filed_has_file"),
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'in_file', 'paid')",
            name=op.f("ck_provider_payouts_status_valid"),
        ),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_provider_payouts_amount_positive")),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["provider_orders.id"],
            name=op.f("fk_provider_payouts_order_id_provider_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["payment_file_id"],
            ["payment_files.id"],
            name=op.f("fk_provider_payouts_payment_file_id_payment_files"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_provider_payouts_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_payouts")),
        sa.UniqueConstraint("order_id", name=op.f("uq_provider_payouts_order_id")),
    )
    with op.batch_alter_table("provider_payouts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_payouts_payment_file_id"), ["payment_file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_provider_payouts_provider_id"), ["provider_id"], unique=False
        )
        batch_op.create_index("ix_provider_payouts_status", ["status", "created_at"], unique=False)


def downgrade() -> None:
    # The ledger is append-only: with service costs booked, the CHECK refuses the old chart
    # on PostgreSQL; the downgrade is for an empty or test database.
    _account_check(_WITH_SERVICES, _ACCOUNTS)
    with op.batch_alter_table("provider_payouts", schema=None) as batch_op:
        batch_op.drop_index("ix_provider_payouts_status")
        batch_op.drop_index(batch_op.f("ix_provider_payouts_provider_id"))
        batch_op.drop_index(batch_op.f("ix_provider_payouts_payment_file_id"))

    op.drop_table("provider_payouts")
    with op.batch_alter_table("provider_invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_invoices_provider_id"))

    op.drop_table("provider_invoices")
    with op.batch_alter_table("provider_incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_incidents_provider_id"))
        batch_op.drop_index(batch_op.f("ix_provider_incidents_order_id"))

    op.drop_table("provider_incidents")
    with op.batch_alter_table("provider_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_orders_workstream_id"))
        batch_op.drop_index("ix_provider_orders_provider_status")
        batch_op.drop_index(batch_op.f("ix_provider_orders_household_id"))
        batch_op.drop_index(batch_op.f("ix_provider_orders_case_id"))

    op.drop_table("provider_orders")
    with op.batch_alter_table("provider_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_services_provider_id"))

    op.drop_table("provider_services")
    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_providers_kind"))

    op.drop_table("providers")
