"""The household's members (Art. 2.2, 2.3, 9.7, 11.3): the affiliate adds a family member and
records that one leaves, a non-family housemate is refused with Art. 2.3 as a form error; the
other members read the list and are refused the changes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cybercare.audit import trail
from cybercare.bootstrap import Container
from cybercare.policy import repository
from tests.web.conftest import post_form
from tests.web.portal_world import login, peeters

NEW_CHILD = {
    "given_name": "Eli",
    "family_name": "Peeters",
    "birth_date": "2026-03-14",
    "relationship": "child",
    "joined_on": "2026-11-27",
    "language": "nl",
    "email": "",
}


def _members(container: Container, affiliation_id: str) -> dict[str, tuple[str, object]]:
    with container.database.reader() as uow:
        household = repository.load(uow, affiliation_id).household
    names = {p.person_id: p.given_name for p in household.people}
    return {names[m.person_id]: (m.relationship.value, m.left_on) for m in household.memberships}


def test_art_9_7_the_affiliate_adds_a_family_member(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    answer = post_form(portal_client, "/portal/members", "/portal/members", NEW_CHILD)
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert _members(container, world.affiliation_id)["Eli"] == ("child", None)
    page = portal_client.get("/portal/members?done=added&lang=en")
    assert "Eli Peeters" in page.text
    assert "The new member is recorded" in page.text
    with container.database.reader() as uow:
        events = trail.events_for(uow, "affiliation", world.affiliation_id)
    joined = [e for e in events if e.action == "household.member_joined"]
    assert joined and joined[-1].actor == world["affiliate"].actor


def test_art_2_3_a_housemate_who_is_not_family_is_refused_as_a_form_error(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    data = {**NEW_CHILD, "given_name": "Gert", "relationship": "other"}
    answer = post_form(portal_client, "/portal/members?lang=en", "/portal/members", data)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert "is not family is not insured (Art. 2.3)" in html
    assert 'id="f-relationship"' in html and 'aria-invalid="true"' in html
    assert 'href="#f-relationship"' in html  # the error summary links to the field
    assert 'value="Gert"' in html  # what was typed is kept
    assert "Gert" not in _members(container, world.affiliation_id)


def test_invalid_dates_are_form_errors(portal_client: TestClient, container: Container) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    data = {**NEW_CHILD, "birth_date": "2030-01-01", "joined_on": "yesterday"}
    answer = post_form(portal_client, "/portal/members?lang=en", "/portal/members", data)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert "Enter a valid date" in html
    data = {**NEW_CHILD, "birth_date": "2030-01-01"}
    answer = post_form(portal_client, "/portal/members?lang=en", "/portal/members", data)
    assert "Enter a date of birth that is not in the future." in answer.text  # type: ignore[attr-defined]
    data = {**NEW_CHILD, "joined_on": "2024-01-01"}
    answer = post_form(portal_client, "/portal/members?lang=en", "/portal/members", data)
    assert "The date cannot be before the start of the contract." in answer.text  # type: ignore[attr-defined]
    assert "Eli" not in _members(container, world.affiliation_id)


def test_art_9_7_the_affiliate_records_that_a_member_leaves(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    leaving = world.person("adult_child")
    answer = post_form(
        portal_client,
        "/portal/members",
        f"/portal/members/{leaving}/leaves",
        {"left_on": "2026-11-27"},
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert _members(container, world.affiliation_id)["Cas"][1] is not None
    html = portal_client.get("/portal/members", params={"lang": "en"}).text
    assert "Former members" in html and "Cas Peeters" in html
    home = portal_client.get("/portal", params={"lang": "en"}).text
    assert "Cas Peeters" not in home  # no longer insured from that day


def test_the_affiliate_does_not_leave_the_household(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    me = world.person("affiliate")
    answer = post_form(
        portal_client,
        "/portal/members?lang=en",
        f"/portal/members/{me}/leaves",
        {"left_on": "2026-11-27"},
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "the contract is terminated instead" in answer.text  # type: ignore[attr-defined]


def test_art_11_3_another_member_reads_the_list_but_may_not_change_it(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "partner")
    page = portal_client.get("/portal/members", params={"lang": "en"})
    assert page.status_code == 200
    assert "An Peeters" in page.text and "Dina Peeters" in page.text
    assert 'action="/portal/members"' not in page.text
    assert "Only the affiliate, An Peeters, adds a member" in page.text
    added = post_form(portal_client, "/portal/members", "/portal/members", NEW_CHILD)
    assert added.status_code == 403  # type: ignore[attr-defined]
    leaving = world.person("adult_child")
    left = post_form(
        portal_client,
        "/portal/members",
        f"/portal/members/{leaving}/leaves",
        {"left_on": "2026-11-27"},
    )
    assert left.status_code == 403  # type: ignore[attr-defined]
    members = _members(container, world.affiliation_id)
    assert "Eli" not in members and members["Cas"][1] is None
