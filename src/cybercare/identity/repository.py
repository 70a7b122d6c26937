"""All SQL of the identity context: users, their roles, personal API tokens and web sessions,
mapped to the entities of identity/domain.py.

Entities are written back onto the row the same unit of work loaded (`save_*` finds it in the
session without a query and sets only what changed). Two writes stay single statements because
a race must not let both sides win: the spent TOTP step (a conditional UPDATE) and the session
deletions. A token's check is one query for the token, its user and household: every API call
of a member or staff user runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, or_, select, update

from cybercare.db.tables import (
    ApiTokenRow,
    PersonRow,
    ProviderRow,
    ProviderUserRow,
    UserRoleRow,
    UserRow,
    WebSessionRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import (
    ApiToken,
    Principal,
    Role,
    Stage,
    User,
    UserKind,
    WebSession,
)

# --- users -------------------------------------------------------------------------------------


def _user(row: UserRow) -> User:
    return User(
        row.id,
        row.email,
        UserKind(row.kind),
        row.person_id,
        row.display_name,
        row.language,
        row.password_hash,
        row.totp_secret,
        row.totp_last_step,
        row.active,
        row.created_at,
    )


def user(uow: UnitOfWork, user_id: str) -> User | None:
    row = uow.session.get(UserRow, user_id)
    return None if row is None else _user(row)


def user_by_email(uow: UnitOfWork, address: str) -> User | None:
    row = uow.session.scalars(select(UserRow).where(UserRow.email == address)).first()
    return None if row is None else _user(row)


def user_id_by_email(uow: UnitOfWork, address: str) -> str | None:
    return uow.session.scalar(select(UserRow.id).where(UserRow.email == address))


def person_has_login(uow: UnitOfWork, person_id: str) -> bool:
    return bool(uow.session.scalar(select(UserRow.id).where(UserRow.person_id == person_id)))


@dataclass(frozen=True, slots=True)
class LoginPerson:
    """What a member's login takes from the insured person."""

    display_name: str
    language: str


def person_for_login(uow: UnitOfWork, person_id: str) -> LoginPerson | None:
    person = uow.session.get(PersonRow, person_id)
    if person is None:
        return None
    return LoginPerson(f"{person.given_name} {person.family_name}", person.language)


def add_user(uow: UnitOfWork, new: User, roles: frozenset[Role] = frozenset()) -> None:
    """A new user; a staff user's roles are written once the user row is."""
    uow.session.add(
        UserRow(
            id=new.user_id,
            email=new.email,
            kind=new.kind.value,
            person_id=new.person_id,
            display_name=new.display_name,
            language=new.language,
            password_hash=new.password_hash,
            totp_secret=new.totp_secret,
            active=new.active,
            created_at=new.created_at,
        )
    )
    if roles:
        uow.session.flush()
        uow.session.add_all(
            UserRoleRow(user_id=new.user_id, role=role.value) for role in sorted(roles)
        )


def save_user(uow: UnitOfWork, changed: User) -> None:
    """Write back a user this unit of work loaded."""
    row = uow.session.get(UserRow, changed.user_id)
    assert row is not None, "save_user() writes back a user loaded by this unit of work"
    values = {
        "password_hash": changed.password_hash,
        "totp_secret": changed.totp_secret,
        "totp_last_step": changed.totp_last_step,
        "active": changed.active,
    }
    for column, value in values.items():
        if getattr(row, column) != value:
            setattr(row, column, value)


