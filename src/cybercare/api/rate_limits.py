"""Per API key limits of the distributor API: every process counts in the database.

Each authenticated distributor request counts one hit on its key's counter (settings
`api_rate_limit` per `api_rate_limit_window_s`, 600 per minute by default; 0: no limit). Every
answer to it, refusals included, says where the key stands, in the fields of the IETF draft
"RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-11):

    RateLimit-Policy: "per-key";q=600;w=60
    RateLimit: "per-key";r=412;t=37         (r: requests left, t: seconds until the window ends)

Past the limit the answer is `429` problem+json (the draft's "quota-exceeded" type) with
`Retry-After`, the seconds until the window ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybercare.api.problems import problem
from cybercare.bootstrap import Container
from cybercare.db.rate_limits import SharedRateLimiter
from cybercare.http.access import api_routes
from cybercare.kernel.rate_limits import RateDecision, RateLimiter, RatePolicy

POLICY_NAME = "per-key"
QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded"
_STATE = "api_rate_limit"  # the decision on this request, in the request's state


class RateLimited(Exception):
    def __init__(self, policy: RatePolicy, decision: RateDecision) -> None:
        super().__init__(f"{policy.name}: {policy.limit} requests per {policy.window_s} s")
        self.policy = policy
        self.decision = decision


def limiter_for(container: Container) -> RateLimiter | None:
    settings = container.settings
    if settings.api_rate_limit == 0:
        return None
    policy = RatePolicy(POLICY_NAME, settings.api_rate_limit, settings.api_rate_limit_window_s)
    return SharedRateLimiter(container.database, container.clock, policy)


def count_request(request: Request, api_key_id: str) -> None:
    """Count this request on its key; raise `RateLimited` past the limit. Called by the access
    rule of the distributor API, once the key is known."""
    limiter = _limiter_of(request.app)
    if limiter is None:
        return
    decision = limiter.hit(f"api:key:{api_key_id}")
    setattr(request.state, _STATE, (limiter.policy, decision))
    if not decision.allowed:
        raise RateLimited(limiter.policy, decision)


def header_fields(policy: RatePolicy, decision: RateDecision) -> dict[str, str]:
    name = f'"{policy.name}"'
    return {
        "RateLimit-Policy": f"{name};q={policy.limit};w={policy.window_s}",
        "RateLimit": f"{name};r={decision.remaining};t={decision.reset_s}",
    }


def _refusal(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    policy, wait = exc.policy, exc.decision.retry_after_s
    response = problem(
        429,
        "Too many requests",
        f"this API key may make {policy.limit} requests per {policy.window_s} s: retry in {wait} s",
        code="rate_limited",
        type=QUOTA_EXCEEDED,
        **{"violated-policies": [policy.name]},
    )
    response.headers["Retry-After"] = str(wait)
    return response


class RateLimitHeaders:
    """Adds the RateLimit fields to every answer of a request that was counted."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_fields(message: Message) -> None:
            if message["type"] == "http.response.start":
                counted = scope.get("state", {}).get(_STATE)
                if counted is not None:
                    headers = MutableHeaders(scope=message)
                    for field, value in header_fields(*counted).items():
                        headers[field] = value
            await send(message)

        await self.app(scope, receive, send_with_fields)


def _limiter_of(app: Any) -> RateLimiter | None:
    """The limiter on the database the app serves now: made again when `app.state.container`
    is replaced (a test pointing one app at each test's database), else made once."""
    container = app.state.container
    made: tuple[Container, RateLimiter | None] | None = getattr(app.state, _LIMITER, None)
    if made is None or made[0] is not container:
        made = (container, limiter_for(container))
        setattr(app.state, _LIMITER, made)
    return made[1]


_LIMITER = "api_rate_limiter"


def install(app: FastAPI, container: Container) -> None:
    setattr(app.state, _LIMITER, (container, limiter_for(container)))
    app.add_exception_handler(RateLimited, _refusal)
    app.add_middleware(RateLimitHeaders)


_FIELD = {"schema": {"type": "string"}}
TOO_MANY_REQUESTS: dict[str, Any] = {
    "description": "This API key's quota is used up: retry after `Retry-After` seconds",
    "content": {"application/problem+json": {}},
    "headers": {
        "Retry-After": {**_FIELD, "description": "Seconds until the quota's window ends"},
        "RateLimit-Policy": {**_FIELD, "description": 'e.g. `"per-key";q=600;w=60`'},
        "RateLimit": {**_FIELD, "description": 'e.g. `"per-key";r=0;t=37`'},
    },
}


def document(app: FastAPI, rule: Callable[..., object]) -> None:
    """Add the 429 answer to the OpenAPI description of every route guarded by `rule` (the
    distributor API's access rule): partners see it, and a schema check accepts it."""
    for route, _ in api_routes(app.routes):
        if _depends_on(route.dependant, rule):
            route.responses.setdefault(429, TOO_MANY_REQUESTS)


def _depends_on(dependant: Dependant, rule: Callable[..., object]) -> bool:
    return any(dep.call is rule or _depends_on(dep, rule) for dep in dependant.dependencies)
