"""A server process works on at most `request_threads` requests at once (the thread pool that runs
the route handlers): more threads than cores only queue on the database's hot rows."""

from __future__ import annotations

import anyio.to_thread
from fastapi.testclient import TestClient

from cybercare.api.app import create_app
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
