"""The assistance API over HTTP: member and staff tokens, Art. 11.1 (distributor keys refused),
Art. 11.3 refusals as 404, idempotent POSTs, problem+json validation, queues by SLA."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import issue_api_key
from tests.assistance.builders import World, token_for
from tests.assistance.helpers import consent, run

CASE = {
    "person_id": "",
    "guarantee_code": "EREP",
    "narrative": "Fake profile with my photos",
    "discovery_date": "2026-11-26",
}


class Api:
    def __init__(self, client: TestClient, db: Database, clock: FixedClock, world: World) -> None:
        self.client, self.db, self.clock, self.world = client, db, clock, world
        self._tokens: dict[str, str] = {}
        self._keys = 0

    def auth(self, who: str) -> dict[str, str]:
        if who not in self._tokens:
            self._tokens[who] = token_for(self.db, self.clock, self.world[who])
        return {"Authorization": f"Bearer {self._tokens[who]}"}

    def post(self, who: str, path: str, body: dict[str, object] | None = None, key: str = ""):
        self._keys += 1
        headers = {**self.auth(who), "Idempotency-Key": key or f"k{self._keys}"}
        return self.client.post(f"/api/v1{path}", json=body or {}, headers=headers)

    def get(self, who: str, path: str):
        return self.client.get(f"/api/v1{path}", headers=self.auth(who))

    def open(self, who: str, person: str, **changes: object) -> dict[str, object]:
        body = {**CASE, "person_id": self.world.person(person), **changes}
        response = self.post(who, "/cases", body)
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
def api(client: TestClient, db: Database, clock: FixedClock, world: World) -> Api:
    return Api(client, db, clock, world)


def test_member_opens_follows_and_writes_on_a_case(api: Api) -> None:
    case = api.open("adult_child", "adult_child")
    assert case["channel"] == "api"
    assert sorted(w["team"] for w in case["workstreams"]) == ["legal", "psychological", "technical"]
    listed = api.get("adult_child", "/cases").json()
    assert [c["id"] for c in listed] == [case["id"]]
    message = api.post("adult_child", f"/cases/{case['id']}/messages", {"body": "More posts"})
    assert message.status_code == 201
    assert [n["body"] for n in message.json()["notes"]] == ["More posts"]
    detail = api.get("adult_child", f"/cases/{case['id']}").json()
    assert detail["timeline"][0]["event"] == "case.opened"


def test_art_11_3_another_adult_gets_404_as_for_a_case_that_does_not_exist(api: Api) -> None:
    case = api.open("adult_child", "adult_child")
    hidden = api.get("affiliate", f"/cases/{case['id']}")
    missing = api.get("affiliate", "/cases/case_DOESNOTEXIST")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"
    assert hidden.json()["code"] == missing.json()["code"] == "case.not_found"
    assert api.get("affiliate", "/cases").json() == []
    refused = api.post("affiliate", f"/cases/{case['id']}/messages", {"body": "hi"})
    assert refused.status_code == 404


def test_art_11_1_distributor_keys_never_reach_case_routes(
    api: Api, db: Database, clock: FixedClock
) -> None:
    case = api.open("adult_child", "adult_child")
    issued = run(
        db,
        lambda uow: issue_api_key(uow, distributor="proxi", label="t", clock=clock, actor="t"),
    )
    key = {"Authorization": f"Bearer {issued.token}", "Idempotency-Key": "d1"}
    for method, path in [
        ("GET", f"/cases/{case['id']}"),
        ("GET", "/cases"),
        ("GET", "/staff/queues/legal"),
        ("POST", "/cases"),
        ("POST", f"/cases/{case['id']}/messages"),
        ("POST", f"/workstreams/{case['workstreams'][0]['id']}/take"),
    ]:
        response = api.client.request(method, f"/api/v1{path}", headers=key, json={})
        assert response.status_code == 401, (method, path)
    # ...and a user's token is no distributor key.
    as_member = api.client.get("/api/v1/affiliations?customer_ref=x", headers=api.auth("affiliate"))
    assert as_member.status_code == 401


def test_kind_rules_member_and_staff_routes(api: Api) -> None:
    assert api.get("technical", "/cases").status_code == 403
    assert api.get("adult_child", "/staff/queues/legal").status_code == 403
    assert api.client.get("/api/v1/cases").status_code == 401
    bad = api.client.get("/api/v1/cases", headers={"Authorization": "Bearer ccu_tok_X_y"})
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"] == "Bearer"


def test_staff_queue_orders_by_sla_and_flags_breaches(api: Api) -> None:
    normal = api.open("adult_child", "adult_child")
    urgent = api.open("affiliate", "affiliate", urgent=True, urgency_reason="distress")
    queue = api.get("legal", "/staff/queues/legal").json()
    assert [item["case_id"] for item in queue] == [urgent["id"], normal["id"]]
    assert queue[0]["first_contact"]["seconds_left"] == 3600
    api.clock.advance(timedelta(hours=2))
    queue = api.get("legal", "/staff/queues/legal").json()
    assert queue[0]["first_contact"]["breached"] is True
    assert queue[0]["first_contact"]["seconds_left"] == -3600
    assert queue[1]["first_contact"]["breached"] is False
    assert api.get("technical", "/staff/queues/legal").status_code == 403
    assert api.get("supervisor", "/staff/queues/legal").status_code == 200
    assert api.get("legal", "/staff/queues/cooking").status_code == 422


def test_phone_case_triage_take_notes_and_psychological_compartment(api: Api) -> None:
    case = api.open("technical", "grandparent", guarantee_code=None, language="de")
    assert case["channel"] == "phone"
    triage_queue = api.get("legal", "/staff/queues/triage").json()
    assert [i["case_id"] for i in triage_queue] == [case["id"]]
    triaged = api.post(
        "legal",
        f"/cases/{case['id']}/triage",
        {"guarantee_code": "IDT"},
    ).json()
    psych = next(w["id"] for w in triaged["workstreams"] if w["team"] == "psychological")
    waits = {w["team"]: w["waiting_for_consent"] for w in triaged["workstreams"]}
    assert waits == {"financial": False, "legal": False, "psychological": True, "technical": False}
    assert api.post("psychologist", f"/workstreams/{psych}/take").status_code == 200
    waiting = api.post(
        "psychologist",
        f"/workstreams/{psych}/notes",
        {"compartment": "psychological", "body": "first session"},
    )
    assert waiting.status_code == 409  # GDPR art. 9(2)(a), Art. 11.2: no consent yet
    assert waiting.json()["code"] == "consent.required"
    consent(api.db, api.clock, api.world["grandparent"], api.world.person("grandparent"))
    written = api.post(
        "psychologist",
        f"/workstreams/{psych}/notes",
        {"compartment": "psychological", "body": "first session"},
    )
    assert written.status_code == 201
    assert [n["body"] for n in written.json()["notes"]] == ["first session"]
    refused = api.post(
        "other_psychologist",
        f"/workstreams/{psych}/notes",
        {"compartment": "psychological", "body": "x"},
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "assistance.refused"
    as_legal = api.get("legal", f"/cases/{case['id']}").json()
    assert as_legal["notes"] == []
    assert as_legal["psychological_notes_withheld"] is True
    as_member = api.get("grandparent", f"/cases/{case['id']}").json()
    assert [n["body"] for n in as_member["notes"]] == ["first session"]


def test_posts_are_idempotent_per_user(api: Api) -> None:
    body = {**CASE, "person_id": api.world.person("affiliate")}
    first = api.post("affiliate", "/cases", body, key="same")
    again = api.post("affiliate", "/cases", body, key="same")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert len(api.get("affiliate", "/cases").json()) == 1
    reused = api.post("affiliate", "/cases", {**body, "narrative": "other"}, key="same")
    assert reused.status_code == 422
    missing = api.client.post("/api/v1/cases", json=body, headers=api.auth("affiliate"))
    assert missing.status_code == 400


def test_validation_is_problem_json_and_writes_nothing(api: Api) -> None:
    response = api.post(
        "affiliate",
        "/cases",
        {**CASE, "person_id": api.world.person("affiliate"), "discovery_date": "soon"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["pointer"] == "#/discovery_date"
    refused = api.post(
        "affiliate",
        "/cases",
        {**CASE, "person_id": api.world.person("affiliate"), "urgent": True},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["pointer"] == "#/urgency_reason"
    assert api.get("affiliate", "/cases").json() == []


def test_art_4_2_takedown_tracking_per_url(api: Api) -> None:
    case = api.open("adult_child", "adult_child")
    created = api.post(
        "technical",
        f"/cases/{case['id']}/takedowns",
        {
            "url": "https://forum.example/thread/42",
            "addressee": "forum.example abuse desk",
            "deadline_date": "2026-12-04",
        },
    )
    assert created.status_code == 201, created.text
    takedown = created.json()
    assert takedown["recheck_result"] is None
    duplicate = api.post(
        "legal",
        f"/cases/{case['id']}/takedowns",
        {"url": "https://forum.example/thread/42", "addressee": "x", "deadline_date": "2026-12-04"},
    )
    assert duplicate.status_code == 409
    api.clock.advance(timedelta(days=8))
    still = api.post(
        "technical", f"/takedowns/{takedown['id']}/recheck", {"result": "still_online"}
    ).json()
    assert still["overdue"] is True
    down = api.post(
        "technical",
        f"/takedowns/{takedown['id']}/recheck",
        {"result": "taken_down", "taken_down_on": "2026-12-04"},
    ).json()
    assert down["taken_down_on"] == "2026-12-04"
    assert down["overdue"] is False
    seen = api.get("adult_child", f"/cases/{case['id']}").json()
    assert [t["url"] for t in seen["takedowns"]] == ["https://forum.example/thread/42"]
    assert (
        api.post(
            "financial", f"/takedowns/{takedown['id']}/recheck", {"result": "unreachable"}
        ).status_code
        == 403
    )
    bad = api.post(
        "technical",
        f"/cases/{case['id']}/takedowns",
        {"url": "javascript:alert(1)", "addressee": "x", "deadline_date": "2026-12-10"},
    )
    assert bad.status_code == 422
