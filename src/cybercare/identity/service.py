"""Users and personal API tokens: create members and staff, issue and revoke tokens, and turn a
presented token into a `Principal`.

Tokens look like ``ccu_tok_<id>_<secret>`` (distributor keys are ``cck_key_…``: neither is ever
accepted where the other is expected). The secret is 256-bit random and only its SHA-256 is
stored; it is shown once, at issue.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import bindparam, select

from cybercare.audit import trail
from cybercare.db.tables import ApiTokenRow, PersonRow, UserRoleRow, UserRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, UserKind, parse_roles
from cybercare.kernel import bearer
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound
from cybercare.kernel.ids import new_id

TOKEN_PREFIX = "ccu"  # noqa: S105 - a public prefix, not a secret


class UserNotFound(NotFound):
    code = "user.not_found"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token_id: str
    token: str  # shown once: "ccu_tok_<id>_<secret>"


def _normalised_email(email: str) -> str:
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise InvalidInput("email", str(error)) from None


def _check_free(uow: UnitOfWork, email: str) -> None:
    if uow.session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
        raise Conflict(f"a user with e-mail {email!r} exists", code="user.exists")


def create_member_user(
    uow: UnitOfWork, *, email: str, person_id: str, clock: Clock, actor: str
) -> Principal:
    """A login for one insured person; the person's household scopes everything it sees."""
    address = _normalised_email(email)
    person = uow.session.get(PersonRow, person_id)
    if person is None:
        raise NotFound(f"no person {person_id!r}", code="person.not_found")
    _check_free(uow, address)
    if uow.session.scalar(select(UserRow.id).where(UserRow.person_id == person_id)):
        raise Conflict(f"person {person_id!r} already has a login", code="user.exists")
    row = UserRow(
        id=new_id("usr"),
        email=address,
        kind=UserKind.MEMBER.value,
        person_id=person_id,
        display_name=f"{person.given_name} {person.family_name}",
        language=person.language,
        password_hash=None,
        totp_secret=None,
        active=True,
        created_at=clock.now(),
    )
    uow.session.add(row)
    _audit_created(uow, row, [], clock, actor)
    return load_principal(uow, row.id)


def create_staff_user(
    uow: UnitOfWork,
    *,
    email: str,
    display_name: str,
    roles: list[str],
    language: str = "en",
    clock: Clock,
    actor: str,
) -> Principal:
    address = _normalised_email(email)
    parsed = parse_roles(roles)
    if not parsed:
        raise InvalidInput("roles", "a staff user holds at least one role")
    if language not in ("nl", "fr", "de", "en"):
        raise InvalidInput("language", "one of nl, fr, de, en")
    _check_free(uow, address)
    row = UserRow(
        id=new_id("usr"),
        email=address,
        kind=UserKind.STAFF.value,
        person_id=None,
        display_name=display_name.strip() or address,
        language=language,
        password_hash=None,
        totp_secret=None,
        active=True,
        created_at=clock.now(),
    )
    uow.session.add(row)
    uow.session.flush()
    uow.session.add_all(UserRoleRow(user_id=row.id, role=role.value) for role in sorted(parsed))
    _audit_created(uow, row, sorted(r.value for r in parsed), clock, actor)
    return load_principal(uow, row.id)


def _audit_created(
    uow: UnitOfWork, row: UserRow, roles: list[str], clock: Clock, actor: str
) -> None:
    trail.record(
        uow,
        at=clock.now(),
        actor=actor,
        action="user.created",
        subject_type="user",
        subject_id=row.id,
        clause="Art. 11",
        details={"kind": row.kind, "person_id": row.person_id, "roles": roles},
    )


def user_id_for_email(uow: UnitOfWork, email: str) -> str:
    address = _normalised_email(email)
    user_id = uow.session.scalar(select(UserRow.id).where(UserRow.email == address))
    if user_id is None:
        raise UserNotFound(f"no user {address!r}")
    return user_id


