"""The call-back API (Art. 8.1, 8.4, 11.1, 11.3): the distributor's app asks for the member signed
in to it, on its own affiliations only; a member asks with a personal token. Idempotent POSTs,
problem+json naming the field at fault. Both databases."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import create_distributor, issue_api_key
from tests.assistance.builders import World, token_for
from tests.assistance.helpers import run


def _body(world: World, person: str = "adult_child", **changes: object) -> dict[str, object]:
    return {
        "person_id": world.person(person),
        "phone": "+32 470 12 34 56",
        "what_is_happening": "Someone is emptying my bank account right now",
        "urgency_reason": "ongoing_fraud",
        "guarantee_code": "PAYF",
        **changes,
    }


def _key(db: Database, clock: FixedClock, distributor: str) -> dict[str, str]:
    def issue(uow):  # type: ignore[no-untyped-def]
        if distributor != "proxi":
            create_distributor(
                uow, code=distributor, name="Other", commission_bp=1000, clock=clock, actor="t"
            )
        return issue_api_key(uow, distributor=distributor, label="app", clock=clock, actor="t")

    issued = run(db, issue)
    return {"Authorization": f"Bearer {issued.token}"}


def test_art_8_1_the_distributors_app_asks_a_call_back_for_its_member(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    headers = {**_key(db, clock, "proxi"), "Idempotency-Key": "cb-1"}
    body = {**_body(world), "requested_by_person_id": world.person("adult_child")}
    path = f"/api/v1/affiliations/{world.affiliation_id}/call-backs"
    first = client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.text
    answer = first.json()
    assert answer["phone"] == "+32470123456"
    # Art. 11.1: nothing of the case it opened, not even which team calls back
    assert set(answer) == {"person_id", "phone", "call_before", "assistance_line"}
    due = clock.now() + timedelta(hours=1)
    assert answer["call_before"].replace("Z", "+00:00") == due.isoformat()
    assert answer["assistance_line"]["e164"].startswith("+3278")
    assert "what_is_happening" not in answer and "narrative" not in answer  # Art. 11.1
    again = client.post(path, json=body, headers=headers)
    assert again.json() == answer  # idempotent


def test_art_11_1_a_distributor_cannot_ask_for_another_distributors_affiliation(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    headers = {**_key(db, clock, "otherco"), "Idempotency-Key": "cb-2"}
    body = {**_body(world), "requested_by_person_id": world.person("adult_child")}
    refused = client.post(
        f"/api/v1/affiliations/{world.affiliation_id}/call-backs", json=body, headers=headers
    )
    assert refused.status_code == 404
    assert refused.headers["content-type"] == "application/problem+json"


def test_art_11_3_the_app_asks_only_for_whom_the_member_may(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    headers = {**_key(db, clock, "proxi"), "Idempotency-Key": "cb-3"}
    body = {**_body(world, "partner"), "requested_by_person_id": world.person("affiliate")}
    refused = client.post(
        f"/api/v1/affiliations/{world.affiliation_id}/call-backs", json=body, headers=headers
    )
    assert refused.status_code == 422
    assert [e["pointer"] for e in refused.json()["errors"]] == ["#/person_id"]


def test_a_member_asks_a_call_back_with_a_token_and_a_bad_number_names_the_field(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    token = token_for(db, clock, world["affiliate"])
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "cb-4"}
    bad = client.post(
        "/api/v1/call-backs", json=_body(world, "minor", phone="call me"), headers=headers
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert [e["pointer"] for e in bad.json()["errors"]] == ["#/phone"]
    headers["Idempotency-Key"] = "cb-5"
    done = client.post("/api/v1/call-backs", json=_body(world, "minor"), headers=headers)
    assert done.status_code == 201, done.text
    assert done.headers["location"] == f"/api/v1/cases/{done.json()['case_id']}"


def test_an_unauthenticated_call_back_is_refused(client: TestClient, world: World) -> None:
    anonymous = client.post(
        "/api/v1/call-backs", json=_body(world), headers={"Idempotency-Key": "x"}
    )
    assert anonymous.status_code == 401
    path = f"/api/v1/affiliations/{world.affiliation_id}/call-backs"
    assert client.post(path, json=_body(world), headers={"Idempotency-Key": "y"}).status_code == 401
