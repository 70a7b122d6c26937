"""outbox: the message kind `bank.file`, a pain.001/pain.008 file handed to the bank connector
after commit (issue 15). Chained after 0020 (which adds `bank.instant`), the list below is the
union of both.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 14:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "'webhook', 'email', 'bank.instant'"  # what 0020 allows; a superset of 0016's
AFTER = "'webhook', 'email', 'bank.instant', 'bank.file'"


def _kinds(kinds: str) -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_kind"), type_="check")
        batch_op.create_check_constraint("kind", f"kind IN ({kinds})")


def upgrade() -> None:
    _kinds(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM outbox_messages WHERE kind = 'bank.file'")
    _kinds(BEFORE)
