"""Users and personal API tokens: create members and staff, issue and revoke tokens, and turn a
presented token into a `Principal`.

Tokens look like ``ccu_tok_<id>_<secret>`` (distributor keys are ``cck_key_…``: neither is ever
accepted where the other is expected). The secret is 256-bit random and only its SHA-256 is
stored; it is shown once, at issue. The entities and their moves are identity/domain.py's, the
SQL identity/repository.py's.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.identity import repository
from cybercare.identity.domain import ApiToken, Principal, Role, User, UserKind, parse_roles
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
    if repository.user_id_by_email(uow, email) is not None:
        raise Conflict(f"a user with e-mail {email!r} exists", code="user.exists")


def create_member_user(
    uow: UnitOfWork, *, email: str, person_id: str, clock: Clock, actor: str
) -> Principal:
    """A login for one insured person; the person's household scopes everything it sees."""
    address = _normalised_email(email)
    person = repository.person_for_login(uow, person_id)
    if person is None:
        raise NotFound(f"no person {person_id!r}", code="person.not_found")
    _check_free(uow, address)
    if repository.person_has_login(uow, person_id):
        raise Conflict(f"person {person_id!r} already has a login", code="user.exists")
    user = User.new(
        new_id("usr"),
        email=address,
        kind=UserKind.MEMBER,
        person_id=person_id,
        display_name=person.display_name,
        language=person.language,
        at=clock.now(),
    )
    repository.add_user(uow, user)
    _audit_created(uow, user, [], clock, actor)
    return load_principal(uow, user.user_id)


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
    user = User.new(
        new_id("usr"),
        email=address,
        kind=UserKind.STAFF,
        person_id=None,
        display_name=display_name.strip() or address,
        language=language,
        at=clock.now(),
    )
    repository.add_user(uow, user, parsed)
    _audit_created(uow, user, sorted(r.value for r in parsed), clock, actor)
    return load_principal(uow, user.user_id)


def create_provider_user(
    uow: UnitOfWork,
    *,
    email: str,
    display_name: str,
    provider_id: str,
    language: str = "en",
    clock: Clock,
    actor: str,
) -> Principal:
    """A login for one appointed provider's employee (issue 19): the provider portal only, always
    with a second factor; linked to its provider, whose orders are all it ever sees."""
    address = _normalised_email(email)
    if language not in ("nl", "fr", "de", "en"):
        raise InvalidInput("language", "one of nl, fr, de, en")
    if not repository.provider_exists(uow, provider_id):
        raise NotFound(f"no provider {provider_id!r}", code="provider.not_found")
    _check_free(uow, address)
    user = User.new(
        new_id("usr"),
        email=address,
        kind=UserKind.PROVIDER,
        person_id=None,
        display_name=display_name.strip() or address,
        language=language,
        at=clock.now(),
    )
    repository.add_user(uow, user)
    repository.link_provider(uow, user.user_id, provider_id, clock.now())
    _audit_created(uow, user, [], clock, actor, provider_id=provider_id)
    return load_principal(uow, user.user_id)


def _audit_created(
    uow: UnitOfWork,
    user: User,
    roles: list[str],
    clock: Clock,
    actor: str,
    *,
    provider_id: str | None = None,
) -> None:
    details: dict[str, object] = {"kind": user.kind.value, "person_id": user.person_id}
    details["roles"] = roles
    if provider_id is not None:
        details["provider_id"] = provider_id
    trail.record(
        uow,
        at=clock.now(),
        actor=actor,
        action="user.created",
        subject_type="user",
        subject_id=user.user_id,
        clause="Art. 11",
        details=details,
    )


def user_id_for_email(uow: UnitOfWork, email: str) -> str:
    address = _normalised_email(email)
    user_id = repository.user_id_by_email(uow, address)
    if user_id is None:
        raise UserNotFound(f"no user {address!r}")
    return user_id


def load_principal(uow: UnitOfWork, user_id: str) -> Principal:
    principal = repository.principal(uow, user_id)
    if principal is None:
        raise UserNotFound(f"no user {user_id!r}")
    return principal


def require_user(uow: UnitOfWork, user_id: str) -> User:
    """The user, or `user.not_found`."""
    user = repository.user(uow, user_id)
    if user is None:
        raise UserNotFound(f"no user {user_id!r}")
    return user


def issue_token(
    uow: UnitOfWork, *, user_id: str, label: str, clock: Clock, actor: str
) -> IssuedToken:
    holder = require_user(uow, user_id)
    holder.check_may_hold_token()
    if holder.kind is UserKind.PROVIDER:
        raise InvalidInput("user_id", "a provider user works in the provider portal, not the API")
    minted = bearer.mint(TOKEN_PREFIX, "tok")
    token_id = minted.secret_id
    now = clock.now()
    repository.add_token(
        uow, ApiToken(token_id, user_id, label, minted.secret_sha256, now, revoked_at=None)
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
    token = repository.token(uow, token_id)
    if token is None:
        raise NotFound(f"no API token {token_id!r}", code="api_token.not_found")
    if token.revoked:
        return
    now = clock.now()
    repository.save_token(uow, token.revoke(now))
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="api_token.revoked",
        subject_type="user",
        subject_id=token.user_id,
        details={"token_id": token_id},
    )


def set_active(uow: UnitOfWork, *, user_id: str, active: bool, clock: Clock, actor: str) -> None:
    user = require_user(uow, user_id)
    if user.active != active:
        repository.save_user(uow, user.with_active(active))
        trail.record(
            uow,
            at=clock.now(),
            actor=actor,
            action="user.activated" if active else "user.deactivated",
            subject_type="user",
            subject_id=user_id,
        )


def authenticate_token(uow: UnitOfWork, token: str) -> Principal | None:
    """The principal a presented personal token belongs to, or None (unknown, malformed,
    revoked, or the user is deactivated). One query for the token, its user and household (every
    API call of a member or staff user runs this), one more for a staff user's roles."""
    parsed = bearer.parse(token, TOKEN_PREFIX, "tok")
    if parsed is None:
        return None
    token_id, secret = parsed
    found = repository.token_holder(uow, token_id)
    if found is None or found.revoked_at is not None or not found.active:
        return None
    if found.kind is UserKind.PROVIDER:  # never issued one; refused all the same
        return None
    if not bearer.matches(found.secret_sha256, secret):
        return None
    roles: frozenset[Role] = frozenset()
    if found.kind is UserKind.STAFF:
        roles = repository.roles_of(uow, found.user_id)
    return Principal(
        user_id=found.user_id,
        kind=found.kind,
        display_name=found.display_name,
        language=found.language,
        roles=roles,
        person_id=found.person_id,
        household_id=found.household_id,
    )
