"""The team queues of the back office (Art. 8.4): ordered by the first-contact deadline, the time
left in words, breaches and urgent cases said in text (not colour alone), unassigned vs mine,
"Take" with an htmx row update, and who may read which queue."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from cybercare.bootstrap import Container
from cybercare.identity.service import create_staff_user
from tests.assistance.builders import World
from tests.assistance.helpers import open_case, read, take, workstream_of
from tests.web.backoffice_world import Login, build_world, later, logins
from tests.web.conftest import csrf_of


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _open(container: Container, world: World, who: str, **changes: object) -> str:
    view = open_case(
        container.database,
        container.clock,
        world[who],
        world.person(changes.pop("person", "adult_child")),
        **changes,  # type: ignore[arg-type]
    )
    return view.case_id


def _rows(html: str, table_id: str) -> list[str]:
    section = html.split(f'id="queue-{table_id}"', 1)[1].split("</section>", 1)[0]
    return list(dict.fromkeys(re.findall(r'<a href="/staff/cases/(case_[A-Za-z0-9_]+)', section)))


def test_art_8_4_queue_lists_the_nearest_deadline_first_with_time_left(
    container: Container, world: World, login: Login
) -> None:
    normal = _open(container, world, "adult_child", guarantee="ASSIST")
    urgent = _open(
        container,
        world,
        "affiliate",
        person="affiliate",
        guarantee="ASSIST",
        urgent=True,
        urgency_reason="distress",
    )
    page = login(world["technical"]).get("/staff")
    assert page.status_code == 200
    assert _rows(page.text, "technical") == [urgent, normal]
    assert "in 1 h" in page.text  # the urgent one-hour clock (Art. 8.4)
    assert "in 3 days" in page.text  # Friday 10:00 -> Monday 10:00: one working day
    assert "Urgent" in page.text and "Person in distress" in page.text
    assert "SLA breached" not in page.text


def test_art_8_4_a_breach_is_highlighted_in_words_and_with_how_late(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(
        container,
        world,
        "adult_child",
        guarantee="DATA",
        urgent=True,
        urgency_reason="ongoing_fraud",
    )
    later(container, hours=3)
    page = login(world["technical"]).get("/staff/queues/technical")
    assert page.status_code == 200
    row = page.text.split(f"/staff/cases/{case_id}", 1)[0].rsplit("<tr", 1)[1]
    assert 'class="breached urgent"' in row
    assert "SLA breached" in page.text
    assert "2 h late" in page.text
    assert "1 past its deadline" in page.text


def test_unassigned_and_mine_filter_the_team_queue(
    container: Container, world: World, login: Login
) -> None:
    mine = _open(container, world, "adult_child", guarantee="DATA")
    free = _open(container, world, "affiliate", person="affiliate", guarantee="DATA")
    view_ws = workstream_of(
        read(container.database, container.clock, world["technical"], mine), "technical"
    )
    take(container.database, container.clock, world["technical"], view_ws)
    client = login(world["technical"])
    assert set(_rows(client.get("/staff/queues/technical").text, "technical")) == {mine, free}
    assert _rows(client.get("/staff/queues/technical?show=mine").text, "technical") == [mine]
    assert _rows(client.get("/staff/queues/technical?show=unassigned").text, "technical") == [free]


def test_take_with_htmx_replaces_the_row_and_assigns_the_workstream(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="DATA")
    client = login(world["technical"])
    page = client.get("/staff/queues/technical")
    action = re.search(r'action="(/staff/workstreams/(ws_[A-Za-z0-9_]+)/take)"', page.text)
    assert action is not None
    answer = client.post(
        action.group(1),
        data={"csrf_token": csrf_of(page.text), "next": "/staff/queues/technical"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith("<tr")  # only the row: htmx swaps it in place
    assert "You took it." in answer.text
    assert "<strong>You</strong>" in answer.text
    # Taking only assigns: the first-contact clock runs until a contact is logged (Art. 8.4).
    assert "Contact made" not in answer.text and "Due by" in answer.text
    assert "/take" not in answer.text  # no second "Take"
    again = client.get("/staff/queues/technical?show=mine")
    assert _rows(again.text, "technical") == [case_id]


def test_take_without_javascript_redirects_back(
    container: Container, world: World, login: Login
) -> None:
    _open(container, world, "adult_child", guarantee="DATA")
    client = login(world["technical"])
    page = client.get("/staff")
    action = re.search(r'action="(/staff/workstreams/ws_[A-Za-z0-9_]+/take)"', page.text)
    assert action is not None
    answer = client.post(
        action.group(1),
        data={"csrf_token": csrf_of(page.text), "next": "/staff"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/staff"


def test_take_of_a_workstream_another_agent_took_meanwhile_says_so(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    legal = login(world["legal"])
    page = legal.get("/staff/queues/legal")
    action = re.search(r'action="(/staff/workstreams/(ws_[A-Za-z0-9_]+)/take)"', page.text)
    assert action is not None
    with container.database.uow() as uow:
        colleague = create_staff_user(
            uow,
            email="colleague@cybercare.example",
            display_name="Colleague",
            roles=["legal"],
            clock=container.clock,
            actor="test",
        )
        uow.commit()
    take(container.database, container.clock, colleague, action.group(2))
    answer = legal.post(
        action.group(1),
        data={"csrf_token": csrf_of(page.text)},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "another agent may hold it now" in answer.text
    assert "Colleague" in answer.text
    assert case_id in answer.text


def test_another_teams_agent_gets_no_take_button_and_is_refused(
    container: Container, world: World, login: Login
) -> None:
    _open(container, world, "adult_child", guarantee="DATA")  # technical only
    supervisor = login(world["supervisor"])
    page = supervisor.get("/staff/queues/technical")
    assert page.status_code == 200  # supervisors read every queue
    assert "/take" not in page.text  # but take nothing
    legal = login(world["legal"])
    assert legal.get("/staff/queues/technical").status_code == 403


def test_supervisor_and_admin_see_every_team(
    container: Container, world: World, login: Login
) -> None:
    for who in ("supervisor", "admin"):
        page = login(world[who]).get("/staff")
        assert page.status_code == 200
        for team in ("technical", "legal", "financial", "psychological"):
            assert f'id="queue-{team}"' in page.text


def test_team_agent_sees_only_their_teams_and_the_triage_queue(
    container: Container, world: World, login: Login
) -> None:
    untriaged = _open(container, world, "adult_child", guarantee=None)
    page = login(world["legal"]).get("/staff")
    assert 'id="queue-legal"' in page.text
    assert 'id="queue-technical"' not in page.text
    assert 'id="queue-claims"' not in page.text
    assert _rows(page.text, "triage") == [untriaged]


def test_claims_handler_sees_the_claims_queue_and_no_team_queue(
    container: Container, world: World, login: Login
) -> None:
    page = login(world["claims_handler"]).get("/staff")
    assert page.status_code == 200
    assert 'id="queue-claims"' in page.text
    assert 'id="queue-technical"' not in page.text
    assert "No claim waits for a decision." in page.text


def test_a_member_gets_403_on_the_back_office(world: World, login: Login) -> None:
    member = login(world["affiliate"])
    assert member.get("/staff").status_code == 403
    assert member.get("/staff/queues/legal").status_code == 403


def test_not_signed_in_goes_to_the_sign_in_page(portal_client: object) -> None:
    answer = portal_client.get("/staff", follow_redirects=False)  # type: ignore[attr-defined]
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fstaff"


def test_unknown_queue_is_404(world: World, login: Login) -> None:
    assert login(world["technical"]).get("/staff/queues/marketing").status_code == 404


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nl", "Wachtrijen van de teams"),
        ("fr", "Files d'attente des équipes"),
        ("de", "Warteschlangen der Teams"),
    ],
)
def test_queues_in_each_language(
    container: Container, world: World, login: Login, lang: str, text: str
) -> None:
    _open(container, world, "adult_child", guarantee="DATA")
    page = login(world["technical"]).get(f"/staff?lang={lang}")
    assert page.status_code == 200
    assert text in page.text
    assert f'<html lang="{lang}"' in page.text


def test_queue_table_is_accessible(container: Container, world: World, login: Login) -> None:
    _open(container, world, "adult_child", guarantee="DATA")
    page = login(world["technical"]).get("/staff/queues/technical").text
    assert "<caption>" in page
    assert '<th scope="col">' in page
    assert '<th scope="row"' in page
    assert "style=" not in page
    assert "<style" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None
