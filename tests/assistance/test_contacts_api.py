"""Reaching the member over the API (staff only, Art. 8.4, 11.1): taking only assigns, a logged
reached call is the first contact, an unanswered one plans the next try; the contact details
are read by the staff working the case, logged; members and distributor keys are refused;
a contact that does not add up is a problem+json naming its field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from cybercare.assistance.contacts import CONTACT_DETAILS
from cybercare.audit import trail
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import issue_api_key
from tests.assistance.builders import World
from tests.assistance.helpers import give_contact_details, run
from tests.assistance.test_cases_api import Api


@pytest.fixture
def api(client: TestClient, db: Database, clock: FixedClock, world: World) -> Api:
    return Api(client, db, clock, world)


def _legal(case: dict[str, object]) -> str:
    workstreams = case["workstreams"]
    assert isinstance(workstreams, list)
    return str(next(w["id"] for w in workstreams if w["team"] == "legal"))


def test_art_8_4_over_the_api_take_assigns_and_a_reached_call_meets_the_clock(api: Api) -> None:
    case = api.open("adult_child", "adult_child", urgent=True, urgency_reason="distress")
    ws = _legal(case)
    taken = api.post("legal", f"/workstreams/{ws}/take").json()
    assert taken["assignee_user_id"] == api.world["legal"].user_id
    assert taken["first_contact"]["met_at"] is None
    api.clock.advance(timedelta(minutes=5))
    tried = api.post(
        "legal",
        f"/cases/{case['id']}/contacts",
        {"kind": "call", "outcome": "no_answer", "workstream_id": ws},
    )
    assert tried.status_code == 201, tried.text
    assert tried.json()["first_contact"] is False
    assert tried.json()["next_try_at"] == "2026-11-27T09:20:00Z"  # + 15 minutes: urgent
    api.clock.advance(timedelta(minutes=15))
    reached = api.post(
        "legal",
        f"/cases/{case['id']}/contacts",
        {"kind": "call", "outcome": "reached", "workstream_id": ws},
    ).json()
    assert reached["first_contact"] is True and reached["next_try_at"] is None
    detail = api.get("legal", f"/cases/{case['id']}").json()
    assert detail["first_contact"]["met_at"] is not None
    assert detail["status"] == "in_progress"


def test_art_11_contact_details_read_over_the_api_is_logged(api: Api, db: Database) -> None:
    give_contact_details(db, api.world.person("adult_child"), "+32470123456", "cas@peeters.example")
    case = api.open("adult_child", "adult_child")
    seen = api.get("technical", f"/cases/{case['id']}/contacts")
    assert seen.status_code == 200
    assert seen.json()["people"][0]["phone"] == "+32470123456"
    with db.reader() as uow:
        reads = trail.events_for(uow, CONTACT_DETAILS, str(case["id"]))
    assert [(e.actor, e.details["purpose"]) for e in reads] == [
        (api.world["technical"].actor, "api")
    ]


def test_art_11_1_members_distributors_and_staff_outside_the_case_cannot_read_contacts(
    api: Api, db: Database, clock: FixedClock
) -> None:
    case = api.open("adult_child", "adult_child")
    path = f"/cases/{case['id']}/contacts"
    assert api.get("adult_child", path).status_code == 403  # members: staff route
    refused = api.get("financial", path)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "assistance.refused"
    assert api.get("admin", path).status_code == 403
    issued = run(
        db, lambda uow: issue_api_key(uow, distributor="proxi", label="t", clock=clock, actor="t")
    )
    key = {"Authorization": f"Bearer {issued.token}", "Idempotency-Key": "d1"}
    assert api.client.get(f"/api/v1{path}", headers=key).status_code == 401
    posted = api.client.post(f"/api/v1{path}", headers=key, json={"kind": "call"})
    assert posted.status_code == 401


def test_a_contact_that_does_not_add_up_is_a_problem_naming_its_field(api: Api) -> None:
    case = api.open("adult_child", "adult_child")
    path = f"/cases/{case['id']}/contacts"
    wrong = api.post("legal", path, {"kind": "call", "outcome": "reached", "channel": "email"})
    assert wrong.status_code == 422
    assert wrong.headers["content-type"] == "application/problem+json"
    assert "channel" in wrong.text
    unknown = api.post("legal", path, {"kind": "visit"})
    assert unknown.status_code == 422 and "kind" in unknown.text