def load_principal(uow: UnitOfWork, user_id: str) -> Principal:
    row = uow.session.get(UserRow, user_id)
    if row is None:
        raise UserNotFound(f"no user {user_id!r}")
    roles = uow.session.scalars(select(UserRoleRow.role).where(UserRoleRow.user_id == user_id))
    household_id = None
    if row.person_id is not None:
        household_id = uow.session.scalar(
            select(PersonRow.household_id).where(PersonRow.id == row.person_id)
        )
    return Principal(
        user_id=row.id,
        kind=UserKind(row.kind),
        display_name=row.display_name,
        language=row.language,
        roles=frozenset(Role(r) for r in roles),
        person_id=row.person_id,
        household_id=household_id,
    )


def issue_token(
    uow: UnitOfWork, *, user_id: str, label: str, clock: Clock, actor: str
) -> IssuedToken:
    user = uow.session.get(UserRow, user_id)
    if user is None:
        raise UserNotFound(f"no user {user_id!r}")
    if not user.active:
        raise Conflict("the user is deactivated", code="user.inactive")
    minted = bearer.mint(TOKEN_PREFIX, "tok")
    token_id = minted.secret_id
    now = clock.now()
    uow.session.add(
        ApiTokenRow(
            id=token_id,
            user_id=user_id,
            label=label,
            secret_sha256=minted.secret_sha256,
            created_at=now,
            revoked_at=None,
        )
    )
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="api_token.issued",
        subject_type="user",
        subject_id=user_id,
        details={"token_id": token_id, "label": label},
    )
    return IssuedToken(token_id, minted.token)


def revoke_token(uow: UnitOfWork, *, token_id: str, clock: Clock, actor: str) -> None:
    row = uow.session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFound(f"no API token {token_id!r}", code="api_token.not_found")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        trail.record(
            uow,
            at=row.revoked_at,
            actor=actor,
            action="api_token.revoked",
            subject_type="user",
            subject_id=row.user_id,
            details={"token_id": token_id},
        )


def set_active(uow: UnitOfWork, *, user_id: str, active: bool, clock: Clock, actor: str) -> None:
    row = uow.session.get(UserRow, user_id)
    if row is None:
        raise UserNotFound(f"no user {user_id!r}")
    if row.active != active:
        row.active = active
        trail.record(
            uow,
            at=clock.now(),
            actor=actor,
            action="user.activated" if active else "user.deactivated",
            subject_type="user",
            subject_id=user_id,
        )


_TOKEN_AND_USER = (
    select(
        ApiTokenRow.secret_sha256,
        ApiTokenRow.revoked_at,
        UserRow.id,
        UserRow.kind,
        UserRow.display_name,
        UserRow.language,
        UserRow.person_id,
        UserRow.active,
        PersonRow.household_id,
    )
    .join(UserRow, UserRow.id == ApiTokenRow.user_id)
    .outerjoin(PersonRow, PersonRow.id == UserRow.person_id)
    .where(ApiTokenRow.id == bindparam("token_id"))
)
_ROLES = select(UserRoleRow.role).where(UserRoleRow.user_id == bindparam("user_id"))


def authenticate_token(uow: UnitOfWork, token: str) -> Principal | None:
    """The principal a presented personal token belongs to, or None (unknown, malformed,
    revoked, or the user is deactivated). One query for the token, its user and household (every
    API call of a member or staff user runs this), one more for a staff user's roles."""
    parsed = bearer.parse(token, TOKEN_PREFIX, "tok")
    if parsed is None:
        return None
    token_id, secret = parsed
    found = uow.session.execute(_TOKEN_AND_USER, {"token_id": token_id}).first()
    if found is None or found.revoked_at is not None or not found.active:
        return None
    if not bearer.matches(found.secret_sha256, secret):
        return None
    kind = UserKind(found.kind)
    roles: frozenset[Role] = frozenset()
    if kind is UserKind.STAFF:
        roles = frozenset(Role(role) for role in uow.session.scalars(_ROLES, {"user_id": found.id}))
    return Principal(
        user_id=found.id,
        kind=kind,
        display_name=found.display_name,
        language=found.language,
        roles=roles,
        person_id=found.person_id,
        household_id=found.household_id,
    )
