"""An integer id outside what a row can have (at most 2^63 - 1, at least 1) names nothing: it
answers 404, like any unknown id, instead of overflowing in the database driver (a 500 on both
engines). Every integer id of a path (and the finance queue's document filter) is one `RowId`."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from cybercare.banking import facts_queries
from cybercare.banking.matching import TargetKind
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.identity.domain import Principal
from cybercare.identity.service import create_staff_user
from tests.api import builders
from tests.api.builders import Distributor
from tests.assistance.builders import World, token_for
from tests.web.backoffice_world import build_world, logins
from tests.web.conftest import csrf_of

BEYOND_64_BITS = ("9223372036854775808", "99999999999999999999")
NOT_AN_ID = ("0", "-1", "-9223372036854775809")
OUT_OF_RANGE = (*BEYOND_64_BITS, *NOT_AN_ID)
LARGEST = "9223372036854775807"


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def signed_in(container: Container) -> Iterator[Callable[[Principal], TestClient]]:
    yield from logins(container)


@pytest.fixture
def member_api(client: TestClient, container: Container, world: World) -> TestClient:
    token = token_for(container.database, container.clock, world["affiliate"])
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def test_an_api_id_out_of_range_answers_404_problem(member_api: TestClient) -> None:
    for evidence_id in (*OUT_OF_RANGE, LARGEST):
        response = member_api.get(f"/api/v1/claims/clm_NOPE/evidence/{evidence_id}")
        assert response.status_code == 404, (evidence_id, response.text)
        assert response.headers["content-type"] == "application/problem+json"


def test_an_api_id_that_is_no_number_stays_a_validation_error(member_api: TestClient) -> None:
    response = member_api.get("/api/v1/claims/clm_NOPE/evidence/twelve")
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "evidence_id"


def test_a_member_page_id_out_of_range_shows_the_not_found_page(
    signed_in: Callable[[Principal], TestClient], world: World
) -> None:
    member = signed_in(world["affiliate"])
    for row_id in OUT_OF_RANGE:
        for path in (
            f"/portal/billing/notices/{row_id}.pdf",
            f"/portal/claims/clm_NOPE/evidence/{row_id}",
        ):
            response = member.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith("text/html")


def _finance_and_claims(container: Container) -> Principal:
    with container.database.uow() as uow:
        staff = create_staff_user(
            uow,
            email="ledger@cybercare.example",
            display_name="Ledger",
            roles=["finance", "claims_handler"],
            clock=container.clock,
            actor="test",
        )
        uow.commit()
    return staff


def test_a_staff_page_id_out_of_range_shows_the_not_found_page(
    signed_in: Callable[[Principal], TestClient], container: Container, world: World
) -> None:
    staff = signed_in(_finance_and_claims(container))
    token = csrf_of(staff.get("/finance").text)
    for row_id in BEYOND_64_BITS:
        for path in (
            f"/staff/claims/clm_NOPE/evidence/{row_id}",
            f"/staff/recoveries/{row_id}",
            f"/finance/queue?document={row_id}",
        ):
            response = staff.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith("text/html")
        for path, form in (
            (f"/finance/lines/{row_id}/ignore", {"reason": "duplicate"}),
            (f"/finance/lines/{row_id}/match", {"target_kind": "premium", "target_id": "x"}),
            (f"/staff/recoveries/{row_id}/demand", {}),
            (f"/staff/recoveries/{row_id}/payments", {"amount": "1", "received_on": "2026-12-01"}),
        ):
            data = {**form, "csrf_token": token}
            response = staff.post(path, data=data, follow_redirects=False)
            assert response.status_code == 404, path


def test_a_charge_id_beyond_64_bits_in_a_payment_results_file_is_a_line_error(
    api: TestClient, proximus: Distributor
) -> None:
    """The file is read and each line judged: the line names no charge, the answer says so."""
    content = "charge_id,outcome,amount,date\n99999999999999999999,paid,4.99,2026-12-05\n"
    response = builders.post(
        api, "/api/v1/billing/payment-results", {"content": content}, by=proximus
    )
    assert response.status_code == 200, response.text
    assert response.json()["errors"] == [
        {"line": 2, "message": "charge_id: '99999999999999999999' is not a charge id"}
    ]


def test_a_target_id_beyond_64_bits_typed_by_finance_names_nothing(db: Database) -> None:
    with db.reader() as uow:
        for kind in (TargetKind.PREMIUM, TargetKind.COLLECTION, TargetKind.DEBIT_BATCH):
            assert facts_queries.target(uow, kind, "99999999999999999999") is None
