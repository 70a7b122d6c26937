"""A PostgreSQL outage, on a private cluster the test stops and starts (never the shared server):
while the database is down the API answers 503 problem+json with Retry-After, the pages a 503
page with Retry-After, readiness 503 and liveness 200; when it is back, the same calls succeed
again, without restarting the application. A server that hangs makes readiness give up after
its deadline."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from pydantic import SecretStr

from cybercare.api.routes.health import READY_TIMEOUT_S
from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.http.outage import RETRY_AFTER_S
from cybercare.kernel.clock import FixedClock
from cybercare.outbox import heartbeat_repository
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import LANGUAGE_COOKIE
from tests.api import builders as api
from tests.operations.private_postgres import PrivateCluster
from tests.operations.processes import children_of
from tests.web.accounts import member_login, sign_in_as
from tests.web.conftest import SECRET, TODAY


@dataclass
class Served:
    cluster: PrivateCluster
    client: TestClient
    api_headers: dict[str, str]

    def api_call(self) -> Response:
        answer: Response = self.client.get("/api/v1/events", headers=self.api_headers)
        return answer

    def page(self) -> Response:
        answer: Response = self.client.get("/portal", follow_redirects=False)
        return answer


@pytest.fixture(scope="module")
def served(private_postgres: PrivateCluster) -> Iterator[Served]:
    """The application on the private cluster: a distributor's API key, a signed-in member and a
    fresh worker heartbeat, so that every call below succeeds while the database is up."""
    migrate.upgrade(private_postgres.url)
    clock = FixedClock(TODAY)
    settings = Settings(
        environment=Environment.TEST,
        database_url=private_postgres.url,
        secret_key=SecretStr(SECRET),
    )
    container = build_container(settings, clock=clock)
    login = member_login(container)  # the Peeters household, sold by "proxi"
    distributor = api.api_key(container.database, clock, distributor="proxi")
    heartbeat_repository.beat(
        container.database, "worker:1", started_at=clock.now(), now=clock.now(), prune_before=TODAY
    )
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        client.cookies.set(LANGUAGE_COOKIE, "en", domain="testserver.local")
        sign_in_as(client, login, clock)
        yield Served(private_postgres, client, distributor.headers)
    container.engine.dispose()


def _assert_serving(served: Served) -> None:
    assert served.api_call().status_code == 200
    assert served.page().status_code == 200
    ready = served.client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "worker": "ok"}
    assert served.client.get("/health").status_code == 200


def test_a_database_outage_answers_503_with_retry_after_and_service_resumes_by_itself(
    served: Served,
) -> None:
    _assert_serving(served)

    served.cluster.stop("immediate")  # as a crash: the pooled connections die with it
    try:
        # The first call meets a pooled connection the server cut, the next ones a refusal.
        for _ in range(2):
            answer = served.api_call()
            assert answer.status_code == 503, answer.text
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.headers["retry-after"] == str(RETRY_AFTER_S)
            assert answer.json()["code"] == "database_unavailable"

        page = served.page()
        assert page.status_code == 503
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["retry-after"] == str(RETRY_AFTER_S)
        assert "Please try again in a few minutes." in page.text
        assert "24/7 assistance line" in page.text  # whom to call meanwhile

        ready = served.client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.headers["content-type"] == "application/problem+json"
        assert ready.json()["not_ready"] == ["database", "migrations", "worker"]
        assert ready.json()["checks"]["database"] == "unreachable"

        assert served.client.get("/health/live").status_code == 200
        assert served.client.get("/health").status_code == 503
    finally:
        served.cluster.start()

    _assert_serving(served)  # the same application: its pool reconnected by itself


def test_ready_gives_up_on_a_database_that_does_not_answer_within_its_deadline(
    served: Served,
) -> None:
    _assert_serving(served)
    postmaster = int((served.cluster.data_dir / "postmaster.pid").read_text().split()[0])
    frozen = [postmaster, *children_of(postmaster)]
    for pid in frozen:  # the server hangs: connections open, nothing answers
        os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        ready = served.client.get("/health/ready")
        waited = time.monotonic() - started
        live = served.client.get("/health/live")
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)

    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "timeout"
    assert READY_TIMEOUT_S <= waited < READY_TIMEOUT_S + 2
    assert live.status_code == 200
    _assert_serving(served)
