"""households affiliations and distributors

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 22:24:17.320601
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import cybercare.db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "distributors",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("commission_bp", sa.Integer(), nullable=False),
        sa.Column("last_event_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("last_event_seq >= 0", name=op.f("ck_distributors_event_seq_positive")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_distributors")),
    )
    op.create_table(
        "households",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("locked_until", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_media_type", sa.String(length=100), nullable=True),
        sa.Column(
            "response_headers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('in_progress', 'completed')", name=op.f("ck_idempotency_keys_state_valid")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("client", "key", name=op.f("uq_idempotency_keys_client_key")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index("ix_idempotency_keys_created_at", ["created_at"], unique=False)

    op.create_table(
        "affiliations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("distributor_code", sa.String(length=32), nullable=False),
        sa.Column("customer_ref", sa.String(length=64), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("product_code", sa.String(length=64), nullable=False),
        sa.Column("product_version", sa.String(length=32), nullable=False),
        sa.Column("subscribed_on", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("pending_end_notice_on", sa.Date(), nullable=True),
        sa.Column("pending_end_date", sa.Date(), nullable=True),
        sa.Column("pending_end_by", sa.String(length=32), nullable=True),
        sa.Column("pending_end_article", sa.String(length=16), nullable=True),
        sa.Column(
            "prevention_declarations",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("terms_token_sha256", sa.String(length=64), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'withdrawn', 'terminated')",
            name=op.f("ck_affiliations_status_valid"),
        ),
        sa.CheckConstraint(
            "start_date >= subscribed_on",
            name=op.f("ck_affiliations_start_not_before_subscription"),
        ),
        sa.ForeignKeyConstraint(
            ["distributor_code"],
            ["distributors.code"],
            name=op.f("fk_affiliations_distributor_code_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_affiliations_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["product_code", "product_version"],
            ["product_versions.code", "product_versions.version"],
            name=op.f("fk_affiliations_product_code_product_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliations")),
    )
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_affiliations_distributor_customer",
            ["distributor_code", "customer_ref"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_affiliations_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            "ix_affiliations_pending_end_date", ["pending_end_date"], unique=False
        )
        batch_op.create_index("ix_affiliations_term_end", ["term_end"], unique=False)

    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("distributor_code", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["distributor_code"],
            ["distributors.code"],
            name=op.f("fk_api_keys_distributor_code_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_keys_distributor_code"), ["distributor_code"], unique=False
        )

    op.create_table(
        "household_addresses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("box", sa.String(length=20), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "to_date IS NULL OR to_date >= from_date",
            name=op.f("ck_household_addresses_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_addresses_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_addresses")),
    )
    with op.batch_alter_table("household_addresses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_addresses_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "partner_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("distributor_code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("affiliation_id", sa.String(length=32), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("occurred_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["distributor_code"],
            ["distributors.code"],
            name=op.f("fk_partner_events_distributor_code_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_events")),
        sa.UniqueConstraint(
            "distributor_code", "seq", name=op.f("uq_partner_events_distributor_code_seq")
        ),
        sa.UniqueConstraint("event_id", name=op.f("uq_partner_events_event_id")),
    )
    with op.batch_alter_table("partner_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_events_affiliation_id"), ["affiliation_id"], unique=False
        )

    op.create_table(
        "persons",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("national_register_number", sa.String(length=11), nullable=True),
        sa.Column("died_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "language IN ('nl', 'fr', 'de', 'en')", name=op.f("ck_persons_language_valid")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_persons_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_household_id"), ["household_id"], unique=False)

    op.create_table(
        "affiliation_status_periods",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("affiliation_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("article", sa.String(length=16), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'withdrawn', 'terminated')",
            name=op.f("ck_affiliation_status_periods_status_valid"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_affiliation_status_periods_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["affiliations.id"],
            name=op.f("fk_affiliation_status_periods_affiliation_id_affiliations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliation_status_periods")),
    )
    with op.batch_alter_table("affiliation_status_periods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_affiliation_status_periods_affiliation_id"),
            ["affiliation_id"],
            unique=False,
        )

    op.create_table(
        "memberships",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("relationship", sa.String(length=24), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "relationship IN ('affiliate', 'spouse', 'partner', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'partner_child', 'partner_parent', 'partner_grandparent', 'partner_grandchild', 'partner_sibling', 'other')",
            name=op.f("ck_memberships_relationship_valid"),
        ),
        sa.CheckConstraint(
            "left_on IS NULL OR left_on >= joined_on", name=op.f("ck_memberships_dates_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_memberships_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_memberships_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_memberships_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_memberships_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_person_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_household_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("affiliation_status_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_affiliation_status_periods_affiliation_id"))

    op.drop_table("affiliation_status_periods")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_household_id"))

    op.drop_table("persons")
    with op.batch_alter_table("partner_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_events_affiliation_id"))

    op.drop_table("partner_events")
    with op.batch_alter_table("household_addresses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_addresses_household_id"))

    op.drop_table("household_addresses")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_distributor_code"))

    op.drop_table("api_keys")
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.drop_index("ix_affiliations_term_end")
        batch_op.drop_index("ix_affiliations_pending_end_date")
        batch_op.drop_index(batch_op.f("ix_affiliations_household_id"))
        batch_op.drop_index("ix_affiliations_distributor_customer")

    op.drop_table("affiliations")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_idempotency_keys_created_at")

    op.drop_table("idempotency_keys")
    op.drop_table("households")
    op.drop_table("distributors")
