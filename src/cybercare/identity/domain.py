"""Principals and roles: who is asking, as a pure value every service can check (Art. 11).

A *member* principal is one insured person of one household; a *staff* principal holds roles:
a team (technical, legal, financial, psychological — a psychologist is the psychological team,
the counsellor of Art. 11.2), claims handler, supervisor, admin. Authentication (API tokens now,
passwords and TOTP on the web) only ever produces a `Principal`.

The entities the repository (identity/repository.py) maps rows to are here too, with their
lifecycles: a `User` (active or deactivated, with or without a password and a second factor), an
`ApiToken` (live, then revoked for good) and a `WebSession` (pending a second factor, then signed
in under a fresh id). Each named move returns the entity after it; the others are refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput

# Sign-in, tokens and sessions protect the personal data of Art. 11: the rule their refusals cite.
ACCESS_CLAUSE = "Art. 11"


class UserKind(StrEnum):
    MEMBER = "member"
    STAFF = "staff"
    # A user of an appointed provider (issue 19): linked to one provider (`provider_users`),
    # sees only its orders in the provider portal, always signs in with a second factor; neither
    # staff nor member, so no staff or member rule ever lets it in.
    PROVIDER = "provider"


class Role(StrEnum):
    TECHNICAL = "technical"
    LEGAL = "legal"
    FINANCIAL = "financial"
    PSYCHOLOGICAL = "psychological"
    CLAIMS_HANDLER = "claims_handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    FINANCE = "finance"  # the insurer's finance team: statements, unmatched lines, bordereaux


TEAM_ROLES = frozenset({Role.TECHNICAL, Role.LEGAL, Role.FINANCIAL, Role.PSYCHOLOGICAL})


class RoleRequired(Forbidden):
    code = "identity.role_required"


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated user. Members carry their person and household; staff carry roles."""

    user_id: str
    kind: UserKind
    display_name: str
    language: str
    roles: frozenset[Role] = frozenset()
    person_id: str | None = None
    household_id: str | None = None
    provider_id: str | None = None

    def __post_init__(self) -> None:
        if self.kind is UserKind.MEMBER and (self.person_id is None or self.household_id is None):
            raise InvalidInput("person_id", "a member principal is one insured person")
        if self.kind is UserKind.MEMBER and self.roles:
            raise InvalidInput("roles", "members hold no staff role")
        if self.kind is UserKind.STAFF and self.person_id is not None:
            raise InvalidInput("person_id", "a staff principal is no insured person")
        if (self.kind is UserKind.PROVIDER) != (self.provider_id is not None):
            raise InvalidInput("provider_id", "a provider principal is one provider's user")
        if self.kind is UserKind.PROVIDER and (self.roles or self.person_id is not None):
            raise InvalidInput("roles", "a provider user holds no role and is no insured person")

    @property
    def is_member(self) -> bool:
        return self.kind is UserKind.MEMBER

    @property
    def is_staff(self) -> bool:
        return self.kind is UserKind.STAFF

    @property
    def is_provider(self) -> bool:
        return self.kind is UserKind.PROVIDER

    @property
    def actor(self) -> str:
        """How the audit trail names this principal."""
        return f"user:{self.user_id}"

    @property
    def client_id(self) -> str:
        """The scope of this principal's idempotency keys."""
        return f"user:{self.user_id}"

    @property
    def teams(self) -> frozenset[Role]:
        return self.roles & TEAM_ROLES

    def has_role(self, *roles: Role) -> bool:
        """True when the principal holds any of `roles`."""
        return self.is_staff and any(role in self.roles for role in roles)

    def in_team(self, team: str) -> bool:
        return self.is_staff and team in {r.value for r in self.teams}


