"""identity and assistance: users, roles, API tokens; cases, workstreams, notes, takedowns, SLA

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-27 22:52:39.549689
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types
from cybercare.db.ddl import drop_append_only, make_append_only

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'member' AND person_id IS NOT NULL) OR (kind = 'staff' AND person_id IS NULL)",
            name=op.f("ck_users_member_has_person"),
        ),
        sa.CheckConstraint("kind IN ('member', 'staff')", name=op.f("ck_users_kind_valid")),
        sa.CheckConstraint(
            "language IN ('nl', 'fr', 'de', 'en')", name=op.f("ck_users_language_valid")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_users_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("person_id", name=op.f("uq_users_person_id")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("secret_sha256", name=op.f("uq_api_tokens_secret_sha256")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "assistance_cases",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("affiliation_id", sa.String(length=32), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("guarantee_code", sa.String(length=16), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("occurrence_date", sa.Date(), nullable=True),
        sa.Column("discovery_date", sa.Date(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("urgency_reason", sa.String(length=32), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("possible_duplicate_of", sa.String(length=32), nullable=True),
        sa.Column("opened_by", sa.String(length=32), nullable=False),
        sa.Column("opened_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column(
            "first_contact_due_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("first_contact_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("triaged_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closure_reason", sa.String(length=200), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'closed') = (closed_at IS NOT NULL)",
            name=op.f("ck_assistance_cases_closed_iff_closed_at"),
        ),
        sa.CheckConstraint(
            "channel IN ('phone', 'portal', 'api')", name=op.f("ck_assistance_cases_channel_valid")
        ),
        sa.CheckConstraint(
            "language IN ('nl', 'fr', 'de', 'en')", name=op.f("ck_assistance_cases_language_valid")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'triaged', 'in_progress', 'closed')",
            name=op.f("ck_assistance_cases_status_valid"),
        ),
        sa.CheckConstraint(
            "(urgent AND urgency_reason IS NOT NULL) OR (NOT urgent AND urgency_reason IS NULL)",
            name=op.f("ck_assistance_cases_urgency_reason_iff_urgent"),
        ),
        sa.CheckConstraint(
            "occurrence_date IS NULL OR occurrence_date <= discovery_date",
            name=op.f("ck_assistance_cases_occurrence_before_discovery"),
        ),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["affiliations.id"],
            name=op.f("fk_assistance_cases_affiliation_id_affiliations"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_assistance_cases_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_assistance_cases_opened_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_assistance_cases_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistance_cases")),
    )
    with op.batch_alter_table("assistance_cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assistance_cases_affiliation_id"), ["affiliation_id"], unique=False
        )
        batch_op.create_index(
            "ix_assistance_cases_household_guarantee",
            ["household_id", "guarantee_code"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_assistance_cases_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            "ix_assistance_cases_status_due", ["status", "first_contact_due_at"], unique=False
        )

    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.CheckConstraint(
            "role IN ('technical', 'legal', 'financial', 'psychological', 'claims_handler', 'supervisor', 'admin')",
            name=op.f("ck_user_roles_role_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_roles")),
    )
    op.create_table(
        "sla_escalations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.Column("clock", sa.String(length=16), nullable=False),
        sa.Column("due_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("detected_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "clock IN ('first_contact', 'decision', 'payment')",
            name=op.f("ck_sla_escalations_clock_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_sla_escalations_case_id_assistance_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_escalations")),
        sa.UniqueConstraint(
            "subject_type",
            "subject_id",
            "clock",
            name=op.f("uq_sla_escalations_subject_type_subject_id_clock"),
        ),
    )
    with op.batch_alter_table("sla_escalations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sla_escalations_case_id"), ["case_id"], unique=False)

    op.create_table(
        "takedown_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("addressee", sa.String(length=200), nullable=False),
        sa.Column("sent_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deadline_date", sa.Date(), nullable=False),
        sa.Column("rechecked_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("recheck_result", sa.String(length=16), nullable=True),
        sa.Column("taken_down_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "recheck_result IS NULL OR recheck_result IN ('still_online', 'taken_down', 'unreachable')",
            name=op.f("ck_takedown_requests_recheck_result_valid"),
        ),
        sa.CheckConstraint(
            "taken_down_on IS NULL OR recheck_result = 'taken_down'",
            name=op.f("ck_takedown_requests_taken_down_matches_recheck"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_takedown_requests_case_id_assistance_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_takedown_requests_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_requests")),
        sa.UniqueConstraint("case_id", "url", name=op.f("uq_takedown_requests_case_id_url")),
    )
    with op.batch_alter_table("takedown_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_takedown_requests_case_id"), ["case_id"], unique=False)

    op.create_table(
        "workstreams",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("team", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee_user_id", sa.String(length=32), nullable=True),
        sa.Column("opened_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column(
            "first_contact_due_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("first_contact_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("taken_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=200), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'closed') = (closed_at IS NOT NULL)",
            name=op.f("ck_workstreams_closed_iff_closed_at"),
        ),
        sa.CheckConstraint(
            "status = 'open' OR assignee_user_id IS NOT NULL",
            name=op.f("ck_workstreams_taken_has_assignee"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'closed')", name=op.f("ck_workstreams_status_valid")
        ),
        sa.CheckConstraint(
            "team IN ('technical', 'legal', 'financial', 'psychological')",
            name=op.f("ck_workstreams_team_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["assignee_user_id"], ["users.id"], name=op.f("fk_workstreams_assignee_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_workstreams_case_id_assistance_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workstreams")),
        sa.UniqueConstraint("case_id", "team", name=op.f("uq_workstreams_case_id_team")),
    )
    with op.batch_alter_table("workstreams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workstreams_assignee_user_id"), ["assignee_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_workstreams_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_workstreams_queue", ["team", "status", "first_contact_due_at"], unique=False
        )

    op.create_table(
        "case_notes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("workstream_id", sa.String(length=32), nullable=True),
        sa.Column("author_user_id", sa.String(length=32), nullable=False),
        sa.Column("compartment", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "compartment = 'general' OR workstream_id IS NOT NULL",
            name=op.f("ck_case_notes_psychological_on_workstream"),
        ),
        sa.CheckConstraint(
            "compartment IN ('general', 'psychological')",
            name=op.f("ck_case_notes_compartment_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"], ["users.id"], name=op.f("fk_case_notes_author_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_case_notes_case_id_assistance_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["workstream_id"],
            ["workstreams.id"],
            name=op.f("fk_case_notes_workstream_id_workstreams"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_notes_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_notes_workstream_id"), ["workstream_id"], unique=False
        )

    op.create_table(
        "note_access_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("note_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("accessed_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["assistance_cases.id"],
            name=op.f("fk_note_access_log_case_id_assistance_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["case_notes.id"], name=op.f("fk_note_access_log_note_id_case_notes")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_note_access_log_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_access_log")),
    )
    with op.batch_alter_table("note_access_log", schema=None) as batch_op:
        batch_op.create_index("ix_note_access_log_case", ["case_id", "accessed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_access_log_note_id"), ["note_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_access_log_user_id"), ["user_id"], unique=False)
    make_append_only("note_access_log")


def downgrade() -> None:
    drop_append_only("note_access_log")
    with op.batch_alter_table("note_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_access_log_user_id"))
        batch_op.drop_index(batch_op.f("ix_note_access_log_note_id"))
        batch_op.drop_index("ix_note_access_log_case")

    op.drop_table("note_access_log")
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_notes_workstream_id"))
        batch_op.drop_index(batch_op.f("ix_case_notes_case_id"))

    op.drop_table("case_notes")
    with op.batch_alter_table("workstreams", schema=None) as batch_op:
        batch_op.drop_index("ix_workstreams_queue")
        batch_op.drop_index(batch_op.f("ix_workstreams_case_id"))
        batch_op.drop_index(batch_op.f("ix_workstreams_assignee_user_id"))

    op.drop_table("workstreams")
    with op.batch_alter_table("takedown_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_takedown_requests_case_id"))

    op.drop_table("takedown_requests")
    with op.batch_alter_table("sla_escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sla_escalations_case_id"))

    op.drop_table("sla_escalations")
    op.drop_table("user_roles")
    with op.batch_alter_table("assistance_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_assistance_cases_status_due")
        batch_op.drop_index(batch_op.f("ix_assistance_cases_person_id"))
        batch_op.drop_index("ix_assistance_cases_household_guarantee")
        batch_op.drop_index(batch_op.f("ix_assistance_cases_affiliation_id"))

    op.drop_table("assistance_cases")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    op.drop_table("users")
