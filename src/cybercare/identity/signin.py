"""Sign-in of members and staff on the web: password, then the TOTP second factor where the user
has one (or must have one), password changes and resets by e-mail.

Each function is one step of a use case run inside the caller's unit of work; every change
writes an audit event. Failures say as little as possible ("e-mail or password is wrong"), spend
the same time for unknown and known addresses, and are audited for known users. The user's
moves are the `User` entity's (identity/domain.py), the SQL identity/repository.py's.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

from cybercare.audit import trail
from cybercare.audit.trail import AuditRecord
from cybercare.db.uow import UnitOfWork
from cybercare.identity import credentials, repository
from cybercare.identity.domain import Stage, User
from cybercare.identity.service import require_user
from cybercare.identity.totp_sealing import TotpSealer
from cybercare.identity.web_sessions import close_all_sessions
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.keyring import KeyRing, SecretKeys
from cybercare.outbox.enqueue import enqueue_email

RESET_TOKEN_MAX_AGE = timedelta(hours=1)
RESEALED = "user.totp_secret_resealed"  # sealed again under the current key (no other change)


class SignInRefused(InvalidInput):
    code = "identity.sign_in_refused"


@dataclass(frozen=True, slots=True)
class PasswordAccepted:
    user_id: str
    next_stage: Stage
    language: str  # the user's language (Art. 11.4): the pages speak it unless they chose another


@dataclass(frozen=True, slots=True)
class Account:
    """What the user's own account page shows."""

    email: str
    has_second_factor: bool


def _user_by_email(uow: UnitOfWork, email: str) -> User | None:
    return repository.user_by_email(uow, email.strip().lower())


def account_of(uow: UnitOfWork, *, user_id: str) -> Account | None:
    """The signed-in user's e-mail and whether a second factor is set up."""
    user = repository.user(uow, user_id)
    return None if user is None else Account(user.email, user.has_second_factor)


def check_password(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    clock: Clock,
    staff_second_factor_required: bool,
) -> PasswordAccepted | None:
    """The first step: the password of an active user; says which step comes next. None when
    refused (the refusal of a known user is audited: commit the unit of work either way)."""
    user = _user_by_email(uow, email)
    if user is None:
        credentials.spend_time_for_unknown_user(password)
        return None
    # The hash is verified even for a deactivated user: the answer takes the same time.
    matches = credentials.password_matches(user.password_hash, password)
    if not user.active or not matches:
        trail.record(
            uow,
            at=clock.now(),
            actor=f"user:{user.user_id}",
            action="user.sign_in_refused",
            subject_type="user",
            subject_id=user.user_id,
            details={"reason": "inactive" if not user.active else "password"},
        )
        return None
    assert user.password_hash is not None
    if credentials.needs_rehash(user.password_hash):
        repository.save_user(uow, user.with_password_hash(credentials.hash_password(password)))
    stage = user.next_stage(staff_second_factor_required=staff_second_factor_required)
    if stage is Stage.SIGNED_IN:
        _audit_signed_in(uow, user.user_id, clock, second_factor=False)
    return PasswordAccepted(user.user_id, stage, user.language)


def check_second_factor(
    uow: UnitOfWork, *, user_id: str, code: str, clock: Clock, sealer: TotpSealer
) -> bool:
    """The TOTP code of a user who has one. False when refused (audited: commit either way).
    A code is accepted once: one seen at an earlier sign-in or at the enrolment is refused, so a
    code read over a shoulder cannot be replayed within its 90 seconds. A secret stored in plain
    text or under a previous key is sealed again under the current one (identity/totp_sealing);
    one that no key of the ring opens refuses every code."""
    user = repository.user(uow, user_id)
    if user is None or user.totp_secret is None:
        return False
    unsealed = sealer.unseal(user.totp_secret, clock.now())
    if unsealed is not None and unsealed.stale:
        sealed = sealer.seal(unsealed.secret, clock.now())
        if repository.replace_totp_secret(uow, user_id, stored=user.totp_secret, sealed=sealed):
            trail.record(
                uow,
                at=clock.now(),
                actor=f"user:{user_id}",
                action=RESEALED,
                subject_type="user",
                subject_id=user_id,
            )
    step = None if unsealed is None else credentials.totp_step(unsealed.secret, code, clock.now())
    # Spending the step is one conditional UPDATE: two requests racing with one code, one wins.
    if step is None or not repository.use_totp_step(uow, user.user_id, step):
        if unsealed is None:
            reason = "second_factor_unreadable"
        else:
            reason = "second_factor" if step is None else "second_factor_replayed"
        trail.record(
            uow,
            at=clock.now(),
            actor=f"user:{user.user_id}",
            action="user.sign_in_refused",
            subject_type="user",
            subject_id=user.user_id,
            details={"reason": reason},
        )
        return False
    _audit_signed_in(uow, user.user_id, clock, second_factor=True, totp_step=step)
    return True


