"""identity: the insurer's finance team (role `finance`): the bank's statements, the unmatched
lines, recoveries and bordereaux (issue 15)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "'technical', 'legal', 'financial', 'psychological', 'claims_handler', 'supervisor', 'admin'"
)
AFTER = f"{BEFORE}, 'finance'"


def _role_check(roles: str) -> None:
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_constraint("role_valid", type_="check")
        batch_op.create_check_constraint("role_valid", f"role IN ({roles})")


def upgrade() -> None:
    _role_check(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM user_roles WHERE role = 'finance'")
    _role_check(BEFORE)
