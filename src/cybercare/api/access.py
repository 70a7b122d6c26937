"""Deny by default: every API route must declare the access rule that allows it.

A rule is a FastAPI dependency marked with `@access_rule`; `assert_every_route_has_a_rule` runs
when the app is built and refuses to start an app with an unguarded route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request, Security
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.routing import BaseRoute

from cybercare.identity.domain import Principal, Role, RoleRequired, require_role
from cybercare.identity.service import authenticate_token
from cybercare.kernel.errors import Unauthenticated
from cybercare.partners.distributors import DistributorPrincipal, authenticate

F = TypeVar("F", bound=Callable[..., Any])

_RULE_MARK = "__cybercare_access_rule__"


def access_rule(func: F) -> F:
    setattr(func, _RULE_MARK, True)
    return func


@access_rule
def public() -> None:
    """Anyone may read this: service health and the published product terms."""


_bearer = HTTPBearer(auto_error=False, description="A distributor API key (`cck_key_…`)")


@access_rule
def distributor_system(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> DistributorPrincipal:
    """A distributor's system, authenticated by one of its API keys (revocable, stored hashed).
    Everything it reads is scoped to its own affiliations (Art. 11.1)."""
    if credentials is None:
        raise Unauthenticated("an API key is required: Authorization: Bearer <key>")
    container = request.app.state.container
    with container.database.reader() as uow:
        principal = authenticate(uow, credentials.credentials)
    if principal is None:
        raise Unauthenticated("the API key is unknown or revoked")
    return principal


_user_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="PersonalToken",
    description="A member's or staff user's personal API token (`ccu_tok_…`)",
)


def _authenticated_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_user_bearer)],
) -> Principal:
    """The user behind a personal token (not a rule by itself: the rules below build on it).
    A distributor key is no user token: it gets 401 here (Art. 11.1)."""
    if credentials is None:
        raise Unauthenticated("a personal API token is required: Authorization: Bearer <token>")
    container = request.app.state.container
    with container.database.reader() as uow:
        principal = authenticate_token(uow, credentials.credentials)
    if principal is None:
        raise Unauthenticated("the token is unknown, revoked or its user is deactivated")
    return principal


_User = Annotated[Principal, Depends(_authenticated_user)]


@access_rule
def any_user(user: _User) -> Principal:
    """A member or a staff user; the service decides what each may see (Art. 11)."""
    return user


@access_rule
def member_user(user: _User) -> Principal:
    """An insured person with a login: sees what Art. 11.3 lets them see."""
    if not user.is_member:
        raise RoleRequired("this is for members", clause="Art. 11", params={"kind": "member"})
    return user


@access_rule
def staff_user(user: _User) -> Principal:
    """A staff user of any role: agents, counsellors, handlers, supervisors, admins."""
    if not user.is_staff:
        raise RoleRequired("this is for staff", clause="Art. 11", params={"kind": "staff"})
    return user


def staff_with_role(*roles: Role) -> Callable[[Principal], Principal]:
    """A rule for staff holding one of `roles`, e.g. `staff_with_role(Role.CLAIMS_HANDLER)`."""

    @access_rule
    def rule(user: _User) -> Principal:
        require_role(user, *roles)
        return user

    rule.__name__ = "staff_with_role_" + "_or_".join(r.value for r in roles)
    return rule


AnyUser = Annotated[Principal, Depends(any_user)]
MemberUser = Annotated[Principal, Depends(member_user)]
StaffUser = Annotated[Principal, Depends(staff_user)]


def _has_rule(dependant: Dependant) -> bool:
    return any(
        getattr(dep.call, _RULE_MARK, False) or _has_rule(dep) for dep in dependant.dependencies
    )


def api_routes(routes: Iterable[BaseRoute], ruled: bool = False) -> Iterator[tuple[APIRoute, bool]]:
    """Every API route with whether an enclosing include already applies a rule. Recent FastAPI
    keeps included routers nested (an `original_router` per include) instead of copying routes."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route, ruled
        original = getattr(route, "original_router", None)
        if original is not None:
            context = getattr(route, "include_context", None)
            included = getattr(context, "dependencies", None) or []
            marked = any(getattr(dep.dependency, _RULE_MARK, False) for dep in included)
            yield from api_routes(original.routes, ruled or marked)


def unguarded_routes(app: FastAPI) -> list[str]:
    return [
        f"{sorted(route.methods or ())} {route.path}"
        for route, ruled in api_routes(app.routes)
        if not ruled and not _has_rule(route.dependant)
    ]


def assert_every_route_has_a_rule(app: FastAPI) -> None:
    missing = unguarded_routes(app)
    if missing:
        raise RuntimeError(f"routes without an access rule (denied by default): {missing}")
