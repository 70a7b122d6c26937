"""Consent given on the phone, in the back office (GDPR art. 7, 9(2)(a); Art. 11.2, 11.3): the
workstream shows it waits for consent, the agent reads the exact text in the call's language,
records who agreed (an adult, or a minor's legal representative, never the minor), and a
withdrawal asked on the phone; the agent is kept with the consent."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import pytest

from cybercare.assistance.domain import Compartment
from cybercare.bootstrap import Container
from cybercare.consent import consent_service
from cybercare.consent.text_files import consent_texts
from tests.assistance.builders import World
from tests.assistance.helpers import note, open_case, read, take, workstream_of
from tests.web.backoffice_world import Login, build_world, logins
from tests.web.conftest import csrf_of

TEXT = consent_texts("psychological_assistance")


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _case(container: Container, world: World, person: str, who: str) -> str:
    view = open_case(container.database, container.clock, world[who], world.person(person), "EREP")
    return view.case_id


def test_gdpr_9_2_a_the_case_page_shows_the_workstream_waiting_for_consent(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case(container, world, "adult_child", "adult_child")
    page = login(world["psychologist"]).get(f"/staff/cases/{case_id}").text
    assert page.count('data-consent="waiting"') == 1  # the psychological workstream only
    assert f'href="/staff/cases/{case_id}/consent"' in page


def test_gdpr_7_the_agent_records_a_minors_consent_given_by_the_representative_on_the_phone(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case(container, world, "minor", "affiliate")
    agent = login(world["technical"])
    page = agent.get(f"/staff/cases/{case_id}/consent", params={"read_in": "fr"}).text
    assert TEXT.current(container.clock.today()).text("fr").splitlines()[0][2:] in unescape(page)
    assert f'value="{world.person("minor")}"' not in page  # the minor does not consent alone
    assert f'value="{world.person("affiliate")}"' in page
    answer = agent.post(
        f"/staff/cases/{case_id}/consent",
        data={
            "given_by_person_id": world.person("affiliate"),
            "text_version": TEXT.current(container.clock.today()).version,
            "language": "fr",
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with container.database.reader() as uow:
        (given,) = consent_service.consents_of_person(uow, world.person("minor"))
    assert (given.channel, given.language, given.given_by_person_id) == (
        "phone",
        "fr",
        world.person("affiliate"),
    )
    assert given.recorded_by_user_id == world["technical"].user_id
    psych = workstream_of(
        read(container.database, container.clock, world["psychologist"], case_id),
        "psychological",
    )
    take(container.database, container.clock, world["psychologist"], psych)
    note(
        container.database,
        container.clock,
        world["psychologist"],
        psych,
        "x",
        Compartment.PSYCHOLOGICAL,
    )


def test_gdpr_7_3_the_agent_records_a_withdrawal_asked_on_the_phone(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case(container, world, "adult_child", "adult_child")
    agent = login(world["legal"])
    page = agent.get(f"/staff/cases/{case_id}/consent").text
    agent.post(
        f"/staff/cases/{case_id}/consent",
        data={
            "given_by_person_id": world.person("adult_child"),
            "text_version": TEXT.current(container.clock.today()).version,
            "language": "nl",
            "csrf_token": csrf_of(page),
        },
    )
    with container.database.reader() as uow:
        state = consent_service.consent_state(
            uow, world["legal"], world.person("adult_child"), container.clock.today()
        )
    assert state.consent is not None
    page = agent.get(f"/staff/cases/{case_id}/consent").text
    assert 'data-consent="given"' in page
    answer = agent.post(
        f"/staff/consents/{state.consent.consent_id}/withdrawal",
        data={
            "case_id": case_id,
            "requested_by_person_id": world.person("adult_child"),
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with container.database.reader() as uow:
        (record,) = consent_service.consents_of_person(uow, world.person("adult_child"))
    assert record.withdrawal_channel == "phone"
    assert 'data-consent="waiting"' in agent.get(f"/staff/cases/{case_id}/consent").text


def test_art_11_3_on_the_phone_another_adult_cannot_consent_for_an_adult(
    container: Container, world: World, login: Login
) -> None:
    case_id = _case(container, world, "adult_child", "adult_child")
    agent = login(world["technical"])
    page = agent.get(f"/staff/cases/{case_id}/consent").text
    assert f'value="{world.person("affiliate")}"' not in page
    refused = agent.post(
        f"/staff/cases/{case_id}/consent",
        data={
            "given_by_person_id": world.person("affiliate"),
            "text_version": TEXT.current(container.clock.today()).version,
            "language": "nl",
            "csrf_token": csrf_of(page),
        },
    )
    assert refused.status_code == 403
    with container.database.reader() as uow:
        assert consent_service.consents_of_person(uow, world.person("adult_child")) == []
