"""Art. 9.7 through the API: members join and leave, the household moves (a member may stay
behind), the affiliate dies and an adult member takes over. Each change is effective-dated,
visible in GET /affiliations/{id} with its history, audited and published on the feed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.db.tables import AddressRow, AffiliationRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.api import builders
from tests.api.builders import TODAY, Distributor

AFFILIATIONS = "/api/v1/affiliations"


def _get(api: TestClient, by: Distributor, affiliation_id: str) -> dict[str, Any]:
    response = api.get(f"{AFFILIATIONS}/{affiliation_id}", headers=by.headers)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _member(affiliation: dict[str, Any], given_name: str) -> list[dict[str, Any]]:
    """Every membership of one person, oldest first (a person may have several over time)."""
    found = [m for m in affiliation["members"] if m["given_name"] == given_name]
    return sorted(found, key=lambda m: m["joined_on"])


def _new_events(api: TestClient, by: Distributor, before: int) -> list[dict[str, Any]]:
    return builders.events(api, by=by, after=str(before))


def _family(api: TestClient, by: Distributor) -> dict[str, Any]:
    return builders.subscribe(api, by=by, members=[builders.member(), builders.child()])


def _move_to(clock: FixedClock, day: date) -> None:
    clock.advance(timedelta(days=(day - clock.today()).days))


def test_art_9_7_a_member_joins_from_a_date_and_is_insured_from_then(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    seen = len(builders.events(api, by=proximus))
    audited = len(builders.audit_actions(db, created["id"]))
    newborn = builders.child(given_name="Noor", birth_date="2026-11-20") | {
        "joined_on": "2026-12-01"
    }

    response = builders.post(api, f"{AFFILIATIONS}/{created['id']}/members", newborn, by=proximus)

    assert response.status_code == 200, response.text
    (noor,) = _member(response.json(), "Noor")
    assert (noor["relationship"], noor["insured"], noor["joined_on"], noor["left_on"]) == (
        "child",
        True,
        "2026-12-01",
        None,
    )
    assert _get(api, proximus, created["id"]) == response.json()
    (event,) = _new_events(api, proximus, seen)
    assert event["type"] == "household.member_joined"
    assert event["data"]["person_id"] == noor["person_id"]
    assert event["data"]["effective_date"] == "2026-12-01"
    assert builders.audit_actions(db, created["id"])[audited:] == ["household.member_joined"]


def test_art_2_3_a_housemate_joining_later_is_recorded_not_insured(
    api: TestClient, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    housemate = builders.member(relationship="other", given_name="Tom") | {
        "joined_on": "2026-12-01"
    }
    response = builders.post(api, f"{AFFILIATIONS}/{created['id']}/members", housemate, by=proximus)
    assert response.status_code == 200
    (tom,) = _member(response.json(), "Tom")
    assert tom["insured"] is False


def test_art_9_7_a_member_who_leaves_stays_in_the_history_with_the_date(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = _family(api, proximus)
    (emma,) = _member(created, "Emma")
    seen = len(builders.events(api, by=proximus))
    _move_to(clock, date(2027, 2, 1))

    response = builders.post(
        api,
        f"{AFFILIATIONS}/{created['id']}/members/{emma['person_id']}/departure",
        {"left_on": "2027-02-01"},
        by=proximus,
    )

    assert response.status_code == 200, response.text
    (left,) = _member(_get(api, proximus, created["id"]), "Emma")
    assert (left["joined_on"], left["left_on"]) == ("2026-11-27", "2027-02-01")
    (event,) = _new_events(api, proximus, seen)
    assert (event["type"], event["data"]["person_id"]) == (
        "household.member_left",
        emma["person_id"],
    )
    assert builders.audit_actions(db, created["id"])[-1] == "household.member_left"


def test_the_affiliate_cannot_leave_the_household(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    (marie,) = _member(created, "Marie")
    before = builders.row_counts(db)
    response = builders.post(
        api,
        f"{AFFILIATIONS}/{created['id']}/members/{marie['person_id']}/departure",
        {"left_on": "2027-02-01"},
        by=proximus,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "household.affiliate_cannot_leave"
    assert builders.row_counts(db) == before


def test_art_9_7_the_household_moves_and_a_member_who_stays_behind_leaves_it(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = _family(api, proximus)
    (luc,) = _member(created, "Luc")
    seen = len(builders.events(api, by=proximus))
    _move_to(clock, date(2027, 3, 1))
    move = {
        "address": builders.address(street="Korenmarkt", number="1", postcode="9000", city="Gent"),
        "moved_on": "2027-03-01",
        "moving": [luc["person_id"]],  # the affiliate moves anyway; Emma stays behind
    }

    response = builders.post(api, f"{AFFILIATIONS}/{created['id']}/address", move, by=proximus)

    assert response.status_code == 200, response.text
    after = _get(api, proximus, created["id"])
    assert (after["address"]["city"], after["address"]["postcode"]) == ("Gent", "9000")
    (emma,) = _member(after, "Emma")
    assert emma["left_on"] == "2027-03-01"
    assert _member(after, "Luc")[0]["left_on"] is None
    types = [e["type"] for e in _new_events(api, proximus, seen)]
    assert types == ["household.address_changed", "household.member_left"]
    assert builders.audit_actions(db, created["id"])[-2:] == types
    with db.reader() as uow:
        household_id = uow.session.scalar(
            select(AffiliationRow.household_id).where(AffiliationRow.id == created["id"])
        )
        history = [
            (a.city, a.from_date, a.to_date)
            for a in uow.session.scalars(
                select(AddressRow)
                .where(AddressRow.household_id == household_id)
                .order_by(AddressRow.from_date)
            )
        ]
    assert history == [
        ("Bruxelles", TODAY, date(2027, 3, 1)),
        ("Gent", date(2027, 3, 1), None),
    ]


def test_art_3_3_a_move_abroad_is_refused(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    _move_to(clock, date(2027, 3, 1))
    before = builders.row_counts(db)
    abroad = {
        "address": builders.address() | {"country": "FR"},
        "moved_on": "2027-03-01",
    }
    response = builders.post(api, f"{AFFILIATIONS}/{created['id']}/address", abroad, by=proximus)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "#/address/country"
    assert builders.row_counts(db) == before


def test_art_9_7_after_the_affiliates_death_an_adult_member_takes_over(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = _family(api, proximus)
    (marie,), (luc,), (emma,) = (_member(created, n) for n in ("Marie", "Luc", "Emma"))
    seen = len(builders.events(api, by=proximus))
    _move_to(clock, date(2027, 6, 12))
    succession = {
        "died_on": "2027-06-10",
        "new_affiliate_id": luc["person_id"],
        "relationships": {emma["person_id"]: "child"},
    }

    response = builders.post(
        api, f"{AFFILIATIONS}/{created['id']}/affiliate-succession", succession, by=proximus
    )

    assert response.status_code == 200, response.text
    after = _get(api, proximus, created["id"])
    assert after["status"] == "active"  # the contract follows the household
    (deceased,) = _member(after, "Marie")
    assert (deceased["relationship"], deceased["left_on"]) == ("affiliate", "2027-06-11")
    as_spouse, as_affiliate = _member(after, "Luc")
    assert (as_spouse["relationship"], as_spouse["left_on"]) == ("spouse", "2027-06-11")
    assert (as_affiliate["relationship"], as_affiliate["joined_on"]) == ("affiliate", "2027-06-11")
    assert _member(after, "Emma")[0]["left_on"] is None
    events = _new_events(api, proximus, seen)
    assert [e["type"] for e in events] == [
        "household.affiliate_died",
        "household.affiliate_replaced",
    ]
    assert events[0]["data"]["person_id"] == marie["person_id"]
    assert events[1]["data"]["person_id"] == luc["person_id"]
    assert builders.audit_actions(db, created["id"])[-2:] == [e["type"] for e in events]


def test_art_2_4_a_minor_cannot_take_over_from_the_deceased_affiliate(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus, members=[builders.child()])
    (emma,) = _member(created, "Emma")
    _move_to(clock, date(2027, 6, 12))
    before = builders.row_counts(db)

    response = builders.post(
        api,
        f"{AFFILIATIONS}/{created['id']}/affiliate-succession",
        {"died_on": "2027-06-10", "new_affiliate_id": emma["person_id"], "relationships": {}},
        by=proximus,
    )

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["clause"]) == (
        "household.successor_is_minor",
        "Art. 2.4",
    )
    assert builders.row_counts(db) == before


def test_a_household_change_on_an_ended_affiliation_is_refused(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    _move_to(clock, TODAY + timedelta(days=1))
    builders.post(api, f"{AFFILIATIONS}/{created['id']}/withdrawal", {}, by=proximus)
    before = builders.row_counts(db)

    response = builders.post(
        api,
        f"{AFFILIATIONS}/{created['id']}/members",
        builders.child() | {"joined_on": "2026-12-01"},
        by=proximus,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "policy.already_ended"
    assert builders.row_counts(db) == before
