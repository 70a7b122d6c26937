"""Who is signed in on a web request, and the access rules of the signed-in pages.

The web session cookie carries a random id (session.py); the database says which user it belongs
to and how far the sign-in went (identity/web_sessions.py). Pages declare one of the rules below
(deny by default: `create_app` refuses an unguarded route). A visitor who is not signed in is sent
to the sign-in page and brought back afterwards; a signed-in user without the right role gets 403.
What a principal may read *inside* a page (Art. 11) is decided by the services, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from cybercare.http.access import access_rule
from cybercare.identity.domain import Principal, Role, RoleRequired, require_role
from cybercare.identity.web_sessions import SessionUser, session_user
from cybercare.web.session import web_session

_CACHE_KEY = "cybercare_session_user"


class SignInRequired(HTTPException):
    """Not signed in (or the sign-in is unfinished): the error handler redirects to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(status_code=401, detail="sign-in required")
        self.next_path = next_path

    @property
    def location(self) -> str:
        return "/login?" + urlencode({"next": self.next_path})


def current_session_user(request: Request) -> SessionUser | None:
    """The session's user at whatever stage, read once per request."""
    cached = request.scope.get("state", {}).get(_CACHE_KEY, False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    session = web_session(request)
    if session.fresh:
        return None
    container = request.app.state.container
    with container.database.reader() as uow:
        found = session_user(uow, sid=session.sid, clock=container.clock)
    request.scope.setdefault("state", {})[_CACHE_KEY] = found
    return found


def forget_session_user(request: Request) -> None:
    """After sign-in or sign-out, the next read goes to the database again."""
    request.scope.setdefault("state", {}).pop(_CACHE_KEY, None)


def as_signed_out(request: Request) -> None:
    """Render the rest of this request as for a visitor not signed in, without reading the
    session: for the page that says the database is away (web/errors.py)."""
    request.scope.setdefault("state", {})[_CACHE_KEY] = None


def signed_in_principal(request: Request) -> Principal | None:
    found = current_session_user(request)
    return found.principal if found is not None and found.signed_in else None


def _return_path(request: Request) -> str:
    """Where to come back after signing in: the page asked for; for an htmx request, the page
    the browser shows (its fragment URL is no page); after a form post, the home page."""
    if request.headers.get("HX-Request") == "true":
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.netloc == request.url.netloc and current.path.startswith("/"):
            return current.path + (f"?{current.query}" if current.query else "")
        return "/"
    if request.method != "GET":
        return "/"
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    return path


def _require_signed_in(request: Request) -> Principal:
    principal = signed_in_principal(request)
    if principal is None:
        raise SignInRequired(_return_path(request))
    return principal


_SignedIn = Annotated[Principal, Depends(_require_signed_in)]


@access_rule
def web_signed_in(user: _SignedIn) -> Principal:
    """Any signed-in member, staff or provider user (their own account pages)."""
    return user


@access_rule
def web_member(user: _SignedIn) -> Principal:
    """A signed-in insured person: the portal of their household, as Art. 11.3 allows."""
    if not user.is_member:
        raise RoleRequired("this page is for members", clause="Art. 11")
    return user


@access_rule
def web_staff(user: _SignedIn) -> Principal:
    """A signed-in staff user of any role."""
    if not user.is_staff:
        raise RoleRequired("this page is for staff", clause="Art. 11")
    return user


@access_rule
def web_provider(user: _SignedIn) -> Principal:
    """A signed-in user of an appointed provider: the provider portal, its own orders only
    (issue 19); never staff nor member pages."""
    if not user.is_provider:
        raise RoleRequired("this page is for appointed providers", clause="Art. 11")
    return user


def web_staff_with_role(*roles: Role) -> Callable[[Principal], Principal]:
    """A rule for staff holding one of `roles`, e.g. `web_staff_with_role(Role.SUPERVISOR)`."""

    @access_rule
    def rule(user: _SignedIn) -> Principal:
        require_role(user, *roles)
        return user

    rule.__name__ = "web_staff_with_role_" + "_or_".join(r.value for r in roles)
    return rule


WebUser = Annotated[Principal, Depends(web_signed_in)]
WebMember = Annotated[Principal, Depends(web_member)]
WebStaff = Annotated[Principal, Depends(web_staff)]
WebProvider = Annotated[Principal, Depends(web_provider)]
