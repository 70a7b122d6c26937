"""A process's log lines: one shape for ours and for the libraries' (uvicorn, SQLAlchemy, httpx).

Every standard-library record goes through structlog's `ProcessorFormatter` on one handler of the
root logger: a timestamp (UTC), the level, the logger's name, the message as `event`, the request
id when the line is written during a request, then the redaction (`redaction.redact_event`) and
the rendering: a JSON object per line in production (`log_format`), a readable line otherwise.
Code may log with `logging.getLogger(__name__)` or with `structlog.get_logger()`: the same lines.

Loggers that would write personal data are held at WARNING: `sqlalchemy.engine` (statements with
their bound parameters; only `sql_echo`, refused in production, opens it), `uvicorn.access` (raw
paths with query strings; `cybercare serve` replaces it by `access_log`) and `httpx` (webhook
addresses).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog
from structlog.types import Processor

from cybercare.observability.redaction import redact_event
from cybercare.observability.request_id import current_request_id
from cybercare.settings import Settings

HANDLER_NAME = "cybercare"
QUIET_LOGGERS = {
    "sqlalchemy.engine": logging.WARNING,
    "sqlalchemy.pool": logging.WARNING,
    "uvicorn.access": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "multipart": logging.WARNING,
    "python_multipart": logging.WARNING,
}
# Fields the access log (`access_log.py`) passes as `extra`: lifted into the event.
ACCESS_FIELDS = ("method", "route", "path", "status", "duration_ms")


def add_request_id(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> Any:
    request_id = current_request_id()
    if request_id is not None:
        event.setdefault("request_id", request_id)
    return event


def add_trace_ids(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> Any:
    """The OpenTelemetry trace and span of the line, when tracing is on (`tracing.py`)."""
    from opentelemetry import trace

    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event


def _shared(settings: Settings) -> list[Processor]:
    processors: list[Processor] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_request_id,
    ]
    if settings.tracing_enabled:
        processors.append(add_trace_ids)
    return processors


def formatter_for(settings: Settings, *, colors: bool = False) -> logging.Formatter:
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if settings.logs_as_json
        else structlog.dev.ConsoleRenderer(
            colors=colors, exception_formatter=structlog.dev.plain_traceback
        )
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            *_shared(settings),
            structlog.stdlib.ExtraAdder(allow=ACCESS_FIELDS),
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # The traceback as text first, so that the redaction sees the exception's message.
            structlog.processors.format_exc_info,
            redact_event,
            renderer,
        ],
    )


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Route this process's logging to one handler on `stream` (stderr: standard output stays
    the commands' own, e.g. `--json` answers). Calling it again replaces the handler."""
    out = stream or sys.stderr
    handler = logging.StreamHandler(out)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(formatter_for(settings, colors=out.isatty()))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name, level in QUIET_LOGGERS.items():
        if name == "sqlalchemy.engine" and settings.sql_echo:
            continue  # development only (Settings refuses it in production)
        logging.getLogger(name).setLevel(level)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared(settings),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return handler
