"""provider portal: provider users (kind `provider`, linked to one provider), the time a provider
accepted an order, and the report files providers upload (issue 19)

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-08 01:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = "kind IN ('member', 'staff')"
KINDS_AFTER = "kind IN ('member', 'staff', 'provider')"
PERSON_BEFORE = "(kind = 'staff' AND person_id IS NULL)"
PERSON_AFTER = "(kind IN ('staff', 'provider') AND person_id IS NULL)"
MEMBER = "(kind = 'member' AND person_id IS NOT NULL)"


def _user_checks(kinds: str, person: str, *, before: tuple[str, str]) -> None:
    """users has children (roles, tokens, sessions...): a batch rebuild on SQLite is refused by
    their foreign keys, so SQLite's CHECK text is changed in place (the documented
    writable_schema procedure, as 0031 does for ledger_lines: the stored rows stay valid);
    PostgreSQL swaps the constraints."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_kind_valid")
        op.execute(f"ALTER TABLE users ADD CONSTRAINT ck_users_kind_valid CHECK ({kinds})")
        op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_member_has_person")
        op.execute(
            "ALTER TABLE users ADD CONSTRAINT ck_users_member_has_person "
            f"CHECK ({MEMBER} OR {person})"
        )
        return
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(replace(sql, ?, ?), ?, ?) "
        "WHERE type = 'table' AND name = 'users'",
        (before[0], kinds, before[1], person),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def upgrade() -> None:
    _user_checks(KINDS_AFTER, PERSON_AFTER, before=(KINDS_BEFORE, PERSON_BEFORE))
    op.create_table(
        "provider_users",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("provider_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_provider_users_provider_id_providers")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_provider_users_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_provider_users")),
    )
    with op.batch_alter_table("provider_users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_users_provider_id"), ["provider_id"], unique=False
        )
    op.create_table(
        "provider_report_files",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", cybercare.db.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_provider_report_files_size_positive")),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["provider_orders.id"],
            name=op.f("fk_provider_report_files_order_id_provider_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_report_files")),
    )
    with op.batch_alter_table("provider_report_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_report_files_order_id"), ["order_id"], unique=False
        )
    with op.batch_alter_table("provider_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("taken_at", cybercare.db.types.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("provider_orders", schema=None) as batch_op:
        batch_op.drop_column("taken_at")
    op.drop_table("provider_report_files")
    op.drop_table("provider_users")
    op.execute(
        "DELETE FROM web_sessions WHERE user_id IN (SELECT id FROM users WHERE kind = 'provider')"
    )
    op.execute("DELETE FROM users WHERE kind = 'provider'")
    _user_checks(KINDS_BEFORE, PERSON_BEFORE, before=(KINDS_AFTER, PERSON_AFTER))
