"""privacy: erasure requests (GDPR art. 17, 12.3), the subjects pseudonymised, and the one
change an append-only table allows: a contact attempt's free-text note may be erased

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column of contact_attempts but `note`: an UPDATE that leaves them as they were and
# sets the note to NULL is the retention job's erasure; anything else stays refused.
_KEPT = (
    "id",
    "case_id",
    "workstream_id",
    "person_id",
    "kind",
    "outcome",
    "channel",
    "first_contact",
    "next_try_at",
    "made_by",
    "made_at",
)


def upgrade() -> None:
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("registered_by", sa.String(length=64), nullable=False),
        sa.Column("registered_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("retained_until", sa.Date(), nullable=True),
        sa.Column(
            "decision",
            sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql"),
            nullable=True,
        ),
        sa.CheckConstraint(
            "channel IN ('portal', 'letter', 'phone', 'email')",
            name=op.f("ck_erasure_requests_channel_valid"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'honoured', 'answered')",
            name=op.f("ck_erasure_requests_status_valid"),
        ),
        sa.CheckConstraint(
            "due_on >= received_on", name=op.f("ck_erasure_requests_due_after_receipt")
        ),
        sa.CheckConstraint(
            "(status = 'open') = (decided_at IS NULL)",
            name=op.f("ck_erasure_requests_decided_iff_not_open"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_erasure_requests_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_erasure_requests_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_requests")),
    )
    op.create_index(
        op.f("ix_erasure_requests_person_id"), "erasure_requests", ["person_id"], unique=False
    )
    op.create_index(
        "ix_erasure_requests_status_due", "erasure_requests", ["status", "due_on"], unique=False
    )
    op.create_table(
        "pseudonymised_subjects",
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("done_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("category", "subject_id", name=op.f("pk_pseudonymised_subjects")),
    )
    _allow_note_erasure()


def _allow_note_erasure() -> None:
    if op.get_bind().dialect.name == "sqlite":
        same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _KEPT)
        op.execute("DROP TRIGGER contact_attempts_no_update")
        op.execute(
            "CREATE TRIGGER contact_attempts_no_update BEFORE UPDATE ON contact_attempts "
            f"WHEN NOT (NEW.note IS NULL AND {same}) "
            "BEGIN SELECT RAISE(ABORT, 'contact_attempts is append-only'); END"
        )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION cybercare_contact_note_erasure() RETURNS trigger AS $$ "
        "BEGIN IF TG_OP = 'UPDATE' AND NEW.note IS NULL "
        "AND to_jsonb(NEW) - 'note' = to_jsonb(OLD) - 'note' THEN RETURN NEW; END IF; "
        "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME "
        "USING ERRCODE = 'restrict_violation'; END $$ LANGUAGE plpgsql"
    )
    op.execute("DROP TRIGGER contact_attempts_append_only ON contact_attempts")
    op.execute(
        "CREATE TRIGGER contact_attempts_append_only BEFORE UPDATE OR DELETE ON contact_attempts "
        "FOR EACH ROW EXECUTE FUNCTION cybercare_contact_note_erasure()"
    )


def _restore_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER contact_attempts_no_update")
        op.execute(
            "CREATE TRIGGER contact_attempts_no_update BEFORE UPDATE ON contact_attempts "
            "BEGIN SELECT RAISE(ABORT, 'contact_attempts is append-only'); END"
        )
        return
    op.execute("DROP TRIGGER contact_attempts_append_only ON contact_attempts")
    op.execute(
        "CREATE TRIGGER contact_attempts_append_only BEFORE UPDATE OR DELETE ON contact_attempts "
        "FOR EACH ROW EXECUTE FUNCTION cybercare_refuse_change()"
    )
    op.execute("DROP FUNCTION cybercare_contact_note_erasure()")


def downgrade() -> None:
    _restore_append_only()
    op.drop_table("pseudonymised_subjects")
    op.drop_index("ix_erasure_requests_status_due", table_name="erasure_requests")
    op.drop_index(op.f("ix_erasure_requests_person_id"), table_name="erasure_requests")
    op.drop_table("erasure_requests")