def use_totp_step(uow: UnitOfWork, user_id: str, step: int) -> bool:
    """Record `step` as the user's last accepted code, if it is later than the last one: one
    conditional UPDATE, so two requests racing with the same code cannot both win."""
    result = uow.session.execute(
        update(UserRow)
        .where(
            UserRow.id == user_id,
            or_(UserRow.totp_last_step.is_(None), UserRow.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def replace_totp_secret(uow: UnitOfWork, user_id: str, *, stored: str, sealed: str) -> bool:
    """Put `sealed` in place of the stored TOTP secret `stored` (the same secret sealed under
    the current key): a conditional UPDATE, so a second factor changed meanwhile is kept."""
    result = uow.session.execute(
        update(UserRow)
        .where(UserRow.id == user_id, UserRow.totp_secret == stored)
        .values(totp_secret=sealed)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def stored_totp_secrets(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(user id, stored TOTP secret) of every user with a second factor."""
    rows = uow.session.execute(
        select(UserRow.id, UserRow.totp_secret)
        .where(UserRow.totp_secret.is_not(None))
        .order_by(UserRow.id)
    )
    return [(user_id, secret) for user_id, secret in rows if secret is not None]


_ROLES = select(UserRoleRow.role).where(UserRoleRow.user_id == bindparam("user_id"))


def roles_of(uow: UnitOfWork, user_id: str) -> frozenset[Role]:
    return frozenset(Role(role) for role in uow.session.scalars(_ROLES, {"user_id": user_id}))


def provider_exists(uow: UnitOfWork, provider_id: str) -> bool:
    return uow.session.get(ProviderRow, provider_id) is not None


def link_provider(uow: UnitOfWork, user_id: str, provider_id: str, at: datetime) -> None:
    """A provider user's provider, written once the user row is."""
    uow.session.flush()
    uow.session.add(ProviderUserRow(user_id=user_id, provider_id=provider_id, created_at=at))


def provider_of_user(uow: UnitOfWork, user_id: str) -> str | None:
    return uow.session.scalar(
        select(ProviderUserRow.provider_id).where(ProviderUserRow.user_id == user_id)
    )


def principal(uow: UnitOfWork, user_id: str) -> Principal | None:
    row = uow.session.get(UserRow, user_id)
    if row is None:
        return None
    roles = roles_of(uow, user_id)
    household_id = None
    if row.person_id is not None:
        household_id = uow.session.scalar(
            select(PersonRow.household_id).where(PersonRow.id == row.person_id)
        )
    provider_id = provider_of_user(uow, user_id) if row.kind == UserKind.PROVIDER.value else None
    return Principal(
        user_id=row.id,
        kind=UserKind(row.kind),
        display_name=row.display_name,
        language=row.language,
        roles=roles,
        person_id=row.person_id,
        household_id=household_id,
        provider_id=provider_id,
    )


# --- API tokens --------------------------------------------------------------------------------


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        row.id, row.user_id, row.label, row.secret_sha256, row.created_at, row.revoked_at
    )


def add_token(uow: UnitOfWork, new: ApiToken) -> None:
    uow.session.add(
        ApiTokenRow(
            id=new.token_id,
            user_id=new.user_id,
            label=new.label,
            secret_sha256=new.secret_sha256,
            created_at=new.created_at,
            revoked_at=new.revoked_at,
        )
    )


def token(uow: UnitOfWork, token_id: str) -> ApiToken | None:
    row = uow.session.get(ApiTokenRow, token_id)
    return None if row is None else _token(row)


def save_token(uow: UnitOfWork, changed: ApiToken) -> None:
    row = uow.session.get(ApiTokenRow, changed.token_id)
    assert row is not None, "save_token() writes back a token loaded by this unit of work"
    if row.revoked_at != changed.revoked_at:
        row.revoked_at = changed.revoked_at


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """A token's stored digest and state, with the user and household it opens."""

    secret_sha256: str
    revoked_at: datetime | None
    user_id: str
    kind: UserKind
    display_name: str
    language: str
    person_id: str | None
    active: bool
    household_id: str | None


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


def token_holder(uow: UnitOfWork, token_id: str) -> TokenHolder | None:
    found = uow.session.execute(_TOKEN_AND_USER, {"token_id": token_id}).first()
    if found is None:
        return None
    return TokenHolder(
        found.secret_sha256,
        found.revoked_at,
        found.id,
        UserKind(found.kind),
        found.display_name,
        found.language,
        found.person_id,
        found.active,
        found.household_id,
    )


# --- web sessions ------------------------------------------------------------------------------


def _web_session(row: WebSessionRow) -> WebSession:
    return WebSession(row.sid_sha256, row.user_id, Stage(row.stage), row.created_at, row.expires_at)


def _web_session_row(new: WebSession) -> WebSessionRow:
    return WebSessionRow(
        sid_sha256=new.sid_sha256,
        user_id=new.user_id,
        stage=new.stage.value,
        created_at=new.created_at,
        expires_at=new.expires_at,
    )


def web_session(uow: UnitOfWork, sid_sha256: str) -> WebSession | None:
    row = uow.session.get(WebSessionRow, sid_sha256)
    return None if row is None else _web_session(row)


def add_web_session(uow: UnitOfWork, new: WebSession) -> None:
    uow.session.add(_web_session_row(new))


def replace_web_session(uow: UnitOfWork, old: WebSession, new: WebSession) -> None:
    """The old id is gone before the new one exists."""
    row = uow.session.get(WebSessionRow, old.sid_sha256)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()
    uow.session.add(_web_session_row(new))


def delete_web_session(uow: UnitOfWork, sid_sha256: str) -> None:
    uow.session.execute(delete(WebSessionRow).where(WebSessionRow.sid_sha256 == sid_sha256))


def delete_web_sessions_of(uow: UnitOfWork, user_id: str) -> int:
    result = uow.session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def delete_expired_web_sessions(uow: UnitOfWork, now: datetime) -> int:
    result = uow.session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def live_web_session_count(uow: UnitOfWork, user_id: str, now: datetime) -> int:
    count = uow.session.scalar(
        select(func.count()).where(WebSessionRow.user_id == user_id, WebSessionRow.expires_at > now)
    )
    return int(count or 0)
