"""Art. 11.1: a distributor's system authenticates with its own API key and sees only its own
affiliations; another distributor's affiliation is answered exactly like one that does not exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import revoke_api_key
from tests.api import builders
from tests.api.builders import Distributor

AFFILIATIONS = "/api/v1/affiliations"


def _not_found(response: object, affiliation_id: str) -> None:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "affiliation.not_found"
    assert response.json()["params"] == {"affiliation_id": affiliation_id}


def test_another_distributors_affiliation_answers_404_on_every_route(
    api: TestClient, db: Database, proximus: Distributor, telenet: Distributor
) -> None:
    theirs = builders.subscribe(api, by=proximus)
    person_id = theirs["members"][1]["person_id"]
    base = f"{AFFILIATIONS}/{theirs['id']}"
    before = builders.row_counts(db)

    reads = [
        api.get(base, headers=telenet.headers),
        api.get(f"{base}/certificate.pdf?lang=fr", headers=telenet.headers),
        api.get(f"{base}/withdrawal", headers=telenet.headers),
        api.get(f"{base}/termination", headers=telenet.headers),
    ]
    writes = [
        builders.post(
            api, f"{base}/members", builders.child() | {"joined_on": "2026-12-01"}, by=telenet
        ),
        builders.post(
            api, f"{base}/members/{person_id}/departure", {"left_on": "2026-12-01"}, by=telenet
        ),
        builders.post(
            api,
            f"{base}/address",
            {"address": builders.address(postcode="9000", city="Gent"), "moved_on": "2026-12-01"},
            by=telenet,
        ),
        builders.post(api, f"{base}/withdrawal", {}, by=telenet),
        builders.post(api, f"{base}/termination", {}, by=telenet),
    ]

    for response in reads + writes:
        _not_found(response, theirs["id"])
    assert builders.row_counts(db) == before
    assert api.get(base, headers=proximus.headers).status_code == 200


def test_an_unknown_affiliation_id_answers_the_same_404_as_another_distributors(
    api: TestClient, proximus: Distributor, telenet: Distributor
) -> None:
    theirs = builders.subscribe(api, by=proximus)
    foreign = api.get(f"{AFFILIATIONS}/{theirs['id']}", headers=telenet.headers)
    unknown = api.get(f"{AFFILIATIONS}/aff_DOESNOTEXIST", headers=telenet.headers)
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json().keys() == unknown.json().keys()
    assert foreign.json()["code"] == unknown.json()["code"]


def test_another_distributor_does_not_find_an_affiliation_by_its_customer_ref(
    api: TestClient, proximus: Distributor, telenet: Distributor
) -> None:
    mine = builders.subscribe(api, by=telenet, customer_ref="SHARED-REF")
    theirs = builders.subscribe(api, by=proximus, customer_ref="SHARED-REF")

    found_by_telenet = api.get(
        AFFILIATIONS, params={"customer_ref": "SHARED-REF"}, headers=telenet.headers
    ).json()
    found_by_proximus = api.get(
        AFFILIATIONS, params={"customer_ref": "SHARED-REF"}, headers=proximus.headers
    ).json()

    assert [a["id"] for a in found_by_telenet] == [mine["id"]]
    assert [a["id"] for a in found_by_proximus] == [theirs["id"]]


def test_a_distributors_event_feed_never_holds_another_distributors_events(
    api: TestClient, clock: FixedClock, proximus: Distributor, telenet: Distributor
) -> None:
    theirs = builders.subscribe(api, by=proximus)
    mine = builders.subscribe(api, by=telenet)
    clock.advance(timedelta(days=3))
    builders.post(api, f"{AFFILIATIONS}/{theirs['id']}/withdrawal", {}, by=proximus)

    telenet_feed = builders.events(api, by=telenet)
    proximus_feed = builders.events(api, by=proximus)

    assert {e["affiliation_id"] for e in telenet_feed} == {mine["id"]}
    assert {e["affiliation_id"] for e in proximus_feed} == {theirs["id"]}
    assert not {e["id"] for e in telenet_feed} & {e["id"] for e in proximus_feed}
    # each feed is numbered on its own, from 1
    assert [e["cursor"] for e in telenet_feed] == [str(n) for n in range(1, len(telenet_feed) + 1)]


def test_a_revoked_key_is_refused_with_401_at_once(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    assert api.get("/api/v1/events", headers=proximus.headers).status_code == 200
    with db.uow() as uow:
        revoke_api_key(uow, key_id=proximus.key_id, clock=clock, actor="test:revoke")
        uow.commit()

    read = api.get("/api/v1/events", headers=proximus.headers)
    write = builders.post(api, "/api/v1/quotes", {}, by=proximus)

    for response in (read, write):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["code"] == "unauthenticated"


def test_revoking_one_key_leaves_the_distributors_other_keys_working(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    second = builders.api_key(db, clock, distributor="proximus")
    with db.uow() as uow:
        revoke_api_key(uow, key_id=proximus.key_id, clock=clock, actor="test:revoke")
        uow.commit()
    assert api.get("/api/v1/events", headers=proximus.headers).status_code == 401
    assert api.get("/api/v1/events", headers=second.headers).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer cck_key_NOPE000000_secret",
        "Bearer not-even-a-key",
        "Basic dXNlcjpwYXNz",
    ],
)
def test_a_missing_unknown_or_malformed_key_is_a_401(
    api: TestClient, proximus: Distributor, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = api.get("/api/v1/events", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_a_known_key_id_with_a_wrong_secret_is_a_401(
    api: TestClient, proximus: Distributor
) -> None:
    forged = proximus.token[:-4] + ("AAAA" if not proximus.token.endswith("AAAA") else "BBBB")
    response = api.get("/api/v1/events", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


def test_an_unauthenticated_post_writes_nothing(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    body = builders.subscription(terms_token=builders.quote(api, by=proximus))
    before = builders.row_counts(db)
    stranger = Distributor("proximus", "cck_key_UNKNOWN000_x", "key_UNKNOWN000")
    response = builders.post(api, AFFILIATIONS, body, by=stranger)
    assert response.status_code == 401
    assert builders.row_counts(db) == before
