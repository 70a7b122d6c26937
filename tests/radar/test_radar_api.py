"""The scam radar through the partner API (issue 20, Art. 11.1): the distributor's app forwards
a report for its member (idempotent, its own affiliations only, problem+json naming the field)
and reads aggregate counts, never a report. Both databases."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World
from tests.assistance.test_callback_api import _key

PARCEL = "bpost: pay the 1,99 EUR fee at https://bpost-fee.info/pay"


def test_the_distributors_app_forwards_a_report_and_reads_counts_only(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    headers = {**_key(db, clock, "proxi"), "Idempotency-Key": "radar-1"}
    body = {
        "person_id": world.person("adult_child"),
        "kind": "text",
        "content": PARCEL,
        "asked_to": "pay",
    }
    path = f"/api/v1/affiliations/{world.affiliation_id}/radar-reports"
    first = client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.text
    receipt = first.json()
    assert set(receipt) == {"report_id", "received_at", "urgent", "answer_due_at"}
    assert receipt["urgent"] is True
    assert client.post(path, json=body, headers=headers).json() == receipt
    counts = client.get("/api/v1/radar/counts", headers=_key(db, clock, "proxi"))
    assert counts.status_code == 200, counts.text
    assert counts.json()["reports"] == 1 and counts.json()["by_kind"] == {"text": 1}
    assert "report_id" not in counts.text and "bpost" not in counts.text
    paths = client.get("/openapi.json").json()["paths"]
    post = paths["/api/v1/affiliations/{affiliation_id}/radar-reports"]["post"]
    assert post["operationId"] == "createRadarReport"
    assert "application/problem+json" in post["responses"]["422"]["content"]
    assert paths["/api/v1/radar/counts"]["get"]["operationId"] == "getRadarCounts"
    # Bad input and another distributor's affiliation answer problem+json.
    body = {
        "person_id": world.person("adult_child"),
        "kind": "iban",
        "content": "BE00",
        "asked_to": "pay",
    }
    bad = client.post(
        path, json=body, headers={**_key(db, clock, "proxi"), "Idempotency-Key": "r2"}
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert "content" in bad.text
    other = client.post(
        path,
        json={**body, "content": "BE71 0961 2345 6769"},
        headers={**_key(db, clock, "otherco"), "Idempotency-Key": "r3"},
    )
    assert other.status_code == 404
    assert other.headers["content-type"] == "application/problem+json"
