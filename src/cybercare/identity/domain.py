"""Principals and roles: who is asking, as a pure value every service can check (Art. 11).

A *member* principal is one insured person of one household; a *staff* principal holds roles:
a team (technical, legal, financial, psychological — a psychologist is the psychological team,
the counsellor of Art. 11.2), claims handler, supervisor, admin. Authentication (API tokens now,
passwords and TOTP on the web later) only ever produces a `Principal`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from cybercare.kernel.errors import Forbidden, InvalidInput


class UserKind(StrEnum):
    MEMBER = "member"
    STAFF = "staff"


class Role(StrEnum):
    TECHNICAL = "technical"
    LEGAL = "legal"
    FINANCIAL = "financial"
    PSYCHOLOGICAL = "psychological"
    CLAIMS_HANDLER = "claims_handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


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

    def __post_init__(self) -> None:
        if self.kind is UserKind.MEMBER and (self.person_id is None or self.household_id is None):
            raise InvalidInput("person_id", "a member principal is one insured person")
        if self.kind is UserKind.MEMBER and self.roles:
            raise InvalidInput("roles", "members hold no staff role")
        if self.kind is UserKind.STAFF and self.person_id is not None:
            raise InvalidInput("person_id", "a staff principal is no insured person")

    @property
    def is_member(self) -> bool:
        return self.kind is UserKind.MEMBER

    @property
    def is_staff(self) -> bool:
        return self.kind is UserKind.STAFF

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
