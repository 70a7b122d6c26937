"""SEPA mandates through the distributor API: registered with the subscription, refused with
the field at fault (problem+json), amended and cancelled, never reachable by another
distributor. Both databases."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cybercare.db.tables import AffiliationRow
from cybercare.db.uow import Database
from tests.api import builders
from tests.api.builders import TODAY, Distributor

MANDATE = {
    "reference": "PXM-2026-000123",
    "holder": "Marie Dubois",
    "iban": "BE71 0961 2345 6769",
    "signature_date": "2026-11-20",
}


def _subscribe(api: TestClient, by: Distributor, mandate: dict[str, Any]) -> Any:
    body = builders.subscription(terms_token=builders.quote(api, by=by)) | {"mandate": mandate}
    return builders.post(api, "/api/v1/affiliations", body, by=by)


def _pointers(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["pointer"] for error in response.json()["errors"]]


def test_a_subscription_with_a_mandate_registers_it_for_direct_debit(
    api: TestClient, proximus: Distributor
) -> None:
    created = _subscribe(api, proximus, MANDATE)
    assert created.status_code == 201, created.text
    affiliation_id = created.json()["id"]
    listed = api.get(f"/api/v1/affiliations/{affiliation_id}/mandates", headers=proximus.headers)
    assert listed.status_code == 200
    (mandate,) = listed.json()
    assert (mandate["reference"], mandate["iban"], mandate["bic"]) == (
        "PXM-2026-000123",
        "BE71096123456769",
        "GKCCBEBB",
    )
    assert (mandate["status"], mandate["channel"], mandate["lapses_on"]) == (
        "active",
        "paper",
        "2029-11-20",
    )


def test_a_bad_mandate_is_refused_with_its_field_and_nothing_is_subscribed(
    api: TestClient, proximus: Distributor, db: Database
) -> None:
    bad_checksum = _subscribe(api, proximus, MANDATE | {"iban": "BE71096123456768"})
    assert _pointers(bad_checksum) == ["#/mandate/iban"]
    unknown_bank = _subscribe(api, proximus, MANDATE | {"iban": "BE68539007547034"})
    assert _pointers(unknown_bank) == ["#/mandate/iban"]
    future = _subscribe(api, proximus, MANDATE | {"signature_date": "2026-11-28"})
    assert _pointers(future) == ["#/mandate/signature_date"]
    bad_reference = _subscribe(api, proximus, MANDATE | {"reference": "PXM_2026 & <1>"})
    assert _pointers(bad_reference) == ["#/mandate/reference"]
    with db.reader() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AffiliationRow)) == 0


def test_a_mandate_reference_is_unique(api: TestClient, proximus: Distributor) -> None:
    assert _subscribe(api, proximus, MANDATE).status_code == 201
    again = _subscribe(api, proximus, MANDATE)
    assert _pointers(again) == ["#/mandate/reference"]
    assert again.json()["code"] == "billing.mandate_reference_taken"


def test_the_distributor_amends_then_cancels_its_own_mandate(
    api: TestClient, proximus: Distributor
) -> None:
    affiliation_id = _subscribe(api, proximus, MANDATE).json()["id"]
    base = f"/api/v1/affiliations/{affiliation_id}/mandates/PXM-2026-000123"
    amended = builders.post(api, f"{base}/amendment", {"iban": "BE62510007547061"}, by=proximus)
    assert amended.status_code == 200, amended.text
    assert (amended.json()["status"], amended.json()["bic"]) == ("amended", "VAPEBE22")
    assert amended.json()["amendment_pending"] is True
    cancelled = builders.post(api, f"{base}/cancellation", {}, by=proximus)
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["ended_on"]) == (
        "cancelled",
        TODAY.isoformat(),
    )
    again = builders.post(api, f"{base}/cancellation", {}, by=proximus)
    assert again.status_code == 409


def test_another_distributor_cannot_see_amend_or_cancel_the_mandate(
    api: TestClient, proximus: Distributor, telenet: Distributor
) -> None:
    affiliation_id = _subscribe(api, proximus, MANDATE).json()["id"]
    base = f"/api/v1/affiliations/{affiliation_id}/mandates"
    assert api.get(base, headers=telenet.headers).status_code == 404
    for path, body in (
        (f"{base}/PXM-2026-000123/amendment", {"holder": "X"}),
        (f"{base}/PXM-2026-000123/cancellation", {}),
        (base, MANDATE | {"reference": "TLN-1"}),
    ):
        response = builders.post(api, path, body, by=telenet)
        assert response.status_code == 404, response.text
    assert api.get(base, headers={}).status_code == 401
