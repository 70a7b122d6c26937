"""The staff page that registers a data request received by letter, phone or e-mail (GDPR
art. 12.3) and hands its copy over (Art. 11.2: without psychological notes). Supervisors and
administrators only; members and the other staff roles are refused. Both databases."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.privacy.request_queries import handover_requests
from tests.privacy.helpers import (
    PSYCH_NOTE,
    archive_names,
    archive_text,
    case_with_notes,
    run_the_worker,
)
from tests.web.conftest import csrf_of, post_form
from tests.web.portal_world import login, peeters

PAGE = "/staff/data-requests"


@pytest.fixture
def world(container: Container) -> Any:
    return peeters(container)


def _register(client: TestClient, **fields: str) -> Any:
    return post_form(client, PAGE, PAGE, fields)


def test_gdpr_12_3_a_supervisor_registers_a_letter_and_hands_over_the_copy(
    portal_client: TestClient, container: Container, world: Any, tmp_path: Path
) -> None:
    case_with_notes(container, world, "adult_child")
    login(portal_client, container, world, "supervisor")
    received = container.clock.today() - timedelta(days=3)
    answer = _register(
        portal_client,
        person_id=world.person("adult_child"),
        channel="letter",
        received_on=received.isoformat(),
    )
    assert answer.status_code == 303
    page = portal_client.get(answer.headers["location"])
    assert "being prepared" in page.text
    assert "Being prepared." in page.text
    run_the_worker(container, tmp_path)
    page = portal_client.get(PAGE)
    link = page.text.split('href="/staff/data-requests/')[1].split('"')[0]
    copy = portal_client.get(f"/staff/data-requests/{link}")
    assert copy.status_code == 200
    assert "data.json" in archive_names(copy.content)
    assert PSYCH_NOTE not in archive_text(copy.content)  # Art. 11.2
    assert len(list(tmp_path.glob("*.eml"))) == 0  # staff answer a letter, no portal e-mail


def test_an_administrator_may_open_the_page(
    portal_client: TestClient, container: Container, world: Any
) -> None:
    login(portal_client, container, world, "admin")
    page = portal_client.get(PAGE)
    assert page.status_code == 200
    assert 'name="csrf_token"' in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"person_id": "", "channel": "letter"}, "Enter the reference of an insured person"),
        ({"person_id": "per_nobody", "channel": "phone"}, "Enter the reference of an insured"),
        ({"channel": "portal"}, "Choose how the data request was received."),
        ({"received_on": "2026-13-40"}, "Enter the day the data request was received"),
        ({"received_on": "tomorrow"}, "Enter the day the data request was received"),
    ],
)
def test_the_form_says_what_is_wrong_and_registers_nothing(
    portal_client: TestClient,
    container: Container,
    world: Any,
    fields: dict[str, str],
    message: str,
) -> None:
    login(portal_client, container, world, "supervisor")
    values = {
        "person_id": world.person("adult_child"),
        "channel": "letter",
        "received_on": container.clock.today().isoformat(),
        **fields,
    }
    if values["received_on"] == "tomorrow":
        values["received_on"] = (container.clock.today() + timedelta(days=1)).isoformat()
    answer = _register(portal_client, **values)
    assert answer.status_code == 422
    assert message in answer.text
    assert 'class="error-summary"' in answer.text
    assert "No data request was received by letter, phone or e-mail yet." in answer.text


def test_a_post_without_the_csrf_token_is_refused(
    portal_client: TestClient, container: Container, world: Any
) -> None:
    login(portal_client, container, world, "supervisor")
    answer = portal_client.post(
        PAGE,
        data={
            "person_id": world.person("adult_child"),
            "channel": "letter",
            "received_on": container.clock.today().isoformat(),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "No data request was received" in portal_client.get(PAGE).text


@pytest.mark.parametrize("who", ["affiliate", "technical", "psychologist", "claims_handler"])
def test_art_11_only_supervisors_and_administrators_register_or_hand_over(
    portal_client: TestClient, container: Container, world: Any, who: str
) -> None:
    login(portal_client, container, world, "supervisor")
    registered = _register(
        portal_client,
        person_id=world.person("adult_child"),
        channel="phone",
        received_on=container.clock.today().isoformat(),
    )
    assert registered.status_code == 303
    portal_client.cookies.clear()
    login(portal_client, container, world, who)
    forbidden = portal_client.get(PAGE)
    assert forbidden.status_code == 403
    token = csrf_of(forbidden.text)  # the token of this session (the layout's sign-out form)
    refused = portal_client.post(
        PAGE,
        data={
            "csrf_token": token,
            "person_id": world.person("partner"),
            "channel": "letter",
            "received_on": container.clock.today().isoformat(),
        },
        follow_redirects=False,
    )
    assert refused.status_code == 403
    with container.database.reader() as uow:
        assert [r.channel for r in handover_requests(uow, container.clock.now())] == ["phone"]
