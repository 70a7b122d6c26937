"""Deny by default: every route, of the API or of the pages, declares the access rule that allows
it.

A rule is a FastAPI dependency marked with `@access_rule` (the API's rules are in
`cybercare.api.access`, the pages' in `cybercare.web.access` and `cybercare.web.auth`);
`assert_every_route_has_a_rule` runs when the app is built and refuses to start an app with an
unguarded route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

F = TypeVar("F", bound=Callable[..., Any])

_RULE_MARK = "__cybercare_access_rule__"


def access_rule(func: F) -> F:
    setattr(func, _RULE_MARK, True)
    return func


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
