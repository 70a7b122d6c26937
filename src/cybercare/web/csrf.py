"""CSRF protection for every unsafe web request (synchronizer token tied to the session id).

A token is the session id signed with the secret key (the key ring's current one) and a timestamp
(itsdangerous). Pages put it in each form (`csrf_field()`) and in an `X-CSRF-Token` header for
htmx requests (base.html); `csrf_protect`, a dependency of the whole web router, refuses any POST,
PUT, PATCH or DELETE whose token is missing, forged, expired or made for another session. The API
is not concerned: it takes no cookies.
"""

from __future__ import annotations

import hmac

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException
from starlette.requests import Request

from cybercare.kernel.clock import Clock
from cybercare.kernel.keyring import KeyRing, SecretKeys
from cybercare.web.session import SESSION_MAX_AGE_S, WebSession, web_session

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfRejected(HTTPException):
    def __init__(self, reason: str) -> None:
        super().__init__(status_code=403, detail=f"CSRF check failed: {reason}")
        self.reason = reason


class CsrfTokens:
    """Issued under the key ring's current key; a form loaded before a rotation still posts
    during the ring's grace period."""

    def __init__(self, keys: SecretKeys, clock: Clock) -> None:
        self.ring = KeyRing.of(keys)
        self.clock = clock

    def _serializer(self) -> URLSafeTimedSerializer:
        keys = self.ring.oldest_first(self.clock.now())
        return URLSafeTimedSerializer(keys, salt="cybercare.web.csrf")

    def issue(self, session: WebSession) -> str:
        return self._serializer().dumps(session.sid)

    def valid(self, token: str | None, session: WebSession) -> bool:
        if not token:
            return False
        try:
            sid = self._serializer().loads(token, max_age=SESSION_MAX_AGE_S)
        except BadSignature:  # also SignatureExpired
            return False
        return isinstance(sid, str) and hmac.compare_digest(sid, session.sid)


def csrf_tokens(request: Request) -> CsrfTokens:
    tokens: CsrfTokens = request.app.state.web.csrf
    return tokens


async def csrf_protect(request: Request) -> None:
    """Dependency of every web route: an unsafe method must carry a valid token."""
    if request.method in SAFE_METHODS:
        return
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if token is None:
        raise CsrfRejected("missing token")
    if not csrf_tokens(request).valid(token, web_session(request)):
        raise CsrfRejected("invalid token")
