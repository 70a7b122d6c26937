"""OpenTelemetry traces, off by default: switched on by `tracing_enabled`, a request gives a
server span with its SQL statements as child spans, the span names its request id, and neither
the query string nor personal data reach the span's attributes. Both databases."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.observability import tracing
from cybercare.observability.logs import formatter_for
from cybercare.product.catalog import default_catalog
from cybercare.settings import Environment, Settings
from tests.conftest import Backend


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    tracing.use_provider(tracing.provider_with(exporter, SimpleSpanProcessor(exporter)))
    yield exporter
    tracing.use_provider(None)


def _container(backend: Backend, clock: FixedClock, *, tracing_enabled: bool) -> Container:
    """An engine of its own: the SQL instrumentation listens to the engine it is given."""
    settings = Settings(
        environment=Environment.TEST, database_url=backend.url, tracing_enabled=tracing_enabled
    )
    engine = make_engine(backend.url)
    return Container(settings, engine, Database(engine), default_catalog(), clock)


def test_tracing_is_off_by_default(
    spans: InMemorySpanExporter, backend: Backend, clock: FixedClock
) -> None:
    assert Settings().tracing_enabled is False
    container = _container(backend, clock, tracing_enabled=False)
    try:
        with TestClient(create_app(container=container)) as client:
            assert client.get("/api/v1/products").status_code == 200
    finally:
        container.engine.dispose()
    assert spans.get_finished_spans() == ()


def test_a_request_is_a_span_with_its_sql_statements_as_children(
    spans: InMemorySpanExporter, backend: Backend, clock: FixedClock
) -> None:
    container = _container(backend, clock, tracing_enabled=True)
    try:
        with TestClient(create_app(container=container)) as client:
            answer = client.get("/health", params={"q": "marie.dubois@example.be"})
        assert answer.status_code == 200
    finally:
        container.engine.dispose()
    finished = spans.get_finished_spans()
    (server,) = [span for span in finished if span.kind is SpanKind.SERVER]
    assert server.name.startswith("GET ")
    assert server.attributes is not None
    assert server.attributes["cybercare.request_id"] == answer.headers["X-Request-ID"]
    sql = [span for span in finished if span.attributes and "db.statement" in span.attributes]
    assert sql, [span.name for span in finished]
    for span in sql:
        assert span.context.trace_id == server.context.trace_id
        assert span.parent is not None and span.parent.span_id == server.context.span_id
    everything = json.dumps([dict(span.attributes or {}) for span in finished])
    assert "marie.dubois" not in everything and "q=" not in everything


def test_a_line_written_during_a_traced_request_names_its_trace(
    spans: InMemorySpanExporter,
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    settings = Settings(environment=Environment.TEST, log_format="json", tracing_enabled=True)
    handler.setFormatter(formatter_for(settings))
    logger = logging.getLogger("cybercare.test.tracing")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        tracer = tracing.process_provider().get_tracer("test")
        with tracer.start_as_current_span("work") as span:
            logger.info("inside")
        logger.info("outside")
    finally:
        logger.removeHandler(handler)
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert inside["trace_id"] == format(span.get_span_context().trace_id, "032x")
    assert "trace_id" not in outside
