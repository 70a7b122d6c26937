"""Every staff read of personal data in the back office writes the read log (Art. 11, GDPR
Art. 15) in the read's own transaction: one row per person whose data the page shows, with who,
in which function, what and why. The search list itself is not logged; opening a result is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from cybercare.assistance.domain import Compartment
from cybercare.bootstrap import Container
from cybercare.db.tables import NoteAccessLogRow
from tests.assistance.builders import World
from tests.assistance.helpers import (
    consent,
    give_contact_details,
    note,
    open_case,
    take,
    workstream_of,
)
from tests.privacy.readlog_world import URGENT, claim_of_cas, logged
from tests.web.backoffice_world import Login, build_world, logins

PSYCH = Compartment.PSYCHOLOGICAL
HOUSEHOLD = ("affiliate", "partner", "adult_child", "minor", "grandparent", "housemate")


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def test_art_11_opening_a_search_result_logs_a_read_of_everyone_in_the_household_file(
    container: Container, world: World, login: Login
) -> None:
    page = login(world["legal"]).get(f"/staff/affiliations/{world.affiliation_id}?from=search")
    assert page.status_code == 200
    rows = logged(container)
    assert {r.person_id for r in rows} == {world.person(name) for name in HOUSEHOLD}
    assert len(rows) == len(HOUSEHOLD)
    assert {(r.kind, r.purpose, r.case_id, r.staff_function) for r in rows} == {
        ("affiliation_file", "search", None, "legal")
    }
    assert {r.staff_user_id for r in rows} == {world["legal"].user_id}


def test_art_11_the_search_list_itself_is_not_logged(
    container: Container, world: World, login: Login
) -> None:
    page = login(world["legal"]).get("/staff/search?q=peeters")
    assert page.status_code == 200
    assert f"/staff/affiliations/{world.affiliation_id}?from=search" in page.text
    assert logged(container) == []


def test_art_11_the_household_file_opened_from_a_dashboard_is_logged_for_the_dashboard(
    container: Container, world: World, login: Login
) -> None:
    login(world["supervisor"]).get(f"/staff/affiliations/{world.affiliation_id}?from=dashboard")
    assert {(r.purpose, r.staff_function) for r in logged(container)} == {
        ("dashboard", "supervisor")
    }


def test_art_11_the_household_file_opened_by_its_address_is_logged_as_a_look_up(
    container: Container, world: World, login: Login
) -> None:
    login(world["admin"]).get(f"/staff/affiliations/{world.affiliation_id}?from=elsewhere")
    assert {r.purpose for r in logged(container)} == {"lookup"}


def test_art_11_a_file_that_is_not_found_logs_nothing(
    container: Container, world: World, login: Login
) -> None:
    page = login(world["legal"]).get("/staff/affiliations/aff_nobody?from=search")
    assert page.status_code == 404
    assert logged(container) == []


def test_art_11_1_a_case_page_logs_the_case_and_the_contact_details_it_shows(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    give_contact_details(db, world.person("adult_child"), "+32470123456", "cas@peeters.example")
    case = open_case(db, clock, world["adult_child"], world.person("adult_child"), **URGENT)
    page = login(world["legal"]).get(f"/staff/cases/{case.case_id}")
    assert page.status_code == 200
    rows = logged(container)
    assert [(r.kind, r.purpose, r.person_id, r.case_id) for r in rows] == [
        ("case", "case", world.person("adult_child"), case.case_id),
        ("contact_details", "case", world.person("adult_child"), case.case_id),
    ]


def test_art_2_4_a_minors_case_page_logs_the_contact_details_of_the_representatives(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    case = open_case(db, clock, world["affiliate"], world.person("minor"), **URGENT)
    login(world["legal"]).get(f"/staff/cases/{case.case_id}")
    rows = logged(container)
    assert {(r.kind, r.person_id) for r in rows} == {
        ("case", world.person("minor")),
        ("contact_details", world.person("affiliate")),
        ("contact_details", world.person("partner")),
    }


def test_art_11_1_staff_outside_the_case_teams_log_the_case_without_contact_details(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    case = open_case(db, clock, world["adult_child"], world.person("adult_child"), **URGENT)
    login(world["financial"]).get(f"/staff/cases/{case.case_id}")
    assert [(r.kind, r.staff_function) for r in logged(container)] == [("case", "financial")]


def test_art_11_2_the_counsellor_reading_psychological_notes_is_logged_in_both_logs(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    case = open_case(db, clock, world["adult_child"], world.person("adult_child"), **URGENT)
    ws = workstream_of(case, "psychological")
    take(db, clock, world["psychologist"], ws)
    consent(db, clock, world["adult_child"], world.person("adult_child"))  # GDPR art. 9(2)(a)
    note(db, clock, world["psychologist"], ws, "Sleeps badly since the posts", PSYCH)
    before = {r.kind for r in logged(container)}  # the note's writer read nothing yet
    login(world["psychologist"]).get(f"/staff/cases/{case.case_id}")
    rows = logged(container)
    assert before == set()
    assert ("psychological_notes", "psychological") in {(r.kind, r.staff_function) for r in rows}
    with db.reader() as uow:
        note_reads = uow.session.scalars(
            select(NoteAccessLogRow.purpose).where(NoteAccessLogRow.case_id == case.case_id)
        ).all()
    assert "backoffice.case" in note_reads  # Art. 11.2's own log, note by note, is kept


def test_art_11_2_other_staff_do_not_read_psychological_notes_nor_log_them(
    container: Container, world: World, login: Login
) -> None:
    db, clock = container.database, container.clock
    case = open_case(db, clock, world["adult_child"], world.person("adult_child"), **URGENT)
    ws = workstream_of(case, "psychological")
    take(db, clock, world["psychologist"], ws)
    consent(db, clock, world["adult_child"], world.person("adult_child"))  # GDPR art. 9(2)(a)
    note(db, clock, world["psychologist"], ws, "Sleeps badly since the posts", PSYCH)
    login(world["legal"]).get(f"/staff/cases/{case.case_id}")
    assert "psychological_notes" not in {r.kind for r in logged(container)}


def test_art_8_3_viewing_an_evidence_file_logs_a_read_to_handle_the_claim(
    container: Container, world: World, login: Login
) -> None:
    claim = claim_of_cas(container, world, 150_000)
    evidence = claim.evidence[0]
    url = f"/staff/claims/{claim.claim_id}/evidence/{evidence.evidence_id}"
    assert login(world["claims_handler"]).get(url).status_code == 200
    assert [
        (r.kind, r.purpose, r.person_id, r.case_id, r.staff_function) for r in logged(container)
    ] == [("evidence", "claim", world.person("adult_child"), claim.case_id, "claims_handler")]
