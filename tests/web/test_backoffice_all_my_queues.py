"""Issue 14, "all my queues" (Art. 8.4, 2.4, 11): an agent of several teams sees every open
workstream of their teams in one list — breached rows first (the most overdue first), then the
least time left — across teams, each row with the person concerned, a minor flag, the team, the
urgency, the clock and who holds it. Nobody reads another team's rows there; members and
distributors never read it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from cybercare.assistance.domain import ActionRefused, Compartment
from cybercare.assistance.staff_queries import my_queues
from cybercare.bootstrap import Container
from cybercare.identity.service import create_staff_user
from tests.api.builders import api_key
from tests.assistance.builders import World
from tests.assistance.helpers import consent, note, open_case, read, run, take, workstream_of
from tests.web.backoffice_world import Login, build_world, later, logins


@pytest.fixture
def world(container: Container) -> World:
    built = build_world(container)
    with container.database.uow() as uow:
        built.users["two_teams"] = create_staff_user(
            uow,
            email="two_teams@cybercare.example",
            display_name="Two teams",
            roles=["technical", "legal"],
            clock=container.clock,
            actor="test",
        )
        uow.commit()
    return built


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _open(
    container: Container, world: World, guarantee: str, person: str = "adult_child", **kw: object
) -> str:
    view = open_case(
        container.database,
        container.clock,
        world["technical"],  # on the phone line (Art. 8.1)
        world.person(person),
        guarantee,
        **kw,  # type: ignore[arg-type]
    )
    return view.case_id


def _rows(html: str) -> list[str]:
    section = html.split('id="queue-all"', 1)[1].split("</section>", 1)[0]
    return re.findall(
        r'<tr id="row-[^"]*"[^>]*>\s*<th scope="row"[^>]*>\s*<a href="/staff/cases/'
        r"(case_[A-Za-z0-9_]+)",
        section,
    )


def _staggered(container: Container, world: World) -> dict[str, str]:
    """Four cases over two teams, opened so that at 12:10 the technical one is 70 min late,
    a legal one 10 min late, another legal one due in 20 min and a technical one in days."""
    cases = {
        "technical_late": _open(
            container, world, "DATA", urgent=True, urgency_reason="ongoing_fraud"
        )
    }
    later(container, hours=1)
    cases["legal_late"] = _open(container, world, "ECOM", urgent=True, urgency_reason="distress")
    cases["technical_days"] = _open(container, world, "DATA", person="partner")
    later(container, minutes=30)
    cases["legal_soon"] = _open(
        container,
        world,
        "ECOM",
        person="partner",
        urgent=True,
        urgency_reason="ongoing_harassment",
    )
    later(container, minutes=40)
    return cases


def test_art_8_4_all_my_queues_orders_breached_rows_first_then_by_time_left_across_teams(
    container: Container, world: World, login: Login
) -> None:
    cases = _staggered(container, world)
    page = login(world["two_teams"]).get("/staff/queues/all")
    assert page.status_code == 200
    assert _rows(page.text) == [
        cases["technical_late"],  # 70 min late
        cases["legal_late"],  # 10 min late
        cases["legal_soon"],  # due in 20 min
        cases["technical_days"],  # due after the weekend
    ]
    html = page.text
    assert html.index("1 h late") < html.index("10 min late") < html.index("in 20 min")
    assert "2 past their deadline" in html
    assert "Technical team" in html and "Legal team" in html


def test_art_8_4_the_read_model_orders_across_teams_in_one_list(
    container: Container, world: World
) -> None:
    cases = _staggered(container, world)
    rows = run(
        container.database,
        lambda uow: my_queues(uow, world["two_teams"], container.clock),
    )
    assert [(row.item.case_id, row.item.team) for row in rows] == [
        (cases["technical_late"], "technical"),
        (cases["legal_late"], "legal"),
        (cases["legal_soon"], "legal"),
        (cases["technical_days"], "technical"),
    ]
    late = [row.item.first_contact.seconds_left for row in rows[:2]]
    assert late[0] < late[1] < 0  # the most overdue first


def test_art_2_4_rows_show_the_person_concerned_and_the_minor_flag(
    container: Container, world: World, login: Login
) -> None:
    minor = _open(
        container, world, "EREP", person="minor", urgent=True, urgency_reason="ongoing_harassment"
    )
    adult = _open(container, world, "DATA")
    html = login(world["two_teams"]).get("/staff").text  # the landing page of two teams
    rows = html.split('id="queue-all"', 1)[1].split("</tbody>", 1)[0].split("<tr ")[1:]
    of = {case_id: row for row in rows for case_id in (minor, adult) if case_id in row}
    assert "Dina Peeters" in of[minor]
    assert "Minor — legal representative" in of[minor] and "Art. 2.4" in of[minor]
    assert "Cas Peeters" in of[adult]
    assert "Minor — legal representative" not in of[adult]
    assert "Unassigned" in of[adult]


def test_art_11_2_all_my_queues_shows_no_psychological_note(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "EREP", person="adult_child")
    view = read(container.database, container.clock, world["psychologist"], case_id)
    ws = workstream_of(view, "psychological")
    take(container.database, container.clock, world["psychologist"], ws)
    consent(container.database, container.clock, world["adult_child"], world.person("adult_child"))
    note(
        container.database,
        container.clock,
        world["psychologist"],
        ws,
        "Panic attacks since the posts",
        Compartment.PSYCHOLOGICAL,
    )
    for who in ("psychologist", "two_teams", "supervisor"):
        html = login(world[who]).get("/staff/queues/all").text
        assert "Panic attacks" not in html


def test_an_agent_of_several_teams_lands_on_all_my_queues_and_keeps_the_team_views(
    container: Container, world: World, login: Login
) -> None:
    technical = _open(container, world, "DATA")
    legal = _open(container, world, "ECOM")
    client = login(world["two_teams"])
    landing = client.get("/staff").text
    assert 'id="queue-all"' in landing and "<h1>All my queues</h1>" in landing
    assert set(_rows(landing)) == {technical, legal}
    team_view = client.get("/staff/queues/legal").text
    assert 'id="queue-legal"' in team_view and 'id="queue-all"' not in team_view
    one_team = login(world["technical"]).get("/staff").text
    assert 'id="queue-technical"' in one_team and 'id="queue-all"' not in one_team


def test_art_11_all_my_queues_holds_only_the_teams_the_agent_belongs_to(
    container: Container, world: World, login: Login
) -> None:
    technical = _open(container, world, "DATA")  # technical only
    legal = _open(container, world, "ECOM")  # legal only
    page = login(world["legal"]).get("/staff/queues/all").text
    assert _rows(page) == [legal]
    assert technical not in page.split('id="queue-all"', 1)[1]
    rows = run(container.database, lambda uow: my_queues(uow, world["legal"], container.clock))
    assert {row.item.team for row in rows} == {"legal"}


def test_art_11_a_member_or_a_distributor_never_reads_all_my_queues(
    container: Container, world: World, login: Login, portal_client: object
) -> None:
    _open(container, world, "DATA", person="minor")
    member = login(world["affiliate"])  # even the minor's legal representative
    assert member.get("/staff/queues/all").status_code == 403
    with pytest.raises(ActionRefused):
        run(container.database, lambda uow: my_queues(uow, world["affiliate"], container.clock))
    # A distributor's system holds an API key, never a back-office session (Art. 11.1).
    distributor = api_key(container.database, container.clock, distributor="proxi")
    answer = portal_client.get(  # type: ignore[attr-defined]
        "/staff/queues/all",
        headers=distributor.headers,
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    ("lang", "title", "minor"),
    [
        ("nl", "Al mijn wachtrijen", "Minderjarige — wettelijke vertegenwoordiger"),
        ("fr", "Toutes mes files d'attente", "Mineur — représentant légal"),
        ("de", "Alle meine Warteschlangen", "Minderjährig — gesetzlicher Vertreter"),
        ("en", "All my queues", "Minor — legal representative"),
    ],
)
def test_all_my_queues_in_each_language(
    container: Container, world: World, login: Login, lang: str, title: str, minor: str
) -> None:
    _open(container, world, "EREP", person="minor")
    page = login(world["two_teams"]).get(f"/staff/queues/all?lang={lang}")
    assert page.status_code == 200
    assert f"<h1>{title}</h1>" in page.text
    assert minor in page.text
