"""`metrics_port`: the metrics on a port of their own, served by `cybercare serve`'s process
beside the application's (no token: keep the port on a network only Prometheus reaches).

With several server processes this process is the supervisor of the workers: it reads their
files (`exposition.py`) and queries the database with an engine of its own (one connection, once
per scrape). With one, it is the server itself, and its default registry holds the metrics.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import start_http_server

from cybercare.bootstrap import build_container
from cybercare.observability.exposition import scrape_registry
from cybercare.observability.install import metrics_collector
from cybercare.settings import Settings


@contextmanager
def metrics_port(settings: Settings) -> Iterator[int | None]:
    """Serve the metrics on `settings.metrics_port` until the block ends (None: not set)."""
    if settings.metrics_port is None or not settings.metrics_enabled:
        yield None
        return
    container = build_container(settings)
    registry = scrape_registry(metrics_collector(container))
    server, thread = start_http_server(settings.metrics_port, settings.host, registry)
    try:
        yield settings.metrics_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        container.engine.dispose()
