"""OpenTelemetry traces, when `tracing_enabled` (off by default): a span per HTTP request
(`opentelemetry-instrumentation-fastapi`) with a child span per SQL statement
(`opentelemetry-instrumentation-sqlalchemy`), and the trace id in the request's log lines.

Spans go to an OTLP collector when a deployment installs `opentelemetry-exporter-otlp` (it reads
the standard `OTEL_EXPORTER_OTLP_*` variables; `OTEL_SERVICE_NAME` names the service), else to
stderr, one JSON object per line. Nothing here touches OpenTelemetry's global providers: the
provider is handed to the instrumentations, so FastAPI's own built-in telemetry stays off.

Spans are held to the same rule as log lines: the query string is cut from the URL attributes
(`http.url`, `http.target`, `url.full`, `url.query`) and every text attribute is masked
(`redaction.redact`) as the span starts (the request's span again once the instrumentation set
them). SQL spans carry the statement, never its parameters.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from fastapi import FastAPI
from opentelemetry.context import Context
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.metrics import NoOpMeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Span as ApiSpan

from cybercare.db.connect import Engine
from cybercare.observability.redaction import redact
from cybercare.observability.request_id import current_request_id

SERVICE_NAME = "cybercare"
_URL_ATTRIBUTES = frozenset({"http.url", "http.target", "url.full", "url.query"})

_provider: TracerProvider | None = None


def clean_attributes(span: ApiSpan) -> None:
    """No query string in a URL attribute, nothing a log line may not hold in any text."""
    attributes = getattr(span, "attributes", None) or {}
    for key, value in dict(attributes).items():
        if not isinstance(value, str):
            continue
        if key == "url.query":
            span.set_attribute(key, "")
            continue
        kept = value.split("?", 1)[0] if key in _URL_ATTRIBUTES else value
        cleaned = redact(kept)
        if cleaned != value:
            span.set_attribute(key, cleaned)


class RedactingSpanProcessor(SpanProcessor):
    """Cleans a span's attributes as it starts (registered before the exporting processor).
    The server span's are set again after its start: `_request_hook` cleans them once more."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        clean_attributes(span)

    def on_end(self, span: ReadableSpan) -> None:
        return None


def _one_line(span: ReadableSpan) -> str:
    return str(span.to_json(indent=None)) + os.linesep


def default_exporter() -> SpanExporter:
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # type: ignore[import-not-found]
            OTLPSpanExporter,
        )
    except ImportError:
        return ConsoleSpanExporter(out=sys.stderr, formatter=_one_line)
    exporter: SpanExporter = OTLPSpanExporter()
    return exporter


def provider_with(exporter: SpanExporter, processor: SpanProcessor | None = None) -> TracerProvider:
    name = os.environ.get("OTEL_SERVICE_NAME") or SERVICE_NAME  # the standard variable first
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(RedactingSpanProcessor())
    provider.add_span_processor(processor or BatchSpanProcessor(exporter))
    return provider


def process_provider() -> TracerProvider:
    """This process's provider, made at the first use (flushed at exit by the SDK)."""
    global _provider  # noqa: PLW0603 (one provider per process)
    if _provider is None:
        _provider = provider_with(default_exporter())
    return _provider


def use_provider(provider: TracerProvider | None) -> None:
    """Replace this process's provider (tests: an in-memory exporter); None: the default."""
    global _provider  # noqa: PLW0603
    _provider = provider


def _request_hook(span: ApiSpan, _scope: dict[str, Any]) -> None:
    if not span.is_recording():
        return
    clean_attributes(span)
    request_id = current_request_id()
    if request_id is not None:
        span.set_attribute("cybercare.request_id", request_id)


def instrument(app: FastAPI, engine: Engine) -> None:
    provider = process_provider()
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        meter_provider=NoOpMeterProvider(),
        server_request_hook=_request_hook,
        exclude_spans=["receive", "send"],
    )
    tracer = provider.get_tracer("opentelemetry.instrumentation.sqlalchemy")
    usage = NoOpMeterProvider().get_meter("cybercare").create_up_down_counter("db.connections")
    EngineTracer(tracer, engine, usage)  # type: ignore[no-untyped-call]
