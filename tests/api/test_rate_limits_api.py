"""Per API key limits (issue 16): every answer to a distributor says where its key stands in the
IETF draft's fields (`RateLimit-Policy`, `RateLimit`); past the limit, `429` problem+json with
`Retry-After`. Counted in the database, on the injected clock; one key's use leaves another's
untouched. Each test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.kernel.clock import FixedClock
from tests.api.builders import Distributor

LIMIT, WINDOW_S = 3, 60


@pytest.fixture
def limited(api_container: Container) -> Iterator[TestClient]:
    """The API with a small limit: 3 requests per key per minute."""
    settings = api_container.settings.model_copy(
        update={"api_rate_limit": LIMIT, "api_rate_limit_window_s": WINDOW_S}
    )
    app = create_app(container=dataclasses.replace(api_container, settings=settings))
    with TestClient(app) as client:
        yield client


def events(client: TestClient, distributor: Distributor) -> Response:
    return client.get("/api/v1/events", headers=distributor.headers)


def remaining(answer: Response) -> tuple[int, int]:
    """(r, t) of the `RateLimit` field."""
    found = re.fullmatch(r'"per-key";r=(\d+);t=(\d+)', answer.headers["RateLimit"])
    assert found, answer.headers["RateLimit"]
    return int(found.group(1)), int(found.group(2))


def test_every_answer_says_the_policy_and_the_requests_left_which_decrease(
    limited: TestClient, proximus: Distributor
) -> None:
    answers = [events(limited, proximus) for _ in range(LIMIT)]
    assert [a.status_code for a in answers] == [200] * LIMIT
    assert {a.headers["RateLimit-Policy"] for a in answers} == {'"per-key";q=3;w=60'}
    assert [remaining(a) for a in answers] == [(2, 60), (1, 60), (0, 60)]


def test_past_the_limit_the_answer_is_429_problem_json_with_retry_after(
    limited: TestClient, proximus: Distributor, clock: FixedClock
) -> None:
    for _ in range(LIMIT):
        events(limited, proximus)
    clock.advance(timedelta(seconds=20))
    refused = events(limited, proximus)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["Retry-After"] == "40"
    assert remaining(refused) == (0, 40)
    problem = refused.json()
    assert problem["type"] == "https://iana.org/assignments/http-problem-types#quota-exceeded"
    assert problem["status"] == 429
    assert problem["violated-policies"] == ["per-key"]
    assert problem["code"] == "rate_limited"


def test_another_key_is_unaffected(
    limited: TestClient, proximus: Distributor, telenet: Distributor
) -> None:
    for _ in range(LIMIT + 2):
        events(limited, proximus)
    assert events(limited, proximus).status_code == 429
    other = events(limited, telenet)
    assert other.status_code == 200
    assert remaining(other) == (2, 60)


def test_the_window_resets_when_it_ends_by_the_injected_clock(
    limited: TestClient, proximus: Distributor, clock: FixedClock
) -> None:
    for _ in range(LIMIT + 1):
        events(limited, proximus)
    clock.advance(timedelta(seconds=59))
    assert events(limited, proximus).status_code == 429
    clock.advance(timedelta(seconds=1))
    again = events(limited, proximus)
    assert again.status_code == 200
    assert remaining(again) == (2, 60)


def test_refused_and_failed_requests_carry_the_fields_too(
    limited: TestClient, proximus: Distributor
) -> None:
    missing = limited.get("/api/v1/affiliations/aff_NOPE", headers=proximus.headers)
    assert missing.status_code == 404
    assert remaining(missing) == (2, 60)


def test_requests_without_a_valid_key_count_on_no_key(limited: TestClient) -> None:
    """No key, no partition to count on: a 401 says nothing of anybody's quota."""
    answer = limited.get("/api/v1/events", headers={"Authorization": "Bearer cck_key_X_nope"})
    assert answer.status_code == 401
    assert "RateLimit" not in answer.headers


def test_a_limit_of_zero_switches_the_limit_off(
    api_container: Container, proximus: Distributor
) -> None:
    settings = api_container.settings.model_copy(update={"api_rate_limit": 0})
    app = create_app(container=dataclasses.replace(api_container, settings=settings))
    with TestClient(app) as client:
        answers = [events(client, proximus) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert "RateLimit" not in answers[-1].headers


def test_the_default_limit_is_600_requests_per_minute_per_key(
    api: TestClient, proximus: Distributor
) -> None:
    answer = events(api, proximus)
    assert answer.headers["RateLimit-Policy"] == '"per-key";q=600;w=60'
    assert remaining(answer) == (599, 60)


def test_the_openapi_description_lists_the_429_on_every_route_a_key_opens(
    api: TestClient,
) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    refused = paths["/api/v1/events"]["get"]["responses"]["429"]
    assert set(refused["headers"]) == {"Retry-After", "RateLimit-Policy", "RateLimit"}
    assert "application/problem+json" in refused["content"]
    assert "429" not in paths["/api/v1/products"]["get"]["responses"]  # public: no key
