"""GET /events: every lifecycle change of the distributor's affiliations in commit order, with
gapless cursors, replayable from any point and paged by `limit`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.kernel.clock import FixedClock
from tests.api import builders
from tests.api.builders import Distributor

AFFILIATIONS = "/api/v1/affiliations"


def _page(api: TestClient, by: Distributor, **params: Any) -> Any:
    return api.get("/api/v1/events", params=params, headers=by.headers)


@pytest.fixture
def history(api: TestClient, clock: FixedClock, proximus: Distributor) -> list[dict[str, Any]]:
    """Two subscriptions, a member joining and a withdrawal: seven events in all."""
    first = builders.subscribe(api, by=proximus, customer_ref="A")
    second = builders.subscribe(
        api, by=proximus, customer_ref="B", members=[builders.member(), builders.child()]
    )
    builders.post(
        api,
        f"{AFFILIATIONS}/{first['id']}/members",
        builders.child() | {"joined_on": "2026-12-01"},
        by=proximus,
    )
    clock.advance(timedelta(days=2))
    builders.post(api, f"{AFFILIATIONS}/{second['id']}/withdrawal", {}, by=proximus)
    return builders.events(api, by=proximus)


def test_events_come_in_commit_order_with_gapless_cursors(
    history: list[dict[str, Any]],
) -> None:
    assert [e["cursor"] for e in history] == [str(n) for n in range(1, 8)]
    assert [e["type"] for e in history] == [
        "affiliation.subscribed",
        "household.member_joined",
        "affiliation.subscribed",
        "household.member_joined",
        "household.member_joined",
        "household.member_joined",
        "affiliation.withdrawn",
    ]
    assert len({e["id"] for e in history}) == len(history)
    assert history[-1]["occurred_at"] == "2026-11-29T09:00:00+00:00"


def test_after_a_cursor_the_feed_replays_exactly_what_follows(
    api: TestClient, proximus: Distributor, history: list[dict[str, Any]]
) -> None:
    for position in range(len(history) + 1):
        after = history[position - 1]["cursor"] if position else None
        assert builders.events(api, by=proximus, after=after) == history[position:]


def test_limit_pages_through_the_feed_and_next_cursor_continues_it(
    api: TestClient, proximus: Distributor, history: list[dict[str, Any]]
) -> None:
    pages, cursor = [], "0"
    for _ in range(10):
        page = _page(api, proximus, after=cursor, limit=3).json()
        if not page["events"]:
            assert page["next_cursor"] == cursor  # unchanged at the end
            break
        assert len(page["events"]) <= 3
        pages.append(page["events"])
        cursor = page["next_cursor"]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [e for p in pages for e in p] == history


def test_the_feed_is_the_same_when_read_again(
    api: TestClient, proximus: Distributor, history: list[dict[str, Any]]
) -> None:
    assert builders.events(api, by=proximus) == history


def test_a_cursor_beyond_the_end_gives_an_empty_page(
    api: TestClient, proximus: Distributor, history: list[dict[str, Any]]
) -> None:
    page = _page(api, proximus, after="1000").json()
    assert page == {"events": [], "next_cursor": "1000", "has_more": False}


@pytest.mark.parametrize("after", ["abc", "-1", "1.5", "9" * 40])
def test_a_bad_cursor_is_a_422_naming_the_parameter(
    api: TestClient, proximus: Distributor, after: str
) -> None:
    response = _page(api, proximus, after=after)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert (error["parameter"], error["in"]) == ("after", "query")


@pytest.mark.parametrize("limit", ["0", "501", "many"])
def test_a_bad_limit_is_a_422_naming_the_parameter(
    api: TestClient, proximus: Distributor, limit: str
) -> None:
    response = _page(api, proximus, limit=limit)
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "limit"


def test_event_data_names_the_affiliation_customer_and_article(
    history: list[dict[str, Any]],
) -> None:
    subscribed = history[0]
    assert subscribed["data"]["customer_ref"] == "A"
    assert subscribed["data"]["affiliation_id"] == subscribed["affiliation_id"]
    assert subscribed["data"]["product"] == {"code": "cyber-care-be", "version": "2021-12"}
    assert history[-1]["data"]["article"] == "Art. 9.3"
