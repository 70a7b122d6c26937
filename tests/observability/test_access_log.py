"""Our access log: one line per request naming the route template, its status and duration;
never a query string (reset tokens, searched names) nor a path's ids; the raw path only when no
route matched, masked; probes and scrapes below INFO."""

from __future__ import annotations

import dataclasses
import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container
from tests.observability.conftest import LogLines

SECRET = "Zx81kqPwe9rT2vBn4Lm7Qs5Ha3Ud6Fy0aQ"


@pytest.fixture(scope="module")
def app(sqlite_container: Container) -> FastAPI:
    return create_app(container=sqlite_container)


def _access(log_lines: LogLines) -> list[dict[str, object]]:
    return log_lines.of("cybercare.access")


def test_a_request_is_logged_by_its_route_template_not_its_ids(
    app: FastAPI, log_lines: LogLines
) -> None:
    with TestClient(app) as client:
        client.get("/api/v1/affiliations/aff_7H3K9Q2M4X1P")
    (line,) = _access(log_lines)
    assert line["route"] == "/api/v1/affiliations/{affiliation_id}"
    assert (line["method"], line["status"], line["level"]) == ("GET", 401, "info")
    assert isinstance(line["duration_ms"], float) and line["request_id"]
    assert "aff_7H3K9Q2M4X1P" not in log_lines.stream.getvalue()
    assert "path" not in line


def test_a_query_string_is_never_logged(app: FastAPI, log_lines: LogLines) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        client.get(f"/password/reset?token={SECRET}")
        client.get("/staff/search", params={"q": "Vandermoortele"}, follow_redirects=False)
    assert [line["route"] for line in _access(log_lines)] == ["/password/reset", "/staff/search"]
    assert SECRET not in log_lines.stream.getvalue()
    assert "Vandermoortele" not in log_lines.stream.getvalue()


def test_a_path_no_route_matched_is_logged_masked_and_cut(
    app: FastAPI, log_lines: LogLines
) -> None:
    with TestClient(app) as client:
        client.get("/members/marie.dubois@example.be/" + "x" * 300 + "?q=Vandermoortele")
    (line,) = _access(log_lines)
    assert line["status"] == 404 and "route" not in line
    assert str(line["path"]).startswith("/members/[email]/xxx")
    assert len(str(line["path"])) <= 120
    assert "marie.dubois" not in log_lines.stream.getvalue()
    assert "Vandermoortele" not in log_lines.stream.getvalue()


def test_static_files_are_one_route(app: FastAPI, log_lines: LogLines) -> None:
    with TestClient(app) as client:
        client.get("/static/no-such-file.css")
    (line,) = _access(log_lines)
    assert line["route"] == "/static/{path}"


def test_probes_and_scrapes_are_logged_at_debug(app: FastAPI, log_lines: LogLines) -> None:
    with TestClient(app) as client:
        client.get("/health")
        client.get("/metrics")
    assert [(line["route"], line["level"]) for line in _access(log_lines)] == [
        ("/health", "debug"),
        ("/metrics", "debug"),
    ]


def test_every_line_is_one_json_object_with_the_same_keys(
    app: FastAPI, log_lines: LogLines
) -> None:
    with TestClient(app) as client:
        client.get("/api/v1/products")
    for line in log_lines.lines():
        event = json.loads(line)
        assert {"timestamp", "level", "logger", "event"} <= event.keys(), line
        assert event["timestamp"].endswith("Z")


def test_the_access_log_can_be_switched_off(
    sqlite_container: Container, log_lines: LogLines
) -> None:
    """For a deployment whose proxy writes the access log."""
    settings = sqlite_container.settings.model_copy(update={"access_log": False})
    quiet = create_app(container=dataclasses.replace(sqlite_container, settings=settings))
    with TestClient(quiet) as client:
        assert client.get("/api/v1/products").headers["X-Request-ID"]
    assert _access(log_lines) == []
