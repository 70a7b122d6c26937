"""Server-side web sessions: which user a browser's session id belongs to, and how far its
sign-in went. The cookie carries a random id (web/session.py); only its SHA-256 is stored, so a
copy of the table opens no session. The stages and lifetimes are the `WebSession` entity's
(identity/domain.py); the SQL is identity/repository.py's."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cybercare.db.uow import UnitOfWork
from cybercare.identity import repository
from cybercare.identity.domain import (
    Principal,
    SessionMoveRefused,
    Stage,
    WebSession,
)
from cybercare.identity.service import load_principal
from cybercare.kernel.clock import Clock

__all__ = [
    "SessionUser",
    "advance",
    "close_all_sessions",
    "close_session",
    "live_session_count",
    "open_session",
    "purge_expired",
    "session_user",
]


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
    opened = WebSession.open(_digest(sid), user_id=user_id, stage=stage, at=clock.now())
    repository.add_web_session(uow, opened)


def session_user(uow: UnitOfWork, *, sid: str, clock: Clock) -> SessionUser | None:
    """The user of a live session, or None (unknown, expired, or the user was deactivated)."""
    found = repository.web_session(uow, _digest(sid))
    if found is None or not found.is_live(clock.now()):
        return None
    user = repository.user(uow, found.user_id)
    if user is None or not user.active:
        return None
    return SessionUser(load_principal(uow, user.user_id), found.stage, user.email)


def advance(uow: UnitOfWork, *, sid: str, new_sid: str, stage: Stage, clock: Clock) -> bool:
    """Move a live session to `stage` under a fresh id (privilege changed: the old id is
    worthless). False when the session ended meanwhile (expired, signed out elsewhere) or cannot
    move to `stage` (already past it): the browser signs in again rather than meet an error."""
    found = repository.web_session(uow, _digest(sid))
    if found is None or not found.is_live(clock.now()):
        return False
    try:
        moved = found.advance(_digest(new_sid), stage, clock.now())
    except SessionMoveRefused:
        return False
    repository.replace_web_session(uow, found, moved)
    return True


def close_session(uow: UnitOfWork, *, sid: str) -> None:
    repository.delete_web_session(uow, _digest(sid))


def close_all_sessions(uow: UnitOfWork, *, user_id: str) -> int:
    """After a password change or reset: every browser signs in again."""
    return repository.delete_web_sessions_of(uow, user_id)


def purge_expired(uow: UnitOfWork, *, clock: Clock) -> int:
    return repository.delete_expired_web_sessions(uow, clock.now())


def live_session_count(uow: UnitOfWork, *, user_id: str, clock: Clock) -> int:
    """How many browsers the user is signed in on, counted by the database."""
    return repository.live_web_session_count(uow, user_id, clock.now())
