"""Bad input is refused as problem+json naming every field at fault as a JSON pointer into the
body, and nothing is written: no affiliation, person, audit event, feed event or outbox row."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.db.uow import Database
from tests.api import builders
from tests.api.builders import Distributor

AFFILIATIONS = "/api/v1/affiliations"
VALID_NRN = "84051700127"  # a national register number of someone born 1984-05-17


def _refused(api: TestClient, db: Database, by: Distributor, body: dict[str, Any]) -> list[str]:
    """POST the subscription; assert a 422 problem that wrote nothing; the pointers at fault."""
    before = builders.row_counts(db)
    response = builders.post(api, AFFILIATIONS, body, by=by)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid_input"
    assert all(error["detail"] for error in problem["errors"])
    assert builders.row_counts(db) == before
    return [error["pointer"] for error in problem["errors"]]


@pytest.fixture
def token(api: TestClient, proximus: Distributor) -> str:
    return builders.quote(api, by=proximus)


@pytest.mark.parametrize("postcode", ["0999", "10000", "ABCD", "75001"])
def test_a_postcode_that_is_not_belgian_is_refused(
    api: TestClient, db: Database, proximus: Distributor, token: str, postcode: str
) -> None:
    body = builders.subscription(terms_token=token, home=builders.address(postcode=postcode))
    assert _refused(api, db, proximus, body) == ["#/address/postcode"]


def test_a_belgian_postcode_with_its_country_prefix_is_accepted_and_normalised(
    api: TestClient, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus, home=builders.address(postcode="B-9000"))
    assert created["address"]["postcode"] == "9000"


@pytest.mark.parametrize("email", ["marie.dubois", "marie@", "marie dubois@example.be"])
def test_a_bad_email_address_is_refused(
    api: TestClient, db: Database, proximus: Distributor, token: str, email: str
) -> None:
    body = builders.subscription(terms_token=token, affiliate=builders.person(email=email))
    assert _refused(api, db, proximus, body) == ["#/affiliate/email"]


@pytest.mark.parametrize("phone", ["12", "+32 12", "call me"])
def test_a_bad_phone_number_is_refused(
    api: TestClient, db: Database, proximus: Distributor, token: str, phone: str
) -> None:
    body = builders.subscription(terms_token=token, affiliate=builders.person(phone=phone))
    assert _refused(api, db, proximus, body) == ["#/affiliate/phone"]


def test_a_birth_date_in_the_future_is_refused_for_each_person_at_fault(
    api: TestClient, db: Database, proximus: Distributor, token: str
) -> None:
    body = builders.subscription(
        terms_token=token,
        affiliate=builders.person(birth_date="2026-11-28"),
        members=[builders.member(), builders.child(birth_date="2027-01-01")],
    )
    assert _refused(api, db, proximus, body) == [
        "#/affiliate/birth_date",
        "#/members/1/birth_date",
    ]


def test_a_birth_date_today_is_accepted(api: TestClient, proximus: Distributor) -> None:
    created = builders.subscribe(
        api, by=proximus, members=[builders.child(birth_date=builders.TODAY.isoformat())]
    )
    assert len(created["members"]) == 2


@pytest.mark.parametrize(
    ("number", "reason"),
    [("84051700128", "not a valid"), ("85073003328", "does not match the date of birth")],
)
def test_a_bad_national_register_number_is_refused(
    api: TestClient, db: Database, proximus: Distributor, token: str, number: str, reason: str
) -> None:
    body = builders.subscription(
        terms_token=token, affiliate=builders.person(national_register_number=number)
    )
    before = builders.row_counts(db)
    response = builders.post(api, AFFILIATIONS, body, by=proximus)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["pointer"] == "#/affiliate/national_register_number"
    assert reason in error["detail"]
    assert builders.row_counts(db) == before


def test_a_valid_national_register_number_is_accepted(
    api: TestClient, proximus: Distributor
) -> None:
    affiliate = builders.person(national_register_number=VALID_NRN)
    assert builders.subscribe(api, by=proximus, affiliate=affiliate)["id"]


def test_an_unknown_relationship_is_refused(
    api: TestClient, db: Database, proximus: Distributor, token: str
) -> None:
    body = builders.subscription(
        terms_token=token, members=[builders.member(), builders.member(relationship="cousin")]
    )
    assert _refused(api, db, proximus, body) == ["#/members/1/relationship"]


def test_every_field_at_fault_is_named_in_one_answer(
    api: TestClient, db: Database, proximus: Distributor, token: str
) -> None:
    body = builders.subscription(
        terms_token=token,
        affiliate=builders.person(email="nope", phone="12", given_name="M4rie"),
        members=[builders.member(relationship="cousin")],
        home=builders.address(postcode="0999"),
    )
    del body["customer_ref"]
    assert sorted(_refused(api, db, proximus, body)) == sorted(
        [
            "#/customer_ref",
            "#/affiliate/given_name",
            "#/affiliate/email",
            "#/affiliate/phone",
            "#/members/0/relationship",
            "#/address/postcode",
        ]
    )


def test_an_unknown_field_is_refused_rather_than_ignored(
    api: TestClient, db: Database, proximus: Distributor, token: str
) -> None:
    body = builders.subscription(terms_token=token) | {"discount": "100%"}
    assert _refused(api, db, proximus, body) == ["#/discount"]


def test_a_body_that_is_not_json_is_a_422_problem(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    before = builders.row_counts(db)
    response = builders.post(api, AFFILIATIONS, None, raw=b"{not json", by=proximus)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert builders.row_counts(db) == before


def test_art_2_3_a_housemate_who_is_not_family_is_recorded_but_not_insured(
    api: TestClient, proximus: Distributor
) -> None:
    housemate = builders.member(relationship="other", given_name="Tom", family_name="Janssens")
    created = builders.subscribe(api, by=proximus, members=[builders.member(), housemate])

    insured = {m["given_name"]: m["insured"] for m in created["members"]}
    assert insured == {"Marie": True, "Luc": True, "Tom": False}
    events = builders.events(api, by=proximus)
    subscribed = next(e for e in events if e["type"] == "affiliation.subscribed")
    assert subscribed["data"]["insured_count"] == 2
    joined = {
        e["data"]["relationship"]: e["data"]["insured"]
        for e in events
        if e["type"] == "household.member_joined"
    }
    assert joined == {"spouse": True, "other": False}


def test_art_7_1_every_prevention_obligation_must_be_answered(
    api: TestClient, db: Database, proximus: Distributor, token: str
) -> None:
    answers = builders.declarations()
    answers.pop(next(iter(answers)))
    body = builders.subscription(terms_token=token, prevention_declarations=answers)
    assert _refused(api, db, proximus, body) == ["#/prevention_declarations"]
