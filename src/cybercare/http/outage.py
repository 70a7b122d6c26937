"""A database outage seen from HTTP: `503 Service Unavailable` with `Retry-After`, as problem+json
on the API (api/outage.py) and as the error page on the pages (web/errors.py). Which errors are
an outage is decided by `cybercare.db.outage`."""

from __future__ import annotations

# Seconds a client should wait before trying again: a restart or a failover of PostgreSQL
# takes a few seconds; the pool reconnects at the first request after it.
RETRY_AFTER_S = 5


def retry_after() -> dict[str, str]:
    return {"Retry-After": str(RETRY_AFTER_S)}
