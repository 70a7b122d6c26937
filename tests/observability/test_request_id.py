"""The request id: a caller's usable `X-Request-ID` is kept, anything else replaced; every answer
sends it back (a 404, a 500 too); a problem names it in `instance`; every log line of the request
carries it, those written in the worker thread of a synchronous handler too."""

from __future__ import annotations

import logging
import threading

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from cybercare.api.access import public
from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.observability.request_id import MAX_LENGTH
from tests.observability.conftest import LogLines

HEADER = "X-Request-ID"


def _with_test_routes(app: FastAPI) -> FastAPI:
    def boom() -> None:
        raise RuntimeError("a bug")

    def talk() -> dict[str, str]:
        logging.getLogger("cybercare.test").info("in the handler")
        return {"thread": threading.current_thread().name}

    app.add_api_route("/test/boom", boom, dependencies=[Depends(public)])
    app.add_api_route("/test/talk", talk, dependencies=[Depends(public)])
    return app


@pytest.fixture(scope="module")
def app(sqlite_container: Container) -> FastAPI:
    return _with_test_routes(create_app(container=sqlite_container))


def test_a_usable_incoming_request_id_is_kept_and_sent_back(app: FastAPI) -> None:
    with TestClient(app) as client:
        answer = client.get("/health", headers={HEADER: "lb-7f3a.01_X"})
    assert answer.headers[HEADER] == "lb-7f3a.01_X"


@pytest.mark.parametrize(
    "incoming",
    [
        "x" * (MAX_LENGTH + 1),  # too long
        "two words",
        "a\x1bb",  # a control character: a forged log line
        "85073003328",  # a national number: the logs would hold it
        "Zx81kqPwe9rT2vBn4Lm7Qs5Ha3Ud6Fy0",  # looks like a secret: the logs would mask it
        "",
    ],
)
def test_an_unusable_incoming_request_id_is_replaced_never_echoed(
    app: FastAPI, incoming: str
) -> None:
    with TestClient(app) as client:
        answer = client.get("/health", headers={HEADER: incoming})
    assert answer.headers[HEADER] != incoming
    assert len(answer.headers[HEADER]) == 32  # a new one: 128 random bits in hex


def test_every_request_gets_its_own_id(app: FastAPI) -> None:
    with TestClient(app) as client:
        ids = {client.get("/health").headers[HEADER] for _ in range(3)}
    assert len(ids) == 3


def test_a_404_and_a_500_carry_the_request_id_too(app: FastAPI, log_lines: LogLines) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        missing = client.get("/no/such/page", headers={"Accept": "application/json"})
        failed = client.get("/test/boom")
    assert missing.status_code == 404 and missing.headers[HEADER]
    assert failed.status_code == 500 and failed.headers[HEADER]
    (line,) = [e for e in log_lines.of("cybercare.access") if e.get("route") == "/test/boom"]
    assert (line["status"], line["request_id"]) == (500, failed.headers[HEADER])


def test_a_problem_names_its_request_in_instance(app: FastAPI) -> None:
    with TestClient(app) as client:
        answer = client.get("/api/v1/affiliations/aff_1", headers={HEADER: "abc-123"})
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["instance"] == "urn:request:abc-123"


def test_a_validation_problem_names_its_request_too(app: FastAPI) -> None:
    with TestClient(app) as client:
        answer = client.get("/api/v1/products/ECOM/versions/1?lang=xx")
    assert answer.json()["instance"] == f"urn:request:{answer.headers[HEADER]}"


def test_the_lines_of_a_request_carry_its_id_those_of_the_handlers_thread_too(
    app: FastAPI, log_lines: LogLines
) -> None:
    with TestClient(app) as client:
        answer = client.get("/test/talk")
    request_id = answer.headers[HEADER]
    assert answer.json()["thread"] != threading.current_thread().name  # a worker thread
    (said,) = log_lines.of("cybercare.test")
    (access,) = [e for e in log_lines.of("cybercare.access") if e.get("route") == "/test/talk"]
    assert said["request_id"] == access["request_id"] == request_id


def test_a_line_written_outside_any_request_has_no_request_id(log_lines: LogLines) -> None:
    logging.getLogger("cybercare.test").info("between requests")
    (line,) = log_lines.of("cybercare.test")
    assert "request_id" not in line
