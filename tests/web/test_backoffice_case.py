"""The case workspace of the back office: the case header, triage of an "I don't know" case
(Art. 4), workstreams and notes with the psychological compartment (Art. 11.2, enforced by the
services), member messages, takedowns (Art. 4.2), closing, and the refusals of each role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient

from cybercare.assistance import repository as assistance_repository
from cybercare.assistance.domain import Compartment
from cybercare.assistance.workstreams import close_workstream, post_member_message
from cybercare.bootstrap import Container
from tests.assistance.builders import World
from tests.assistance.helpers import (
    TEAM_AGENT,
    consent,
    note,
    open_case,
    read,
    run,
    take,
    workstream_of,
)
from tests.web.backoffice_world import Login, build_world, later, logins
from tests.web.conftest import csrf_of

SECRET_NOTE = "Dina cried during the call; fear of school, sleeps badly"


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _open(
    container: Container, world: World, person: str = "adult_child", **changes: object
) -> str:
    who = changes.pop("who", person)
    view = open_case(
        container.database,
        container.clock,
        world[str(who)],
        world.person(person),
        **changes,  # type: ignore[arg-type]
    )
    return view.case_id


def _post(client: TestClient, page: str, action: str, data: dict[str, object]) -> object:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def _psychological_case(container: Container, world: World) -> tuple[str, str]:
    """An EREP case whose psychological workstream the psychologist took, with a confidential
    note in it."""
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    view = read(container.database, container.clock, world["psychologist"], case_id)
    ws = workstream_of(view, "psychological")
    take(container.database, container.clock, world["psychologist"], ws)
    consent(container.database, container.clock, world["adult_child"], world.person("adult_child"))
    note(
        container.database,
        container.clock,
        world["psychologist"],
        ws,
        SECRET_NOTE,
        Compartment.PSYCHOLOGICAL,
    )
    return case_id, ws


def test_case_header_shows_household_person_guarantee_urgency_channel_language_and_dates(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(
        container,
        world,
        "minor",
        who="affiliate",
        guarantee="EREP",
        urgent=True,
        urgency_reason="ongoing_harassment",
        occurrence_date=date(2026, 11, 20),
    )
    page = login(world["legal"]).get(f"/staff/cases/{case_id}")
    assert page.status_code == 200
    html = page.text
    assert "Dina Peeters" in html
    assert "Minor" in html and "represented by An Peeters, Bram Peeters" in html
    assert "Affiliate: An Peeters" in html
    assert "E-reputation" in html or "reputation" in html.lower()
    assert "Harassment going on" in html and "Urgent" in html
    assert "Distributor app" in html  # opened through the API by the member
    assert "Dutch" in html
    assert "happened on 20 Nov 2026" in html
    assert "discovered on 26 Nov 2026" in html
    assert "Someone posts photos of me on a forum" in html


def test_art_11_2_another_teams_agent_sees_that_a_confidential_note_exists_not_its_content(
    container: Container, world: World, login: Login
) -> None:
    case_id, _ = _psychological_case(container, world)
    page = login(world["technical"]).get(f"/staff/cases/{case_id}")
    assert page.status_code == 200
    assert SECRET_NOTE not in page.text
    assert "1 confidential psychological note" in page.text
    assert "its content is for the assigned counsellor only" in page.text
    with container.database.reader() as uow:
        logged = {row.user_id for row in assistance_repository.note_reads(uow, case_id)}
    assert world["technical"].user_id not in logged  # nothing was read, nothing logged


@pytest.mark.parametrize("reader", ["other_psychologist", "claims_handler", "supervisor", "admin"])
def test_art_11_2_no_staff_but_the_assigned_counsellor_reads_psychological_notes(
    container: Container, world: World, login: Login, reader: str
) -> None:
    case_id, _ = _psychological_case(container, world)
    page = login(world[reader]).get(f"/staff/cases/{case_id}")
    assert page.status_code == 200
    assert SECRET_NOTE not in page.text
    assert "confidential psychological note" in page.text


def test_art_11_2_the_assigned_counsellor_reads_the_note_and_the_read_is_logged(
    container: Container, world: World, login: Login
) -> None:
    case_id, _ = _psychological_case(container, world)
    page = login(world["psychologist"]).get(f"/staff/cases/{case_id}")
    assert SECRET_NOTE in page.text
    assert "Confidential: psychological" in page.text
    with container.database.reader() as uow:
        reads = [(r.user_id, r.purpose) for r in assistance_repository.note_reads(uow, case_id)]
    assert (world["psychologist"].user_id, "backoffice.case") in reads


def test_art_11_2_counsellor_writes_a_confidential_note_through_the_form(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    ws = workstream_of(
        read(container.database, container.clock, world["psychologist"], case_id),
        "psychological",
    )
    take(container.database, container.clock, world["psychologist"], ws)
    consent(container.database, container.clock, world["adult_child"], world.person("adult_child"))
    counsellor = login(world["psychologist"])
    page = f"/staff/cases/{case_id}"
    assert 'name="compartment" value="psychological"' in counsellor.get(page).text
    answer = _post(
        counsellor,
        page,
        f"/staff/workstreams/{ws}/notes",
        {"body": "Panic attacks since the posts", "compartment": "psychological"},
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert answer.headers["location"] == f"{page}?done=note#ws-{ws}"  # type: ignore[attr-defined]
    assert "Panic attacks since the posts" in counsellor.get(page).text
    other = login(world["legal"]).get(page)
    assert "Panic attacks since the posts" not in other.text
    assert "1 confidential psychological note" in other.text


def test_art_11_2_a_technical_agent_cannot_write_a_psychological_note(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    view = read(container.database, container.clock, world["technical"], case_id)
    technical = login(world["technical"])
    page = f"/staff/cases/{case_id}"
    html = technical.get(page).text
    assert 'name="compartment" value="psychological"' not in html  # no such choice offered
    psych_ws = workstream_of(view, "psychological")
    answer = _post(
        technical,
        page,
        f"/staff/workstreams/{psych_ws}/notes",
        {"body": "I try anyway", "compartment": "psychological"},
    )
    assert answer.status_code == 403  # type: ignore[attr-defined]
    own_ws = workstream_of(view, "technical")
    refused = _post(
        technical,
        page,
        f"/staff/workstreams/{own_ws}/notes",
        {"body": "I try anyway", "compartment": "psychological"},
    )
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "Psychological notes go on the psychological workstream only." in refused.text  # type: ignore[attr-defined]


def test_an_empty_note_comes_back_with_the_error_next_to_the_field(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="DATA")
    ws = workstream_of(
        read(container.database, container.clock, world["technical"], case_id), "technical"
    )
    answer = _post(
        login(world["technical"]),
        f"/staff/cases/{case_id}",
        f"/staff/workstreams/{ws}/notes",
        {"body": "   ", "compartment": "general"},
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert 'role="alert"' in html
    assert f'href="#f-note-{ws}-body"' in html
    assert f'id="f-note-{ws}-body"' in html and 'aria-invalid="true"' in html
    assert "Write the note (at most 20,000 characters)." in html


def test_art_4_triage_of_an_i_dont_know_case_opens_the_workstreams_of_the_guarantee(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee=None)
    legal = login(world["legal"])
    page = f"/staff/cases/{case_id}"
    html = legal.get(page).text
    assert 'id="triage"' in html and "The member did not know" in html
    answer = _post(legal, page, f"/staff/cases/{case_id}/triage", {"guarantee_code": "EREP"})
    assert answer.status_code == 303  # type: ignore[attr-defined]
    view = read(container.database, container.clock, world["legal"], case_id)
    assert view.guarantee_code == "EREP"
    assert sorted(ws.team for ws in view.workstreams) == ["legal", "psychological", "technical"]
    after = legal.get(answer.headers["location"]).text  # type: ignore[attr-defined]
    assert "The guarantee is set and the workstreams are open." in after
    assert "Psychological team" in after


def test_triage_without_a_guarantee_is_refused_with_the_field_error(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee=None)
    answer = _post(
        login(world["legal"]),
        f"/staff/cases/{case_id}",
        f"/staff/cases/{case_id}/triage",
        {"guarantee_code": ""},
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "Choose one of the product" in answer.text  # type: ignore[attr-defined]


def test_a_claims_handler_may_not_triage(container: Container, world: World, login: Login) -> None:
    case_id = _open(container, world, "adult_child", guarantee=None)
    handler = login(world["claims_handler"])
    page = f"/staff/cases/{case_id}"
    assert 'id="triage"' not in handler.get(page).text
    answer = _post(handler, page, f"/staff/cases/{case_id}/triage", {"guarantee_code": "EREP"})
    assert answer.status_code == 403  # type: ignore[attr-defined]


def test_take_close_the_workstream_then_close_the_case(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="DATA")
    technical = login(world["technical"])
    page = f"/staff/cases/{case_id}"
    html = technical.get(page).text
    take_action = re.search(r'action="(/staff/workstreams/(ws_\w+)/take)"', html)
    assert take_action is not None
    ws = take_action.group(2)
    taken = _post(technical, page, take_action.group(1), {"next": f"{page}?done=taken#ws-{ws}"})
    assert taken.status_code == 303  # type: ignore[attr-defined]
    assert "You took the workstream" in technical.get(f"{page}?done=taken").text
    refused = _post(technical, page, f"/staff/workstreams/{ws}/close", {"outcome": ""})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "Say what was delivered." in refused.text  # type: ignore[attr-defined]
    closed = _post(technical, page, f"/staff/workstreams/{ws}/close", {"outcome": "Data restored"})
    assert closed.status_code == 303  # type: ignore[attr-defined]
    html = technical.get(page).text
    assert "Data restored" in html and 'id="close-case"' in html
    done = _post(
        technical,
        page,
        f"/staff/cases/{case_id}/close",
        {"outcome": "service_delivered", "reason": "Service delivered"},
    )
    assert done.status_code == 303  # type: ignore[attr-defined]
    view = read(container.database, container.clock, world["technical"], case_id)
    assert view.status == "closed" and view.closure_outcome == "service_delivered"
    html = technical.get(done.headers["location"]).text  # type: ignore[attr-defined]
    assert "The case is closed." in html
    assert "Case closed" in html  # in the history
    assert "How the case ended" in html and "Help given" in html
    # Art. 5.2: the help given counts the case; DATA allows one case a year.
    assert "Counts as the household's only case of the year for “Data recovery”." in html
    assert 'id="close-case"' not in html


def _workstreams_closed(container: Container, world: World, case_id: str) -> None:
    """Each team of the case takes its workstream and closes it: the case may close."""
    db, clock = container.database, container.clock
    for ws in read(db, clock, world["supervisor"], case_id).workstreams:
        agent = world[TEAM_AGENT[ws.team]]
        take(db, clock, agent, ws.workstream_id)
        run(
            db,
            lambda uow, agent=agent, ws=ws: close_workstream(
                uow, agent, ws.workstream_id, "Done", clock
            ),
        )


def test_closing_the_case_without_saying_how_it_ends_is_refused_with_the_field_error(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="DATA")
    _workstreams_closed(container, world, case_id)
    page = f"/staff/cases/{case_id}"
    answer = _post(
        login(world["supervisor"]), page, f"/staff/cases/{case_id}/close", {"reason": "Done"}
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert 'role="alert"' in html and 'href="#f-close-case-outcome"' in html
    assert 'id="f-close-case-outcome"' in html and 'aria-invalid="true"' in html
    assert "Choose how the case ends." in html
    assert 'value="Done"' in html  # what was typed comes back
    view = read(container.database, container.clock, world["supervisor"], case_id)
    assert view.status != "closed" and view.closure_outcome is None


def test_art_5_2_a_fresh_erep_case_holds_one_of_the_households_three_cases(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    legal = login(world["legal"])
    html = legal.get(f"/staff/cases/{case_id}").text
    assert 'Cases of the year <span class="article-ref">Art. 5.2</span>' in html
    assert (
        "Holds one of the household's 3 cases of the year for “E-reputation”; it counts once "
        "the help is given." in html
    )
    french = legal.get(f"/staff/cases/{case_id}?lang=fr").text
    assert "Réserve l'un des 3 dossiers de l'année du ménage au titre de « E-réputation »" in french


def test_art_5_2_a_case_beyond_the_yearly_cases_holds_none_and_closes_as_not_covered(
    container: Container, world: World, login: Login
) -> None:
    _open(container, world, "adult_child", guarantee="DATA")  # DATA: one case a year
    case_id = _open(container, world, "affiliate", guarantee="DATA")
    supervisor = login(world["supervisor"])
    page = f"/staff/cases/{case_id}"
    html = supervisor.get(page).text
    assert (
        "The household's cases of the year for “Data recovery” were all used when this case "
        "was accepted: it holds none, a handler decides." in html
    )
    _workstreams_closed(container, world, case_id)
    refused = _post(
        supervisor,
        page,
        f"/staff/cases/{case_id}/close",
        {"outcome": "service_delivered", "reason": "Data restored"},
    )
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "when they are all used, close it as not covered." in refused.text  # type: ignore[attr-defined]
    assert 'value="service_delivered" checked' in refused.text  # type: ignore[attr-defined]
    done = _post(
        supervisor,
        page,
        f"/staff/cases/{case_id}/close",
        {"outcome": "not_covered", "reason": "Second DATA case of the year"},
    )
    assert done.status_code == 303  # type: ignore[attr-defined]
    html = supervisor.get(page).text
    assert "How the case ended" in html and "Not covered" in html
    assert "Does not count against the household's cases of the year for “Data recovery”." in html


def test_art_5_2_a_case_beyond_the_yearly_cases_says_so_in_its_history(
    container: Container, world: World, login: Login
) -> None:
    _open(container, world, "adult_child", guarantee="DATA")  # DATA: one case a year
    case_id = _open(container, world, "affiliate", guarantee="DATA")
    html = unescape(login(world["supervisor"]).get(f"/staff/cases/{case_id}").text)
    assert "The year's cases for this guarantee are all used (Art. 5.2)" in html
    assert "case.case_limit_reached" not in html


def test_a_case_of_a_guarantee_without_a_case_limit_closes_as_help_given_counting_nothing(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="IDT")  # Art. 4.3: no pot
    _workstreams_closed(container, world, case_id)
    html = unescape(login(world["supervisor"]).get(f"/staff/cases/{case_id}").text)
    assert 'value="service_delivered"> Help given</label>' in html
    assert "counts against the year's cases" not in html


def test_another_teams_agent_cannot_close_a_workstream(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    ws = workstream_of(
        read(container.database, container.clock, world["technical"], case_id), "technical"
    )
    take(container.database, container.clock, world["technical"], ws)
    answer = _post(
        login(world["legal"]),
        f"/staff/cases/{case_id}",
        f"/staff/workstreams/{ws}/close",
        {"outcome": "not mine"},
    )
    assert answer.status_code == 403  # type: ignore[attr-defined]


def test_member_messages_are_shown_and_staff_answer_them_in_the_general_compartment(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="DATA")
    run(
        container.database,
        lambda uow: post_member_message(
            uow, world["adult_child"], case_id, "Any news about my photos?", container.clock
        ),
    )
    technical = login(world["technical"])
    page = f"/staff/cases/{case_id}"
    html = technical.get(page).text
    assert "Any news about my photos?" in html
    ws = workstream_of(
        read(container.database, container.clock, world["technical"], case_id), "technical"
    )
    assert f'<option value="{ws}"' in html
    answer = _post(
        technical,
        page,
        f"/staff/cases/{case_id}/reply",
        {"workstream_id": ws, "body": "We restore them today."},
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    member_view = read(container.database, container.clock, world["adult_child"], case_id)
    assert [n.body for n in member_view.notes] == [
        "Any news about my photos?",
        "We restore them today.",
    ]  # the member reads the answer (general compartment)
    assert "Your answer is saved" in technical.get(answer.headers["location"]).text  # type: ignore[attr-defined]


def test_an_answer_on_another_cases_workstream_is_refused(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="DATA")
    other = _open(container, world, "affiliate", guarantee="DATA")
    ws = workstream_of(
        read(container.database, container.clock, world["technical"], other), "technical"
    )
    answer = _post(
        login(world["technical"]),
        f"/staff/cases/{case_id}",
        f"/staff/cases/{case_id}/reply",
        {"workstream_id": ws, "body": "wrong case"},
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "Choose one of your workstreams of this case." in answer.text  # type: ignore[attr-defined]


def test_art_4_2_takedown_requested_rechecked_and_overdue(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    legal = login(world["legal"])
    page = f"/staff/cases/{case_id}"
    answer = _post(
        legal,
        page,
        f"/staff/cases/{case_id}/takedowns",
        {
            "url": "https://forum.example/thread/42",
            "addressee": "Forum moderators",
            "deadline_date": "2026-11-30",
        },
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    html = legal.get(page).text
    assert "https://forum.example/thread/42" in html and "Forum moderators" in html
    assert "Not checked again yet" in html
    later(container, days=5)
    legal = login(world["legal"])  # the earlier sign-in has expired meanwhile
    html = legal.get(page).text
    assert "Overdue: still online" in html  # past the deadline and still up (Art. 4.2)
    action = re.search(r'action="(/staff/takedowns/tdr_\w+/recheck)"', html)
    assert action is not None
    bad = _post(
        legal, page, action.group(1), {"result": "still_online", "taken_down_on": "2026-12-01"}
    )
    assert bad.status_code == 422  # type: ignore[attr-defined]
    done = _post(
        legal, page, action.group(1), {"result": "taken_down", "taken_down_on": "2026-12-01"}
    )
    assert done.status_code == 303  # type: ignore[attr-defined]
    html = legal.get(page).text
    assert "Taken down" in html and "1 Dec 2026" in html
    assert "Overdue: still online" not in html


def test_a_past_takedown_deadline_is_refused(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    answer = _post(
        login(world["legal"]),
        f"/staff/cases/{case_id}",
        f"/staff/cases/{case_id}/takedowns",
        {"url": "https://x.example/a", "addressee": "Host", "deadline_date": "2026-01-01"},
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "not in the past" in answer.text  # type: ignore[attr-defined]


def test_a_financial_agent_does_not_track_takedowns(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    financial = login(world["financial"])
    page = f"/staff/cases/{case_id}"
    assert f"/staff/cases/{case_id}/takedowns" not in financial.get(page).text
    answer = _post(
        financial,
        page,
        f"/staff/cases/{case_id}/takedowns",
        {"url": "https://x.example/a", "addressee": "Host", "deadline_date": "2026-12-31"},
    )
    assert answer.status_code == 403  # type: ignore[attr-defined]


def test_unknown_case_is_404_and_a_member_is_refused(world: World, login: Login) -> None:
    assert login(world["technical"]).get("/staff/cases/case_nope").status_code == 404
    member = login(world["adult_child"])
    assert member.get("/staff/cases/case_nope").status_code == 403


def test_what_members_and_staff_typed_is_escaped(
    container: Container, world: World, login: Login
) -> None:
    case_id = _open(
        container,
        world,
        "adult_child",
        guarantee="DATA",
        narrative='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
    )
    html = login(world["technical"]).get(f"/staff/cases/{case_id}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<img src=x" not in html


@pytest.mark.parametrize(
    ("lang", "text"),
    [("nl", "Betrokken persoon"), ("fr", "Personne concernée"), ("de", "Betroffene Person")],
)
def test_workspace_in_each_language(
    container: Container, world: World, login: Login, lang: str, text: str
) -> None:
    case_id = _open(container, world, "adult_child", guarantee="EREP")
    page = login(world["legal"]).get(f"/staff/cases/{case_id}?lang={lang}")
    assert page.status_code == 200
    assert text in page.text
