"""Web tests: the app on a container that never touches a database (the public pages read the
product catalogue only), served over https://testserver so that Secure cookies travel."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybercare.api.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings

# 27 November 2026: the 9.60 % tax rate is in force (Art. 9.1 tax table).
TODAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SECRET = "a-test-secret-that-is-long-enough-0123456789"


def web_container(environment: Environment = Environment.TEST) -> Container:
    settings = Settings(
        environment=environment,
        database_url="sqlite://",
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    return build_container(settings, clock=FixedClock(TODAY))


@pytest.fixture
def web_app() -> FastAPI:
    return create_app(container=web_container())


@pytest.fixture
def web(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, base_url="https://testserver") as client:
        yield client
