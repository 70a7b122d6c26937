"""`install(app, container)`: the request id, the access log, the metrics and the traces on the
web application (`cybercare.app.create_app` calls it), as the settings say."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from cybercare.bootstrap import Container
from cybercare.observability.database_collector import DatabaseCollector
from cybercare.observability.exposition import scrape_registry
from cybercare.observability.metrics_route import metrics_router
from cybercare.observability.middleware import install_outermost
from cybercare.observability.pool_metrics import watch_pool


def job_names(container: Container) -> Sequence[str]:
    """The periodic jobs the worker runs with these settings (their last success is a metric,
    0 for one that never succeeded: a job that never ran must show). Read when the app is built,
    not at the first scrape: the import would stall the requests served meanwhile."""
    from cybercare.jobs import build_job_registry  # the worker's wiring: only the metrics need it

    settings = container.settings
    registry = build_job_registry(
        container.catalog, settings.public_url, bank_url=settings.bank_url
    )
    return [job.name for job in registry.jobs()]


def metrics_collector(container: Container) -> DatabaseCollector:
    return DatabaseCollector(container.database, container.clock, job_names(container))


def install(app: FastAPI, container: Container) -> None:
    settings = container.settings
    if settings.tracing_enabled:
        from cybercare.observability import tracing  # OpenTelemetry's SDK only when asked for

        tracing.instrument(app, container.engine)  # before the wrapper below: it wraps it
    if settings.metrics_enabled:
        watch_pool(container.engine)
        app.state.metrics_registry = scrape_registry(metrics_collector(container))
        app.include_router(metrics_router(app.state.metrics_registry))
    install_outermost(app, access_log=settings.access_log, metrics=settings.metrics_enabled)
