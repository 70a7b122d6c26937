"""billing: SEPA Core mandates as a lifecycle (active, amended, cancelled, lapsed), their channel
(paper through the distributor, e-mandate in the portal with the consent recorded), the pending
amendment and the latest collection (issue 15). Existing `revoked` mandates become `cancelled`.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cybercare.db.types import UtcDateTime

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSENT = (
    "channel <> 'e_mandate' OR (consent_at IS NOT NULL AND consent_text_version IS NOT "
    "NULL AND consent_client_sha256 IS NOT NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("billing_mandates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.String(length=16), server_default="paper", nullable=False)
        )
        batch_op.add_column(sa.Column("last_collection_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("original_iban", sa.String(length=34), nullable=True))
        batch_op.add_column(
            sa.Column(
                "original_other_bank", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(sa.Column("original_debtor_name", sa.String(length=70), nullable=True))
        batch_op.add_column(
            sa.Column(
                "final_collection_due", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("one_off", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("consent_at", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("consent_text_version", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("consent_client_sha256", sa.String(length=64), nullable=True))
        batch_op.drop_constraint("status_valid", type_="check")
    # A revoked mandate of the first design is a cancelled one; it ended when it was recorded
    # (the old table kept no date of revocation).
    op.execute(
        "UPDATE billing_mandates SET status = 'cancelled', ended_on = signed_on "
        "WHERE status = 'revoked'"
    )
    # The latest collection presented under each mandate: its batches' collection dates.
    op.execute(
        "UPDATE billing_mandates SET last_collection_on = ("
        " SELECT MAX(b.collection_date) FROM billing_debit_batches b"
        " JOIN billing_premium_lines l ON l.debit_batch_id = b.id"
        " WHERE l.affiliation_id = billing_mandates.affiliation_id)"
    )
    with op.batch_alter_table("billing_mandates", schema=None) as batch_op:
        batch_op.create_check_constraint(
            "status_valid", "status IN ('active', 'amended', 'cancelled', 'lapsed')"
        )
        batch_op.create_check_constraint("channel_valid", "channel IN ('paper', 'e_mandate')")
        batch_op.create_check_constraint("e_mandate_has_consent", CONSENT)
        batch_op.create_check_constraint(
            "ended_dated", "status NOT IN ('cancelled', 'lapsed') OR ended_on IS NOT NULL"
        )


def downgrade() -> None:
    op.execute(
        "UPDATE billing_mandates SET status = CASE WHEN status IN ('active', 'amended') "
        "THEN 'active' ELSE 'revoked' END"
    )
    with op.batch_alter_table("billing_mandates", schema=None) as batch_op:
        for name in ("ended_dated", "e_mandate_has_consent", "channel_valid", "status_valid"):
            batch_op.drop_constraint(name, type_="check")
        batch_op.create_check_constraint("status_valid", "status IN ('active', 'revoked')")
        for column in (
            "consent_client_sha256",
            "consent_text_version",
            "consent_at",
            "ended_on",
            "one_off",
            "final_collection_due",
            "original_debtor_name",
            "original_other_bank",
            "original_iban",
            "last_collection_on",
            "channel",
        ):
            batch_op.drop_column(column)
