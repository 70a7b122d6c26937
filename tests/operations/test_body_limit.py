"""A body over the limit (`cybercare.app.MAX_REQUEST_BYTES`: the largest claim with its evidence
files, plus a margin) answers 413 in the form its client reads: problem+json for the API, the
error page in the visitor's language for a page. It is refused before it is read when its
length is declared, and as soon as it passes the limit when it comes in chunks. Tests that send
chunks lower the limit (a module constant) so as not to send 100 MB."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybercare import app as composition
from cybercare.app import MAX_REQUEST_BYTES, create_app
from cybercare.bootstrap import Container
from tests.api import builders
from tests.api.builders import Distributor

SMALL_LIMIT = 4096


def _chunks(total: int, size: int = 1000) -> Iterator[bytes]:
    """A JSON document of `total` bytes, sent in chunks (no Content-Length)."""
    body = b'{"language": "fr", "product_code": "' + b"x" * (total - 40) + b'"}'
    body = body.ljust(total)
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.fixture
def small_limit_app(monkeypatch: pytest.MonkeyPatch, api_container: Container) -> FastAPI:
    monkeypatch.setattr(composition, "MAX_REQUEST_BYTES", SMALL_LIMIT)
    return create_app(container=api_container)


def _is_413_problem(response: object) -> None:
    assert response.status_code == 413, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    problem = response.json()  # type: ignore[attr-defined]
    assert problem["status"] == 413 and problem["title"] == "Content too large"
    assert str(MAX_REQUEST_BYTES) in problem["detail"] or str(SMALL_LIMIT) in problem["detail"]


def test_an_api_body_declared_over_the_limit_answers_413_problem_unread(
    api: TestClient, proximus: Distributor
) -> None:
    headers = {
        **proximus.headers,
        "Content-Type": "application/json",
        "Idempotency-Key": "too-large-1",
        "Content-Length": str(MAX_REQUEST_BYTES + 1),
    }
    response = api.post("/api/v1/quotes", content=b'{"language": "fr"}', headers=headers)
    _is_413_problem(response)
    assert "no-store" in response.headers["cache-control"]


def test_an_api_body_sent_in_chunks_past_the_limit_answers_413_problem(
    small_limit_app: FastAPI, proximus: Distributor
) -> None:
    headers = {**proximus.headers, "Content-Type": "application/json", "Idempotency-Key": "k2"}
    with TestClient(small_limit_app) as client:
        response = client.post("/api/v1/quotes", content=_chunks(SMALL_LIMIT + 1), headers=headers)
    _is_413_problem(response)


def test_a_body_within_the_limit_is_served(small_limit_app: FastAPI, proximus: Distributor) -> None:
    with TestClient(small_limit_app) as client:
        response = builders.post(client, "/api/v1/quotes", {"language": "fr"}, by=proximus)
        streamed = client.post(
            "/api/v1/quotes",
            content=_chunks(SMALL_LIMIT),
            headers={
                **proximus.headers,
                "Content-Type": "application/json",
                "Idempotency-Key": "k3",
            },
        )
    assert response.status_code == 200, response.text
    assert streamed.status_code == 404, streamed.text  # read whole: an unknown product code


@pytest.mark.parametrize("declared", [True, False], ids=["declared length", "chunks"])
def test_a_page_body_over_the_limit_shows_the_error_page_in_the_visitors_language(
    monkeypatch: pytest.MonkeyPatch, container: Container, declared: bool
) -> None:
    monkeypatch.setattr(composition, "MAX_REQUEST_BYTES", SMALL_LIMIT)
    app = create_app(container=container)
    with TestClient(app, base_url="https://testserver") as browser:
        browser.get("/login")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "text/html",
            "Accept-Language": "fr-BE",
        }
        body = b"email=" + b"a" * SMALL_LIMIT
        if declared:
            response = browser.post("/login", content=body, headers=headers)
        else:
            response = browser.post(
                "/login", content=iter([body[:2000], body[2000:]]), headers=headers
            )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "Trop volumineux pour être accepté" in response.text
