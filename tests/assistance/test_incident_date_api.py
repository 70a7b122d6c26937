"""The API judges a declaration on the incident date (Art. 2.1, 3.4, 9.7): a member who left the
household declares an incident from when they were insured and follows it; one after leaving is
refused as problem+json naming the field and Art. 2.1 (never the housemate rule 2.3); an agent
opens the same for them on the phone."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World
from tests.assistance.incident_date_helpers import leaves
from tests.assistance.test_cases_api import Api


@pytest.fixture
def api(client: TestClient, db: Database, clock: FixedClock, world: World) -> Api:
    leaves(db, clock, world, "adult_child", date(2026, 11, 1))
    return Api(client, db, clock, world)


def test_art_2_1_member_who_left_after_the_incident_declares_it_through_the_api(api: Api) -> None:
    case = api.open(
        "adult_child", "adult_child", occurrence_date="2026-10-20", discovery_date="2026-10-22"
    )
    assert case["person_id"] == api.world.person("adult_child")
    assert api.get("adult_child", f"/cases/{case['id']}").status_code == 200
    assert [c["id"] for c in api.get("adult_child", "/cases").json()] == [case["id"]]
    assert api.get("affiliate", f"/cases/{case['id']}").status_code == 404  # Art. 11.3


def test_art_2_1_an_incident_after_leaving_is_refused_with_its_article(api: Api) -> None:
    body = {
        "person_id": api.world.person("adult_child"),
        "guarantee_code": "EREP",
        "narrative": "Fake profile with my photos",
        "occurrence_date": "2026-11-10",
        "discovery_date": "2026-11-10",
    }
    refused = api.post("adult_child", "/cases", body)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert "person_id" in refused.text
    assert "Art. 2.1" in refused.text and "Art. 2.3" not in refused.text, problem


def test_art_8_1_an_agent_declares_by_phone_for_a_member_who_left(api: Api) -> None:
    case = api.open(
        "legal", "adult_child", occurrence_date="2026-10-20", discovery_date="2026-10-22"
    )
    assert case["channel"] == "phone"
