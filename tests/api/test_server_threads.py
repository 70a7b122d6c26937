"""A server process works on at most `request_threads` requests at once (the thread pool that runs
the route handlers), by default as many as its database makes worth it."""

from __future__ import annotations

import anyio.to_thread
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.settings import Environment, Settings


def test_the_handler_thread_pool_has_the_configured_size() -> None:
    settings = Settings(environment=Environment.TEST, database_url="sqlite://", request_threads=3)
    app = create_app(container=build_container(settings))
    with TestClient(app) as client:
        assert client.portal is not None
        tokens = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert tokens == 3


def test_by_default_sqlite_gets_eight_threads_and_postgresql_two() -> None:
    """SQLite works inside the process and its writers queue: more threads overlap the rest of
    their work. A thread waiting for PostgreSQL hands the interpreter to another: two suffice,
    more only compete for it (docs/performance.md)."""
    settings = Settings(environment=Environment.TEST, database_url="sqlite://")
    assert settings.handler_threads("sqlite") == 8
    assert settings.handler_threads("postgresql") == 2
    assert Settings(environment=Environment.TEST, request_threads=5).handler_threads("sqlite") == 5
