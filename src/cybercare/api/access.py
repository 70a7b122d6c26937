"""Deny by default: every API route must declare the access rule that allows it.

A rule is a FastAPI dependency marked with `@access_rule`; `assert_every_route_has_a_rule` runs
when the app is built and refuses to start an app with an unguarded route.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

F = TypeVar("F", bound=Callable[..., Any])

_RULE_MARK = "__cybercare_access_rule__"


def access_rule(func: F) -> F:
    setattr(func, _RULE_MARK, True)
    return func


@access_rule
def public() -> None:
    """Anyone may read this: service health and the published product terms."""


def _has_rule(dependant: Dependant) -> bool:
    return any(
        getattr(dep.call, _RULE_MARK, False) or _has_rule(dep) for dep in dependant.dependencies
    )


def unguarded_routes(app: FastAPI) -> list[str]:
    return [
        f"{sorted(route.methods)} {route.path}"
        for route in app.routes
        if isinstance(route, APIRoute) and not _has_rule(route.dependant)
    ]


def assert_every_route_has_a_rule(app: FastAPI) -> None:
    missing = unguarded_routes(app)
    if missing:
        raise RuntimeError(f"routes without an access rule (denied by default): {missing}")
