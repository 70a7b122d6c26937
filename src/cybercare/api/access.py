"""Deny by default: every API route must declare the access rule that allows it.

A rule is a FastAPI dependency marked with `@access_rule`. The mark, and the check that refuses
to start an app with an unguarded route, are shared with the pages (`cybercare.http.access`);
the API's rules are here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from cybercare.api.rate_limits import count_request
from cybercare.http.access import access_rule
from cybercare.http.deps import get_container
from cybercare.identity.domain import Principal, Role, RoleRequired, require_role
from cybercare.identity.service import authenticate_token
from cybercare.kernel.errors import Unauthenticated
from cybercare.partners.distributors import DistributorPrincipal, authenticate, is_test_key


@access_rule
async def public() -> None:
    """Anyone may read this: service health and the published product terms. Async: it needs
    no request thread (a liveness probe answers while they are all busy)."""


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="DistributorApiKey",
    description=(
        "A distributor API key (`cck_key_…`; test mode, the sandbox: `cck_test_…`), sent as "
        "`Authorization: Bearer <key>`"
    ),
)


@access_rule
def distributor_system(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> DistributorPrincipal:
    """A distributor's system, authenticated by one of its API keys (revocable, stored hashed).
    Everything it reads is scoped to its own affiliations (Art. 11.1). Each request counts on
    its key's rate limit (api/rate_limits.py)."""
    if credentials is None:
        raise Unauthenticated("an API key is required: Authorization: Bearer <key>")
    token = credentials.credentials
    container = get_container(request)  # a test-mode key: the sandbox's database (issue 18)
    with container.database.reader() as uow:
        principal = authenticate(uow, token, test_mode=is_test_key(token))
    if principal is None:
        raise Unauthenticated("the API key is unknown or revoked")
    count_request(request, principal.api_key_id)
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
