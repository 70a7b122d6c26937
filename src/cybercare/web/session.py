"""The web session: a random id in a signed, HTTP-only cookie, given to every page visitor.

It anchors the CSRF tokens (csrf.py) and, once signed in, the server-side session
(identity/web_sessions.py, read by web/auth.py). Every change of privilege (sign-in, second
factor, sign-out) calls `WebSession.rotate()`, so that an id known before is worthless after.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybercare.kernel.clock import Clock
from cybercare.kernel.keyring import KeyRing, SecretKeys
from cybercare.web.security import CookiePolicy

SESSION_COOKIE = "cc_session"
SESSION_MAX_AGE_S = 12 * 60 * 60
# Machine-facing paths get no cookie: the API authenticates with bearer keys, never cookies.
NON_WEB_PREFIXES = (
    "/api/",
    "/health",
    "/metrics",
    "/openapi.json",
    "/docs",
    "/redoc",
    "/static/",
)


def is_web_path(path: str) -> bool:
    return not path.startswith(NON_WEB_PREFIXES)


@dataclass
class WebSession:
    sid: str
    dirty: bool = field(default=False)
    # Made for this request and never stored: nobody can be signed in with it (no lookup).
    fresh: bool = field(default=False)

    @classmethod
    def new(cls) -> WebSession:
        return cls(secrets.token_urlsafe(32), dirty=True, fresh=True)

    def rotate(self) -> None:
        """A fresh id (and so fresh CSRF tokens): call on sign-in and sign-out."""
        self.sid = secrets.token_urlsafe(32)
        self.dirty = True
        self.fresh = False


class SessionSigner:
    """Signs the cookie with the key ring's current key; a cookie signed before a rotation is
    still read during the ring's grace period (nobody is signed out by a rotation)."""

    def __init__(self, keys: SecretKeys, clock: Clock) -> None:
        self.ring = KeyRing.of(keys)
        self.clock = clock

    def _serializer(self) -> URLSafeTimedSerializer:
        keys = self.ring.oldest_first(self.clock.now())
        return URLSafeTimedSerializer(keys, salt="cybercare.web.session")

    def dumps(self, session: WebSession) -> str:
        return self._serializer().dumps({"sid": session.sid})

    def loads(self, cookie: str | None) -> WebSession | None:
        if not cookie:
            return None
        try:
            data = self._serializer().loads(cookie, max_age=SESSION_MAX_AGE_S)
        except BadSignature:  # also SignatureExpired
            return None
        sid = data.get("sid") if isinstance(data, dict) else None
        return WebSession(sid) if isinstance(sid, str) and sid else None


class WebSessionMiddleware:
    """Puts `request.state.web_session` on web requests and (re)sets its cookie when needed."""

    def __init__(self, app: ASGIApp, *, signer: SessionSigner, cookies: CookiePolicy) -> None:
        self.app = app
        self.signer = signer
        self.cookies = cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_web_path(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        session = self.signer.loads(connection.cookies.get(SESSION_COOKIE)) or WebSession.new()
        scope.setdefault("state", {})["web_session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.dirty:
                cookie: SimpleCookie = SimpleCookie()
                cookie[SESSION_COOKIE] = self.signer.dumps(session)
                value = cookie[SESSION_COOKIE].OutputString()
                MutableHeaders(scope=message).append(
                    "Set-Cookie", f"{value}; {self.cookies.attributes(http_only=True)}"
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def web_session(connection: HTTPConnection) -> WebSession:
    session = connection.scope.get("state", {}).get("web_session")
    if not isinstance(session, WebSession):
        raise RuntimeError("WebSessionMiddleware is not installed for this path")
    return session