def enrol_second_factor(
    uow: UnitOfWork, *, user_id: str, secret: str, code: str, clock: Clock, sealer: TotpSealer
) -> None:
    """Keep `secret`, sealed, once the user proved their app produces its codes."""
    user = require_user(uow, user_id)
    step = credentials.totp_step(secret, code, clock.now())
    if step is None:
        raise SignInRefused("code", "the code does not match: scan the QR code again")
    repository.save_user(uow, user.with_second_factor(sealer.seal(secret, clock.now()), step))
    trail.record(
        uow,
        at=clock.now(),
        actor=f"user:{user.user_id}",
        action="user.second_factor_enrolled",
        subject_type="user",
        subject_id=user.user_id,
        details={"totp_step": step},
    )


@dataclass(frozen=True, slots=True)
class ResealReport:
    resealed: int  # in plain text or under a previous key, now under the current one
    current: int  # already under the current key
    unreadable: list[str]  # user ids whose secret no key of the ring opens


def reseal_totp_secrets(uow: UnitOfWork, *, sealer: TotpSealer, clock: Clock) -> ResealReport:
    """Seal every stored TOTP secret under the current key (after a rotation of the key ring,
    before its grace period ends); each user's change audited."""
    now = clock.now()
    current, unreadable, resealed = 0, [], []
    for user_id, stored in repository.stored_totp_secrets(uow):
        unsealed = sealer.unseal(stored, now)
        if unsealed is None:
            unreadable.append(user_id)
        elif not unsealed.stale:
            current += 1
        elif repository.replace_totp_secret(
            uow, user_id, stored=stored, sealed=sealer.seal(unsealed.secret, now)
        ):
            resealed.append(user_id)
    trail.record_many(
        uow,
        [
            AuditRecord(now, "cli:user.reencrypt-totp", RESEALED, "user", user_id, None, {})
            for user_id in resealed
        ],
    )
    return ResealReport(len(resealed), current, unreadable)


def remove_second_factor(uow: UnitOfWork, *, user_id: str, clock: Clock) -> None:
    user = require_user(uow, user_id)
    if user.has_second_factor:
        repository.save_user(uow, user.without_second_factor())
        trail.record(
            uow,
            at=clock.now(),
            actor=f"user:{user.user_id}",
            action="user.second_factor_removed",
            subject_type="user",
            subject_id=user.user_id,
        )


def set_password(uow: UnitOfWork, *, user_id: str, password: str, clock: Clock, actor: str) -> None:
    """A new password; every open web session of the user ends."""
    user = require_user(uow, user_id)
    credentials.check_new_password(password, email=user.email)
    repository.save_user(uow, user.with_password_hash(credentials.hash_password(password)))
    close_all_sessions(uow, user_id=user.user_id)
    trail.record(
        uow,
        at=clock.now(),
        actor=actor,
        action="user.password_set",
        subject_type="user",
        subject_id=user.user_id,
    )


def password_is(uow: UnitOfWork, *, user_id: str, password: str) -> bool:
    """Whether `password` is the user's current one (before a sensitive change)."""
    user = repository.user(uow, user_id)
    return credentials.password_matches(user.password_hash if user else None, password)


