"""Users (members and staff), their roles and personal API tokens (Art. 11).

A member user is tied to one insured person; a staff user to none. Passwords (argon2) and TOTP
secrets (encrypted) are nullable: API access uses personal tokens, the web sign-in fills them in
later. Only the SHA-256 of a token's secret is stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime

USER_KINDS = ("member", "staff", "provider")
ROLES = (
    "technical",
    "legal",
    "financial",
    "psychological",
    "claims_handler",
    "supervisor",
    "admin",
    "finance",
)
LANGUAGES = ("nl", "fr", "de", "en")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("kind", USER_KINDS), name="kind_valid"),
        CheckConstraint(_in("language", LANGUAGES), name="language_valid"),
        CheckConstraint(
            "(kind = 'member' AND person_id IS NOT NULL) OR "
            "(kind IN ('staff', 'provider') AND person_id IS NULL)",
            name="member_has_person",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id"), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Sealed (a Fernet token, identity/totp_sealing.py); a plain base32 secret from before
    # issue 16 until its next use or `cybercare user reencrypt-totp`. SQLite ignores a
    # VARCHAR's length, and widening it there would rebuild this table, which the foreign keys
    # of its children forbid: only PostgreSQL's column is widened (migration 0023).
    totp_secret: Mapped[str | None] = mapped_column(String(255).with_variant(String(64), "sqlite"))
    # The 30-second step of the last TOTP code accepted: a code works once (no replay).
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class UserRoleRow(Base):
    """A staff role: a team (technical, legal, financial, psychological), claims_handler,
    supervisor or admin. Members hold no role."""

    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role_valid"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(24), primary_key=True)


class ApiTokenRow(Base):
    """A personal API token: shown once at issue, kept as a SHA-256, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


WEB_SESSION_STAGES = ("second_factor", "enrol_second_factor", "signed_in")


class WebSessionRow(Base):
    """A signed-in browser: the SHA-256 of the session id its cookie carries, never the id.

    `stage` is how far the sign-in went: the password alone leaves the session waiting for the
    TOTP code (or, for staff who must have one, for its enrolment); only `signed_in` opens pages.
    Signing out, a password change or a reset deletes the user's rows.
    """

    __tablename__ = "web_sessions"
    __table_args__ = (CheckConstraint(_in("stage", WEB_SESSION_STAGES), name="stage_valid"),)

    sid_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    stage: Mapped[str] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
