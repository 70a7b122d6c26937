"""payments: payouts that finish and payouts in seconds (issue 15): SEPA Instant flag, the
bank's status and reason code, the execution date, and the payout a returned one is replaced by
(a decision may then carry several payouts: the unique decision id becomes an index); the
outbox's message kind `bank.instant`

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUSES = "'pending_review', 'scheduled', 'in_file', 'paid', 'returned'"
NEW_STATUSES = (
    "'pending_review', 'scheduled', 'instructed', 'in_file', 'paid', 'returned', 'replaced'"
)
OLD_FILED = (
    "(status IN ('in_file', 'paid') AND payment_file_id IS NOT NULL)"
    " OR status NOT IN ('in_file', 'paid')"
)
NEW_FILED = (
    "(status = 'in_file' AND payment_file_id IS NOT NULL)"
    " OR (status = 'paid' AND (payment_file_id IS NOT NULL OR instructed_at IS NOT NULL))"
    " OR status NOT IN ('in_file', 'paid')"
)
BANK_STATUSES = "'ACCC', 'ACSC', 'ACSP', 'ACCP', 'PDNG', 'RJCT'"


OLD_KINDS = "'webhook', 'email'"
NEW_KINDS = "'webhook', 'email', 'bank.instant'"


def _outbox_kinds(kinds: str) -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_kind"), type_="check")
        batch_op.create_check_constraint("kind", f"kind IN ({kinds})")


def upgrade() -> None:
    _outbox_kinds(NEW_KINDS)
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("instant", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("instructed_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("bank_status", sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column("reason_code", sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column("executed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("replaces_payout_id", sa.String(length=32), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_payouts_decision_id"), type_="unique")
        batch_op.create_index(batch_op.f("ix_payouts_decision_id"), ["decision_id"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_payouts_replaces_payout_id"), ["replaces_payout_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_payouts_replaces_payout_id_payouts"),
            "payouts",
            ["replaces_payout_id"],
            ["id"],
        )
        batch_op.drop_constraint(batch_op.f("ck_payouts_status_valid"), type_="check")
        batch_op.create_check_constraint("status_valid", f"status IN ({NEW_STATUSES})")
        batch_op.drop_constraint(batch_op.f("ck_payouts_filed_has_file"), type_="check")
        batch_op.create_check_constraint("filed_has_file", NEW_FILED)
        batch_op.create_check_constraint(
            "instructed_is_instant",
            "status <> 'instructed' OR (instant AND instructed_at IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            "bank_status_valid", f"bank_status IS NULL OR bank_status IN ({BANK_STATUSES})"
        )
        batch_op.create_check_constraint(
            "not_self", "replaces_payout_id IS NULL OR replaces_payout_id <> id"
        )


def downgrade() -> None:
    op.execute("DELETE FROM outbox_messages WHERE kind = 'bank.instant'")
    _outbox_kinds(OLD_KINDS)
    op.execute("DELETE FROM payouts WHERE replaces_payout_id IS NOT NULL")
    op.execute("UPDATE payouts SET status = 'returned' WHERE status = 'replaced'")
    op.execute("UPDATE payouts SET status = 'scheduled' WHERE status = 'instructed'")
    op.execute(
        "UPDATE payouts SET status = 'returned' WHERE status = 'paid' AND payment_file_id IS NULL"
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_payouts_not_self"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_payouts_bank_status_valid"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_payouts_instructed_is_instant"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_payouts_filed_has_file"), type_="check")
        batch_op.create_check_constraint("filed_has_file", OLD_FILED)
        batch_op.drop_constraint(batch_op.f("ck_payouts_status_valid"), type_="check")
        batch_op.create_check_constraint("status_valid", f"status IN ({OLD_STATUSES})")
        batch_op.drop_constraint(
            batch_op.f("fk_payouts_replaces_payout_id_payouts"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_payouts_replaces_payout_id"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_payouts_decision_id"))
        batch_op.create_unique_constraint(batch_op.f("uq_payouts_decision_id"), ["decision_id"])
        batch_op.drop_column("replaces_payout_id")
        batch_op.drop_column("executed_on")
        batch_op.drop_column("reason_code")
        batch_op.drop_column("bank_status")
        batch_op.drop_column("instructed_at")
        batch_op.drop_column("instant")
