"""Many processes, one truth (issue 16): rate-limit counters shared through the database, room
for sealed TOTP secrets, and the grace period of a rotated webhook secret.

- `rate_limit_buckets`: one row per limited key (its SHA-256), its hits and the end of its window.
- `users.totp_secret` widened to 255 for a Fernet token, on PostgreSQL only: SQLite ignores a
  VARCHAR's length, and changing it there would rebuild `users`, which its children's foreign
  keys forbid (the model spells the same: `String(255)` with a SQLite variant of 64).
- `webhook_endpoints.previous_secret_until`: until then the previous secret version signs too.
  Plain ADD/DROP COLUMN (SQLite >= 3.35 has both): a batch rebuild of the table would trip the
  outbox messages' foreign key.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "rate_limit_buckets",
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("window_ends_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("hits >= 1", name=op.f("ck_rate_limit_buckets_hits_positive")),
        sa.PrimaryKeyConstraint("key_sha256", name=op.f("pk_rate_limit_buckets")),
    )
    op.create_index(
        op.f("ix_rate_limit_buckets_window_ends_at"),
        "rate_limit_buckets",
        ["window_ends_at"],
        unique=False,
    )
    if _on_postgresql():
        op.alter_column(
            "users",
            "totp_secret",
            type_=sa.String(length=255),
            existing_type=sa.String(length=64),
            existing_nullable=True,
        )
    op.add_column(
        "webhook_endpoints",
        sa.Column(
            "previous_secret_until",
            cybercare.db.types.UtcDateTime(timezone=True),
            nullable=True,
        ),
    )


def downgrade() -> None:
    sealed = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM users WHERE length(totp_secret) > 64")
    )
    if sealed:
        raise RuntimeError(
            f"{sealed} users hold a sealed TOTP secret, which the code before 0023 cannot read: "
            "remove their second factor (`cybercare user remove-second-factor`) first"
        )
    op.drop_column("webhook_endpoints", "previous_secret_until")
    if _on_postgresql():
        op.alter_column(
            "users",
            "totp_secret",
            type_=sa.String(length=64),
            existing_type=sa.String(length=255),
            existing_nullable=True,
        )
    op.drop_index(op.f("ix_rate_limit_buckets_window_ends_at"), table_name="rate_limit_buckets")
    op.drop_table("rate_limit_buckets")
