"""Reaching the member from the case workspace (Art. 2.4, 8.4, 11.1): tap-to-call and e-mail
links for the staff working the case (the read logged), nothing for the others; logging a call
outcome or a message, the first contact and the next try; the answer to the member is a portal
message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest

from cybercare.assistance.contacts import CONTACT_DETAILS
from cybercare.audit import trail
from cybercare.bootstrap import Container
from tests.assistance.builders import World
from tests.assistance.helpers import give_contact_details, open_case, read, take, workstream_of
from tests.web.backoffice_world import Login, build_world, logins
from tests.web.conftest import csrf_of

URGENT = {"urgent": True, "urgency_reason": "ongoing_harassment"}


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _post(client, page: str, action: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def test_art_8_4_the_workspace_shows_tap_to_call_and_e_mail_links_of_the_member(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    give_contact_details(db, world.person("adult_child"), "+32470123456", "cas@peeters.example")
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP", **URGENT)
    html = login(world["legal"]).get(f"/staff/cases/{view.case_id}").text
    assert 'href="tel:+32470123456"' in html
    assert 'href="mailto:cas@peeters.example"' in html
    assert 'action="/staff/cases/' + view.case_id + '/contacts"' in html
    with db.reader() as uow:
        reads = trail.events_for(uow, CONTACT_DETAILS, view.case_id)
    assert [e.details["purpose"] for e in reads] == ["backoffice.case"]


def test_art_2_4_a_minors_case_shows_the_legal_representatives_to_call(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    give_contact_details(db, world.person("affiliate"), "+32470111111", "an@peeters.example")
    view = open_case(db, clock, world["affiliate"], world.person("minor"), "EREP", **URGENT)
    html = login(world["psychologist"]).get(f"/staff/cases/{view.case_id}").text
    assert "call their legal representatives" in html
    assert 'href="tel:+32470111111"' in html
    assert "Bram Peeters" in html and "No phone number or e-mail address on file." in html


def test_art_11_1_a_staff_member_outside_the_case_sees_no_contact_details(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    give_contact_details(db, world.person("adult_child"), "+32470123456", "cas@peeters.example")
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    financial = login(world["financial"])
    page = f"/staff/cases/{view.case_id}"
    html = financial.get(page).text
    assert "tel:" not in html and "cas@peeters.example" not in html
    assert "shown to the staff working this case" in html
    refused = _post(
        financial, page, f"/staff/cases/{view.case_id}/contacts", {"result": "call:reached"}
    )
    assert refused.status_code == 403
    with db.reader() as uow:
        assert trail.events_for(uow, CONTACT_DETAILS, view.case_id) == []


def test_art_8_4_taking_then_an_unanswered_call_then_a_reached_call(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP", **URGENT)
    ws = workstream_of(view, "legal")
    legal = login(world["legal"])
    page = f"/staff/cases/{view.case_id}"
    taken = _post(legal, page, f"/staff/workstreams/{ws}/take", {"next": f"{page}?done=taken"})
    assert taken.status_code == 303
    html = legal.get(f"{page}?done=taken").text
    assert "Its first-contact clock runs until you log a call" in html
    assert read(db, clock, world["legal"], view.case_id).first_contact.met_at is None

    action = f"/staff/cases/{view.case_id}/contacts"
    missing = _post(legal, page, action, {"workstream_id": ws})
    assert missing.status_code == 422
    assert "Choose what came of the try" in missing.text
    assert 'id="f-contact-result"' in missing.text

    tried = _post(legal, page, action, {"result": "call:no_answer", "workstream_id": ws})
    assert tried.status_code == 303 and "done=contact_retry" in tried.headers["location"]
    html = legal.get(tried.headers["location"]).text
    assert "Nobody reached yet: try again by" in html and "Call: no answer" in html
    assert read(db, clock, world["legal"], view.case_id).first_contact.met_at is None

    clock.advance(timedelta(minutes=15))  # type: ignore[attr-defined]
    person = world.person("adult_child")
    reached = _post(
        legal, page, action, {"result": "call:reached", "workstream_id": ws, "person_id": person}
    )
    assert "done=contact_first" in reached.headers["location"]
    html = legal.get(reached.headers["location"]).text
    assert "it is the first human contact" in html
    assert "Contact with the member logged" in html  # the history
    assert "Nobody reached yet" not in html
    case = read(db, clock, world["legal"], view.case_id)
    assert case.first_contact.met_at == clock.now()


def test_art_8_4_an_answer_to_the_member_is_a_message_sent_in_the_portal(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "DATA")
    ws = workstream_of(view, "technical")
    take(db, clock, world["technical"], ws)
    technical = login(world["technical"])
    page = f"/staff/cases/{view.case_id}"
    answer = _post(
        technical,
        page,
        f"/staff/cases/{view.case_id}/reply",
        {"workstream_id": ws, "body": "We restore your data today."},
    )
    assert answer.status_code == 303
    html = technical.get(page).text
    assert "Message sent in the portal" in html
    assert re.search(r"First contact</strong>", html)
    assert read(db, clock, world["technical"], view.case_id).first_contact.met_at == clock.now()
