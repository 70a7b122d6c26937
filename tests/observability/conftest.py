"""Capturing a process's log lines as production writes them: `configure_logging` with JSON
lines on a stream of the test's own, the global logging state restored afterwards."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import structlog

from cybercare.bootstrap import Container, build_container
from cybercare.kernel.clock import FixedClock
from cybercare.observability.logs import HANDLER_NAME, QUIET_LOGGERS, configure_logging
from cybercare.settings import Environment, Settings
from tests.conftest import Backend

TODAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
METRICS_TOKEN = "a-metrics-token-for-the-tests-0123456789"


@dataclass
class LogLines:
    stream: io.StringIO = field(default_factory=io.StringIO)

    def lines(self) -> list[str]:
        return [line for line in self.stream.getvalue().splitlines() if line.strip()]

    def events(self) -> list[dict[str, Any]]:
        """Every line parsed: each must be one JSON object."""
        return [json.loads(line) for line in self.lines()]

    def of(self, logger: str) -> list[dict[str, Any]]:
        return [event for event in self.events() if event.get("logger") == logger]


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    """This process's logging as `cybercare serve` sets it up in production (JSON lines), at
    DEBUG, into a buffer."""
    root = logging.getLogger()
    saved = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    saved_root = root.level
    capture = LogLines()
    settings = Settings(environment=Environment.TEST, log_format="json", log_level="DEBUG")
    handler = configure_logging(settings, stream=capture.stream)
    try:
        yield capture
    finally:
        root.removeHandler(handler)
        assert handler.get_name() == HANDLER_NAME
        root.setLevel(saved_root)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
        structlog.reset_defaults()


@pytest.fixture(scope="module")
def sqlite_container(sqlite_backend: Backend) -> Iterator[Container]:
    """A private copy of the migrated SQLite database, for the tests of the HTTP edge that do
    not depend on the database (one app per module: they stay fast)."""
    settings = Settings(
        environment=Environment.TEST,
        database_url=sqlite_backend.make_copy(),  # type: ignore[operator]
        metrics_token=METRICS_TOKEN,  # type: ignore[arg-type]
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    yield container
    container.engine.dispose()
