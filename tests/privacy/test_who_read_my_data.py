""" "Who read my data" in the portal (Art. 11, GDPR Art. 15): each staff read of the member's
data with its Brussels time, the reader's function (not their name), what and why, in the
member's language (Art. 11.4). Art. 11.3 is the service's: an adult sees the reads of their own
data, the legal representative those of the minor's, nobody another adult's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cybercare.bootstrap import Container
from cybercare.identity.domain import Principal
from cybercare.privacy.read_log import Read, ReadKind, ReadLogRefused, ReadPurpose
from cybercare.privacy.read_log_service import reads_of_person, reads_seen_by, record_reads
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import open_case, run
from tests.privacy.readlog_world import URGENT
from tests.web.backoffice_world import Login, build_world, logins

PAGE = "/portal/privacy/reads"


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _case_read(container: Container, world: World, staff: str, person: str) -> str:
    """A case of `person` (opened by them, or for a minor by the affiliate), read by `staff`."""
    db, clock = container.database, container.clock
    opener = "affiliate" if person == "minor" else person
    case = open_case(db, clock, world[opener], world.person(person), **URGENT)
    read = Read(
        ReadKind.CASE, ReadPurpose.CASE, world.household_id, (world.person(person),), case.case_id
    )
    run(db, lambda uow: record_reads(uow, world[staff], [read], clock))
    return case.case_id


def test_art_11_the_member_sees_who_read_their_case_by_function_when_and_why(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case_read(container, world, "legal", "adult_child")
    page = login(world["adult_child"]).get(PAGE + "?lang=en")
    assert page.status_code == 200
    html = page.text
    assert "Who read my data" in html
    assert "27 November 2026" in html and "10:00" in html  # 09:00 UTC is 10:00 in Brussels
    assert "A lawyer of the legal team" in html
    assert "A case (what was reported and the teams" in html
    assert f'href="/portal/cases/{case_id}"' in html
    assert "E-reputation" in html or "reputation" in html.lower()
    assert "Your own data" in html
    assert world["legal"].user_id not in html  # the function, never who
    assert "legal@cybercare.example" not in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "nl",
            (
                "Wie las mijn gegevens",
                "Een jurist van het juridische team",
                "Om te werken aan het dossier",
            ),
        ),
        (
            "fr",
            (
                "Qui a consulté mes données",
                "Un juriste de l",
                "Pour traiter le dossier",
            ),
        ),
        ("de", ("Wer meine Daten gelesen hat", "juristischen Teams", "Um den Fall")),
        ("en", ("Who read my data", "A lawyer of the legal team", "To work on the case")),
    ],
)
def test_art_11_4_the_page_speaks_the_members_language(
    container: Container, world: World, login: Login, language: str, words: tuple[str, ...]
) -> None:
    _case_read(container, world, "legal", "adult_child")
    html = login(world["adult_child"]).get(f"{PAGE}?lang={language}").text
    for word in words:
        assert word in html, word


def test_art_11_3_another_adult_of_the_household_does_not_see_the_reads_of_an_adults_case(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case_read(container, world, "legal", "adult_child")
    for adult in ("affiliate", "partner", "grandparent"):
        html = login(world[adult]).get(PAGE + "?lang=en").text
        assert case_id not in html, adult
        assert "None of our staff has read your personal data yet." in html, adult


def test_art_11_3_the_legal_representative_sees_the_reads_of_the_minors_data(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case_read(container, world, "psychologist", "minor")
    html = login(world["affiliate"]).get(PAGE + "?lang=en").text
    assert case_id in html
    assert "Dina (a minor you represent)" in html
    assert "A psychologist of the psychological assistance" in html


def test_art_11_3_an_adult_who_does_not_represent_the_minor_does_not_see_their_reads(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case_read(container, world, "legal", "minor")
    for adult in ("adult_child", "grandparent"):
        assert case_id not in login(world[adult]).get(PAGE).text, adult


def test_art_11_3_the_service_refuses_another_adults_reads_even_without_the_page(
    container: Container, world: World
) -> None:
    _case_read(container, world, "legal", "adult_child")
    with container.database.reader() as uow:
        for adult in ("affiliate", "partner"):
            assert reads_seen_by(uow, world[adult], container.clock) == [], adult
        own = reads_seen_by(uow, world["adult_child"], container.clock)
    assert [(s.own, s.read.kind) for s in own] == [(True, ReadKind.CASE)]


def test_art_11_3_a_member_of_another_household_sees_none_of_these_reads(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case_read(container, world, "legal", "adult_child")
    other = household_world(container.database, container.clock, suffix="2", with_staff=False)
    stranger: Principal = other["adult_child"]
    with container.database.reader() as uow:
        assert reads_seen_by(uow, stranger, container.clock) == []
    assert case_id not in login(stranger).get(PAGE).text


def test_art_11_staff_have_no_page_of_reads_of_their_own(
    container: Container, world: World
) -> None:
    with container.database.reader() as uow, pytest.raises(ReadLogRefused):
        reads_seen_by(uow, world["supervisor"], container.clock)


def test_art_11_without_signing_in_the_page_sends_to_the_sign_in(
    container: Container, world: World, login: Login
) -> None:
    from fastapi.testclient import TestClient

    from cybercare.app import create_app

    with TestClient(create_app(container=container), base_url="https://testserver") as anonymous:
        answer = anonymous.get(PAGE, follow_redirects=False)
    assert answer.status_code in (303, 401, 403)
    assert "/portal/cases/" not in answer.text


def test_art_11_the_account_page_of_a_member_links_to_who_read_my_data(
    container: Container, world: World, login: Login
) -> None:
    assert f'href="{PAGE}"' in login(world["adult_child"]).get("/account").text
    assert f'href="{PAGE}"' not in login(world["legal"]).get("/account").text


def test_gdpr_15_reads_of_person_gives_the_export_every_read_newest_first(
    container: Container, world: World
) -> None:
    first = _case_read(container, world, "legal", "adult_child")
    container.clock.advance(__import__("datetime").timedelta(hours=1))  # type: ignore[attr-defined]
    second = _case_read(container, world, "technical", "adult_child")
    with container.database.reader() as uow:
        reads = reads_of_person(uow, world.person("adult_child"))
        assert reads_of_person(uow, world.person("partner")) == []
    assert [r.case_id for r in reads] == [second, first]
    assert [r.staff_function for r in reads] == ["technical", "legal"]
