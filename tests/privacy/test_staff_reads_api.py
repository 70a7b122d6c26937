"""The assistance and claims API log staff reads as the back office does (Art. 11): a case, its
contact details, a claim, its evidence and its decision letter. A member reading their own data
writes nothing: the log is of staff reads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from tests.assistance.builders import World, household_world, token_for
from tests.assistance.helpers import give_contact_details, open_case
from tests.privacy.readlog_world import URGENT, claim_of_cas, logged


@pytest.fixture
def world(container: Container) -> World:
    return household_world(container.database, container.clock)


def _get(client: TestClient, container: Container, world: World, who: str, path: str):  # type: ignore[no-untyped-def]
    token = token_for(container.database, container.clock, world[who])
    return client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})


def test_art_11_staff_reading_a_case_through_the_api_is_logged(
    client: TestClient, container: Container, world: World
) -> None:
    db, clock = container.database, container.clock
    case = open_case(db, clock, world["adult_child"], world.person("adult_child"), **URGENT)
    assert _get(client, container, world, "legal", f"/cases/{case.case_id}").status_code == 200
    assert [(r.kind, r.purpose, r.case_id) for r in logged(container)] == [
        ("case", "case", case.case_id)
    ]


def test_art_11_1_staff_reading_the_contact_details_through_the_api_is_logged(
    client: TestClient, container: Container, world: World
) -> None:
    db, clock = container.database, container.clock
    give_contact_details(db, world.person("adult_child"), "+32470123456", "cas@peeters.example")
    case = open_case(db, clock, world["adult_child"], world.person("adult_child"), **URGENT)
    path = f"/cases/{case.case_id}/contacts"
    assert _get(client, container, world, "legal", path).status_code == 200
    assert [(r.kind, r.person_id) for r in logged(container)] == [
        ("contact_details", world.person("adult_child"))
    ]


def test_art_11_a_claim_its_letter_and_its_evidence_read_by_a_handler_are_logged(
    client: TestClient, container: Container, world: World
) -> None:
    claim = claim_of_cas(container, world)
    assert claim.status == "decided"
    evidence = claim.evidence[0].evidence_id
    for path in (
        f"/claims/{claim.claim_id}",
        f"/claims/{claim.claim_id}/letter.pdf",
        f"/claims/{claim.claim_id}/evidence/{evidence}",
    ):
        assert _get(client, container, world, "claims_handler", path).status_code == 200, path
    rows = logged(container)
    assert [(r.kind, r.purpose, r.case_id, r.staff_function) for r in rows] == [
        ("claim", "claim", claim.case_id, "claims_handler"),
        ("letter", "claim", claim.case_id, "claims_handler"),
        ("evidence", "claim", claim.case_id, "claims_handler"),
    ]
    assert {r.person_id for r in rows} == {world.person("adult_child")}


def test_art_11_a_member_reading_their_own_case_and_claim_is_not_a_staff_read(
    client: TestClient, container: Container, world: World
) -> None:
    claim = claim_of_cas(container, world)
    for path in (
        f"/cases/{claim.case_id}",
        f"/claims/{claim.claim_id}",
        f"/claims/{claim.claim_id}/letter.pdf",
    ):
        assert _get(client, container, world, "adult_child", path).status_code == 200, path
    assert logged(container) == []


def test_art_11_3_a_refused_read_logs_nothing(
    client: TestClient, container: Container, world: World
) -> None:
    claim = claim_of_cas(container, world)
    answer = _get(client, container, world, "partner", f"/claims/{claim.claim_id}")
    assert answer.status_code == 404
    assert _get(client, container, world, "legal", "/cases/case_nothing").status_code == 404
    assert logged(container) == []
