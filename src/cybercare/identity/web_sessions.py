"""Server-side web sessions: which user a browser's session id belongs to, and how far its
sign-in went. The cookie carries a random id (web/session.py); only its SHA-256 is stored, so a
copy of the table opens no session."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select

from cybercare.db.tables import UserRow, WebSessionRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.identity.service import load_principal
from cybercare.kernel.clock import Clock

# The absolute lifetime of a sign-in (also the signed cookie's): a working day.
SESSION_LIFETIME = timedelta(hours=12)
# A half-finished sign-in (password accepted, code not yet) lasts only this long.
PENDING_LIFETIME = timedelta(minutes=10)


class Stage(StrEnum):
    SECOND_FACTOR = "second_factor"  # password accepted, TOTP code expected
    ENROL_SECOND_FACTOR = "enrol_second_factor"  # password accepted, TOTP must be set up first
    SIGNED_IN = "signed_in"


@dataclass(frozen=True, slots=True)
class SessionUser:
    principal: Principal
    stage: Stage
    email: str

    @property
    def signed_in(self) -> bool:
        return self.stage is Stage.SIGNED_IN


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def open_session(uow: UnitOfWork, *, sid: str, user_id: str, stage: Stage, clock: Clock) -> None:
    now = clock.now()
    uow.session.add(
        WebSessionRow(
            sid_sha256=_digest(sid),
            user_id=user_id,
            stage=stage.value,
            created_at=now,
            expires_at=now + (SESSION_LIFETIME if stage is Stage.SIGNED_IN else PENDING_LIFETIME),
        )
    )


def session_user(uow: UnitOfWork, *, sid: str, clock: Clock) -> SessionUser | None:
    """The user of a live session, or None (unknown, expired, or the user was deactivated)."""
    row = uow.session.get(WebSessionRow, _digest(sid))
    if row is None or row.expires_at <= clock.now():
        return None
    user = uow.session.get(UserRow, row.user_id)
    if user is None or not user.active:
        return None
    return SessionUser(load_principal(uow, user.id), Stage(row.stage), user.email)


def advance(uow: UnitOfWork, *, sid: str, new_sid: str, stage: Stage, clock: Clock) -> bool:
    """Move a live session to `stage` under a fresh id (privilege changed: the old id is
    worthless). False when the session ended meanwhile (expired, signed out elsewhere)."""
    row = uow.session.get(WebSessionRow, _digest(sid))
    if row is None or row.expires_at <= clock.now():
        return False
    user_id = row.user_id
    uow.session.delete(row)
    uow.session.flush()
    open_session(uow, sid=new_sid, user_id=user_id, stage=stage, clock=clock)
    return True


def close_session(uow: UnitOfWork, *, sid: str) -> None:
    uow.session.execute(delete(WebSessionRow).where(WebSessionRow.sid_sha256 == _digest(sid)))


def close_all_sessions(uow: UnitOfWork, *, user_id: str) -> int:
    """After a password change or reset: every browser signs in again."""
    result = uow.session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def purge_expired(uow: UnitOfWork, *, clock: Clock) -> int:
    result = uow.session.execute(
        delete(WebSessionRow).where(WebSessionRow.expires_at <= clock.now())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def live_session_count(uow: UnitOfWork, *, user_id: str, clock: Clock) -> int:
    """How many browsers the user is signed in on, counted by the database."""
    count = uow.session.scalar(
        select(func.count()).where(
            WebSessionRow.user_id == user_id, WebSessionRow.expires_at > clock.now()
        )
    )
    return int(count or 0)