def change_password(uow: UnitOfWork, *, user_id: str, current: str, new: str, clock: Clock) -> None:
    user = require_user(uow, user_id)
    if not credentials.password_matches(user.password_hash, current):
        raise SignInRefused("current_password", "the current password is wrong")
    set_password(uow, user_id=user_id, password=new, clock=clock, actor=f"user:{user_id}")


def _audit_signed_in(
    uow: UnitOfWork,
    user_id: str,
    clock: Clock,
    *,
    second_factor: bool,
    totp_step: int | None = None,
) -> None:
    details: dict[str, object] = {"second_factor": second_factor}
    if totp_step is not None:
        details["totp_step"] = totp_step
    trail.record(
        uow,
        at=clock.now(),
        actor=f"user:{user_id}",
        action="user.signed_in",
        subject_type="user",
        subject_id=user_id,
        details=details,
    )


class ResetTokens:
    """Password-reset links: signed, valid one hour by the injected clock, and single-use because
    they are bound to the password hash they replace (a used or outdated link no longer
    matches: every new hash has a new salt, even for the same password)."""

    def __init__(self, keys: SecretKeys) -> None:
        self.ring = KeyRing.of(keys)

    def _serializer(self, now: datetime) -> URLSafeSerializer:
        """Signs with the current key; a link signed before a rotation still opens during the
        key ring's grace period."""
        return URLSafeSerializer(self.ring.oldest_first(now), salt="cybercare.password-reset")

    def issue(self, user: User, clock: Clock) -> str:
        issued_at = int(clock.now().timestamp())
        return self._serializer(clock.now()).dumps(
            {"u": user.user_id, "p": _fingerprint(user.password_hash), "t": issued_at}
        )

    def user_id(self, uow: UnitOfWork, token: str, clock: Clock) -> str | None:
        """The user the link was sent to, while it is valid; else None."""
        try:
            data = self._serializer(clock.now()).loads(token)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        issued_at, user_id = data.get("t"), data.get("u")
        if not isinstance(issued_at, int) or not isinstance(user_id, str):
            return None
        age = clock.now() - datetime.fromtimestamp(issued_at, UTC)
        if not timedelta(0) <= age <= RESET_TOKEN_MAX_AGE:
            return None
        user = repository.user(uow, user_id)
        if user is None or not user.active:
            return None
        if not hmac.compare_digest(_fingerprint(user.password_hash), str(data.get("p"))):
            return None
        return user.user_id


def _fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "no password").encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ResetEmail:
    subject: str
    text: str


ResetComposer = Callable[[str, str, str], ResetEmail]  # (language, name, link) -> e-mail


def request_password_reset(
    uow: UnitOfWork,
    *,
    email: str,
    tokens: ResetTokens,
    base_url: str,
    compose: ResetComposer,
    clock: Clock,
) -> None:
    """E-mail a reset link if the address belongs to an active user; the answer to the person
    asking is the same either way (no account enumeration)."""
    user = _user_by_email(uow, email)
    if user is None or not user.active:
        return
    token = tokens.issue(user, clock)
    link = f"{base_url.rstrip('/')}/password/reset?token={token}"
    message = compose(user.language, user.display_name, link)
    now = clock.now()
    enqueue_email(
        uow,
        to=user.email,
        subject=message.subject,
        text=message.text,
        language=user.language,
        at=now,
        dedupe_key=f"password-reset:{user.user_id}:{token[-16:]}",
    )
    trail.record(
        uow,
        at=now,
        actor=f"user:{user.user_id}",
        action="user.password_reset_requested",
        subject_type="user",
        subject_id=user.user_id,
    )


def reset_password(
    uow: UnitOfWork, *, token: str, password: str, tokens: ResetTokens, clock: Clock
) -> str:
    """Set the password a reset link was sent for; returns the user id."""
    user_id = tokens.user_id(uow, token, clock)
    if user_id is None:
        raise SignInRefused("token", "the link has expired or was already used: ask a new one")
    set_password(uow, user_id=user_id, password=password, clock=clock, actor=f"user:{user_id}")
    return user_id
