"""GDPR art. 17 in the pages: the member asks in the portal and reads the answer in their
language with its legal basis; staff register a letter and a supervisor answers it from the
dashboard's panel of open requests (art. 12.3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from tests.assistance.builders import World
from tests.web.backoffice_world import Login, build_world, logins
from tests.web.conftest import csrf_of
from tests.web.portal_world import login as portal_login


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def staff_login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def test_art_17_member_with_a_running_contract_reads_what_is_kept_and_why(
    portal_client: TestClient, container: Container, world: World
) -> None:
    portal_login(portal_client, container, world, "affiliate")
    page = portal_client.get("/portal/privacy/erasure?lang=fr")
    assert page.status_code == 200
    assert "Effacer mes données" in page.text
    asked = portal_client.post(
        "/portal/privacy/erasure", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert asked.status_code == 303
    answer = portal_client.get("/portal/privacy/erasure?lang=fr").text
    assert "Répondu : une partie de vos données doit encore être conservée." in answer
    assert "tant que votre assurance ou votre dossier court" in answer
    assert "art. 88" in answer  # the legal basis, cited


def test_art_12_3_staff_register_a_letter_and_a_supervisor_answers_it(
    staff_login: Login, world: World
) -> None:
    agent = staff_login(world["technical"])
    page = agent.get("/staff/dashboards")
    assert "No erasure request is waiting for an answer." in page.text
    registered = agent.post(
        "/staff/privacy/erasure-requests",
        data={
            "csrf_token": csrf_of(page.text),
            "person_id": world.person("affiliate"),
            "channel": "letter",
            "received_on": "2026-11-20",
        },
        follow_redirects=False,
    )
    assert registered.status_code == 303
    panel = agent.get(registered.headers["location"]).text
    assert "The erasure request is registered" in panel
    assert "20 December 2026" in panel  # a month after receipt
    refused = agent.post(
        _answer_action(panel), data={"csrf_token": csrf_of(panel)}, follow_redirects=False
    )
    assert "erasure=forbidden" in refused.headers["location"]
    supervisor = staff_login(world["supervisor"])
    board = supervisor.get("/staff/dashboards").text
    done = supervisor.post(
        _answer_action(board), data={"csrf_token": csrf_of(board)}, follow_redirects=False
    )
    assert "erasure=answered" in done.headers["location"]
    assert "No erasure request is waiting" in supervisor.get("/staff/dashboards").text


def _answer_action(html: str) -> str:
    start = html.index('action="/staff/privacy/erasure-requests/') + len('action="')
    return html[start : html.index('"', start)]
