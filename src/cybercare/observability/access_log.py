"""Our access log, in place of uvicorn's: one line per HTTP request with its method, route
template, status, duration and (from the context) request id. Never a query string: it carries
password-reset tokens and searched names. The raw path only when no route matched, masked and
cut short: what a 404 was asked for helps, and nothing in it is an id of ours.
"""

from __future__ import annotations

import logging

from cybercare.observability.redaction import redact

logger = logging.getLogger("cybercare.access")

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
MAX_PATH = 120
# Probes and scrapes, every few seconds: at DEBUG, so that INFO holds the traffic.
QUIET_ROUTES = ("/health", "/metrics")


def method_name(method: str) -> str:
    """A known method, else OTHER: a label value and a log field of bounded variety."""
    return method if method in KNOWN_METHODS else "OTHER"


def log_request(method: str, route: str | None, path: str, status: int, seconds: float) -> None:
    level = logging.DEBUG if route is not None and route.startswith(QUIET_ROUTES) else logging.INFO
    if not logger.isEnabledFor(level):
        return
    fields: dict[str, object] = {
        "method": method_name(method),
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
    }
    if route is None:
        fields["path"] = redact(path[:MAX_PATH])
    else:
        fields["route"] = route
    # The record made here: `logger.log` would also walk the stack for the caller's file and
    # line (a tenth of the line's cost), which say nothing for this line.
    logger.handle(logger.makeRecord(logger.name, level, "", 0, "request", (), None, extra=fields))