def require_role(principal: Principal, *roles: Role) -> None:
    """Refuse unless the principal is staff holding one of `roles`."""
    if not principal.has_role(*roles):
        raise RoleRequired(
            "this needs the role " + " or ".join(r.value for r in roles),
            clause="Art. 11",
            params={"roles": [r.value for r in roles]},
        )


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Roles from their names; an unknown name is invalid input."""
    roles: set[Role] = set()
    for value in values:
        try:
            roles.add(Role(value))
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise InvalidInput("roles", f"{value!r} is not a role ({allowed})") from None
    return frozenset(roles)


# --- users, tokens and web sessions -----------------------------------------------------------


class UserInactive(Conflict):
    code = "user.inactive"


class SessionMoveRefused(Conflict):
    code = "web_session.stage_refused"


class Stage(StrEnum):
    SECOND_FACTOR = "second_factor"  # password accepted, TOTP code expected
    ENROL_SECOND_FACTOR = "enrol_second_factor"  # password accepted, TOTP must be set up first
    SIGNED_IN = "signed_in"


# A half-finished sign-in only moves forward to signed in; a signed-in session moves no more
# (a new sign-in opens a new session).
SESSION_MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.SECOND_FACTOR: frozenset({Stage.SIGNED_IN}),
    Stage.ENROL_SECOND_FACTOR: frozenset({Stage.SIGNED_IN}),
    Stage.SIGNED_IN: frozenset(),
}
# The absolute lifetime of a sign-in (also the signed cookie's): a working day.
SESSION_LIFETIME = timedelta(hours=12)
# A half-finished sign-in (password accepted, code not yet) lasts only this long.
PENDING_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class User:
    """A login: a member (one insured person), a staff user or a provider's user."""

    user_id: str
    email: str
    kind: UserKind
    person_id: str | None
    display_name: str
    language: str
    password_hash: str | None
    totp_secret: str | None
    totp_last_step: int | None
    active: bool
    created_at: datetime

    @classmethod
    def new(
        cls,
        user_id: str,
        *,
        email: str,
        kind: UserKind,
        person_id: str | None,
        display_name: str,
        language: str,
        at: datetime,
    ) -> User:
        """Active, without a password (set later) nor a second factor."""
        return cls(
            user_id, email, kind, person_id, display_name, language, None, None, None, True, at
        )

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None

    def next_stage(self, *, staff_second_factor_required: bool) -> Stage:
        """Where a sign-in goes once the password is accepted."""
        if self.has_second_factor:
            return Stage.SECOND_FACTOR
        if self.kind is UserKind.STAFF and staff_second_factor_required:
            return Stage.ENROL_SECOND_FACTOR
        if self.kind is UserKind.PROVIDER:  # always, whatever the staff setting says
            return Stage.ENROL_SECOND_FACTOR
        return Stage.SIGNED_IN

    def with_password_hash(self, password_hash: str) -> User:
        return replace(self, password_hash=password_hash)

    def with_second_factor(self, secret: str, step: int) -> User:
        """The step of the code typed to enrol is spent: it cannot sign in afterwards."""
        return replace(self, totp_secret=secret, totp_last_step=step)

    def without_second_factor(self) -> User:
        return replace(self, totp_secret=None)

    def with_active(self, active: bool) -> User:
        return replace(self, active=active)

    def check_may_hold_token(self) -> None:
        if not self.active:
            raise UserInactive(
                "the user is deactivated", clause=ACCESS_CLAUSE, params={"user_id": self.user_id}
            )


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A personal API token; only the SHA-256 of its secret is kept. Revoked is final."""

    token_id: str
    user_id: str
    label: str
    secret_sha256: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self, at: datetime) -> ApiToken:
        """Revoking a revoked token changes nothing: it keeps the moment it was first revoked."""
        return self if self.revoked else replace(self, revoked_at=at)


@dataclass(frozen=True, slots=True)
class WebSession:
    """A browser's sign-in, known by the SHA-256 of its id."""

    sid_sha256: str
    user_id: str
    stage: Stage
    created_at: datetime
    expires_at: datetime

    @classmethod
    def open(cls, sid_sha256: str, *, user_id: str, stage: Stage, at: datetime) -> WebSession:
        lifetime = SESSION_LIFETIME if stage is Stage.SIGNED_IN else PENDING_LIFETIME
        return cls(sid_sha256, user_id, stage, at, at + lifetime)

    def is_live(self, now: datetime) -> bool:
        return now < self.expires_at

    def advance(self, new_sid_sha256: str, stage: Stage, at: datetime) -> WebSession:
        """The next stage under a fresh id (privilege changed: the old id is worthless)."""
        if stage not in SESSION_MOVES[self.stage]:
            raise SessionMoveRefused(
                f"a session at {self.stage.value} cannot move to {stage.value}",
                clause=ACCESS_CLAUSE,
                params={"stage": self.stage.value, "target": stage.value},
            )
        return WebSession.open(new_sid_sha256, user_id=self.user_id, stage=stage, at=at)
