"""The distributor's billing API: charges of a period (CSV, JSON) scoped to the caller, and an
idempotent upload of payment results with numbered errors."""

from __future__ import annotations

import csv
import io
from datetime import date

from fastapi.testclient import TestClient

from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import issue_api_key
from cybercare.product.catalog import Catalog
from tests.billing.builders import add_affiliation


def _key(db: Database) -> dict[str, str]:
    with db.uow() as uow:
        issued = issue_api_key(
            uow, distributor="proximus", label="t", clock=FixedClock.on(date(2026, 1, 1)), actor="t"
        )
        add_affiliation(uow, affiliation_id="aff_api")
        uow.commit()
    return {"Authorization": f"Bearer {issued.token}"}


def test_a_distributor_downloads_its_charges_and_uploads_results_idempotently(
    billing_db: Database, catalog: Catalog, client: TestClient
) -> None:
    headers = _key(billing_db)
    run_billing(billing_db, catalog, FixedClock.on(date(2026, 12, 1)), Period(2026, 12))
    listed = client.get("/api/v1/billing/periods/2026-12/charges", headers=headers)
    assert listed.status_code == 200 and listed.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(listed.text)))
    assert [r["affiliation_id"] for r in rows] == ["aff_api"]
    as_json = client.get("/api/v1/billing/periods/2026-12/charges?format=json", headers=headers)
    assert as_json.json()["totals"]["gross"] == "4.99"
    content = f"charge_id,outcome,amount,date\n{rows[0]['charge_id']},paid,4.99,2026-12-04\nx\n"
    post = {**headers, "Idempotency-Key": "results-1"}
    first = client.post("/api/v1/billing/payment-results", json={"content": content}, headers=post)
    replay = client.post("/api/v1/billing/payment-results", json={"content": content}, headers=post)
    assert first.status_code == 200 and replay.content == first.content
    assert first.json()["applied"] == 1 and first.json()["errors"][0]["line"] == 3
    again = client.post(
        "/api/v1/billing/payment-results",
        json={"content": content},
        headers={**headers, "Idempotency-Key": "results-2"},
    )
    assert again.json()["applied"] == 0 and again.json()["already_applied"] == 1


def test_charges_need_an_api_key(billing_db: Database, client: TestClient) -> None:
    assert client.get("/api/v1/billing/periods/2026-12/charges").status_code == 401
