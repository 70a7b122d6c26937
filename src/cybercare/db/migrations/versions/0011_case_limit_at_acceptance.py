"""assistance cases: the pot a case is held against and how it was closed (Art. 5.2)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 05:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = "'service_delivered', 'duplicate', 'withdrawn', 'not_covered'"


def upgrade() -> None:
    with op.batch_alter_table("assistance_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closure_outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("case_pot", sa.String(length=32), nullable=True))
        batch_op.create_check_constraint(
            "closure_outcome_valid", f"closure_outcome IS NULL OR closure_outcome IN ({OUTCOMES})"
        )


def downgrade() -> None:
    with op.batch_alter_table("assistance_cases", schema=None) as batch_op:
        batch_op.drop_constraint("closure_outcome_valid", type_="check")
        batch_op.drop_column("case_pot")
        batch_op.drop_column("closure_outcome")
