"""`POST /api/v1/claims/{id}/withdrawal`: idempotent like every POST, problem+json refusals
(Art. 8.4 decided, Art. 11.3 not found, the staff's missing reason)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cybercare.claims.submit import submit_claim
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import CATALOG, open_case, run
from tests.claims.builders import ecom_evidence, ecom_submission
from tests.claims.scenario_builders import Api


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)


@pytest.fixture
def api(client: TestClient, db: Database, clock: FixedClock, world: World) -> Api:
    return Api(client, db, clock, world)


def _claim(api: Api, db: Database, clock: FixedClock, world: World, amount: str) -> str:
    case_id = open_case(db, clock, world["affiliate"], world.person("affiliate"), "PAYF").case_id
    body = {
        "amount_claimed": amount,
        "circumstances": {"bank_refused_definitively": True},
        "payee": {"iban": "BE71096123456769", "name": "An Peeters"},
    }
    created = api.post("affiliate", f"/cases/{case_id}/claims", body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def test_member_withdraws_a_claim_through_the_api_idempotently(
    api: Api, db: Database, clock: FixedClock, world: World
) -> None:
    claim_id = _claim(api, db, clock, world, "120.00")
    headers = {**api.auth("affiliate"), "Idempotency-Key": "withdraw-1"}
    first = api.client.post(f"/api/v1/claims/{claim_id}/withdrawal", json={}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "withdrawn"
    replay = api.client.post(f"/api/v1/claims/{claim_id}/withdrawal", json={}, headers=headers)
    assert (replay.status_code, replay.json()) == (200, first.json())


def test_another_adult_withdrawing_through_the_api_is_not_found(
    api: Api, db: Database, clock: FixedClock, world: World
) -> None:
    claim_id = _claim(api, db, clock, world, "120.00")
    refused = api.post("partner", f"/claims/{claim_id}/withdrawal")
    assert refused.status_code == 404
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_staff_withdrawal_without_a_reason_names_the_field(
    api: Api, db: Database, clock: FixedClock, world: World
) -> None:
    claim_id = _claim(api, db, clock, world, "120.00")
    refused = api.post("legal", f"/claims/{claim_id}/withdrawal")
    assert refused.status_code == 422
    assert "reason" in refused.text
    done = api.post("legal", f"/claims/{claim_id}/withdrawal", {"reason": "An called"})
    assert done.json()["status"] == "withdrawn"


def test_a_decided_claim_withdrawn_through_the_api_is_a_conflict(
    api: Api, db: Database, clock: FixedClock, world: World
) -> None:
    case_id = open_case(db, clock, world["affiliate"], world.person("affiliate"), "ECOM").case_id
    decided = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case_id,
            ecom_submission(40_000),
            CATALOG,
            clock,
            ecom_evidence(),
        ),
    )
    refused = api.post("affiliate", f"/claims/{decided.claim_id}/withdrawal")
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "8.4" in refused.text
