"""The route template a request matched (`/api/v1/affiliations/{affiliation_id}`): the name of a
request in the access log, in the metrics' `route` label and in traces; never the raw path,
which carries ids (one time series per affiliation) and may carry secrets.

Read from the ASGI scope after the application handled the request: the router leaves the route
it matched in `scope["route"]` and the values of its parameters in `scope["path_params"]`. A
route of an included router knows its template without the router's prefix; the prefix is what
the raw path holds before the part the route matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

UNMATCHED = "unmatched"  # no route: a 404 (or a redirect to add a slash)


def route_template(scope: Mapping[str, Any], root_path: str = "") -> str | None:
    """The template of the matched route, or None when no route matched. `root_path`: the
    scope's root path before routing (a mount changes it: `/static/{path}`)."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    path = str(scope.get("path", ""))
    if isinstance(template, str):
        return _with_prefix(template, path, scope.get("path_params") or {})
    mounted = str(scope.get("root_path", root_path))
    if scope.get("endpoint") is not None and mounted != root_path:
        return mounted[len(root_path) :] + "/{path}"  # a mounted app (the static files)
    return None


def _with_prefix(template: str, path: str, params: Mapping[str, Any]) -> str:
    try:
        matched = template.format(**{name: str(value) for name, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return template
    if matched != path and path.endswith(matched):
        return path[: len(path) - len(matched)] + template
    return template
