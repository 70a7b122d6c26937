"""The HTTP metrics: requests by method, route template and status, and their duration by route
template. The route label is the template (`/api/v1/claims/{claim_id}`), `unmatched` when no
route matched: a bounded set of series whatever the ids and the paths that are asked for.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from cybercare.observability.access_log import method_name
from cybercare.observability.route_template import UNMATCHED

REQUESTS = Counter(
    "http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def observe_request(method: str, route: str | None, status: int, seconds: float) -> None:
    label = route or UNMATCHED
    method = method_name(method)
    REQUESTS.labels(method, label, str(status)).inc()
    DURATION.labels(method, label).observe(seconds)
