"""claims: a claim may be withdrawn before its decision (status `withdrawn`)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 03:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "'incomplete', 'in_review', 'awaiting_approval', 'decided'"
AFTER = f"{BEFORE}, 'withdrawn'"


def _status_check(statuses: str) -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint("status_valid", type_="check")
        batch_op.create_check_constraint("status_valid", f"status IN ({statuses})")


def upgrade() -> None:
    _status_check(AFTER)


def downgrade() -> None:
    op.execute("UPDATE claims SET status = 'in_review' WHERE status = 'withdrawn'")
    _status_check(BEFORE)
