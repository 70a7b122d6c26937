""" "I need help now" (Art. 8.1, 8.4, 11.3): an urgent call-back opens a case with its one-hour
clock, day and night, in the queues of the teams its guarantee needs (or the agents' triage
queue when the member does not know), keeps the number to call, and is refused for a person the
member may not open a case for, or for a number that is not one. Both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.assistance import callback, contacts
from cybercare.assistance.callback import CallBackRequest, who_calls
from cybercare.assistance.domain import TRIAGE_QUEUE
from cybercare.assistance.staff_queries import queue_for
from cybercare.audit import trail
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.product.model import Team
from tests.assistance.builders import World
from tests.assistance.helpers import CATALOG, run


def ask(
    db: Database, clock: FixedClock, world: World, who: str, person: str, **changes: object
) -> callback.CallBackView:
    request = CallBackRequest(
        **{  # type: ignore[arg-type]
            "person_id": world.person(person),
            "phone": "0470 12 34 56",
            "what_is_happening": "Someone keeps posting photos of me and threatening me",
            "urgency_reason": "ongoing_harassment",
            "guarantee_code": "EREP",
            **changes,
        }
    )
    return run(db, lambda uow: callback.request_call_back(uow, world[who], request, CATALOG, clock))


def test_art_8_4_urgent_call_back_opens_a_case_with_a_one_hour_clock(
    db: Database, clock: FixedClock, world: World
) -> None:
    clock.advance(datetime(2026, 11, 28, 0, 30, tzinfo=UTC) - clock.now())  # 01:30 in Brussels
    done = ask(db, clock, world, "adult_child", "adult_child")
    in_an_hour = clock.now() + timedelta(hours=1)
    assert done.case.urgent and done.case.urgency_reason == "ongoing_harassment"
    assert done.case.first_contact.due_at == in_an_hour
    assert {ws.first_contact.due_at for ws in done.case.workstreams} == {in_an_hour}
    assert done.call_before == in_an_hour
    assert done.phone == "+32470123456" and done.phone_display == "+32 470 12 34 56"
    events = run(db, lambda uow: trail.events_for(uow, "case", done.case_id))
    requested = [e for e in events if e.action == "case.call_back_requested"]
    assert len(requested) == 1 and requested[0].clause == "Art. 8.4"


def test_call_back_lands_in_the_team_queue(db: Database, clock: FixedClock, world: World) -> None:
    done = ask(db, clock, world, "adult_child", "adult_child")
    assert set(done.teams) == {Team.LEGAL, Team.PSYCHOLOGICAL, Team.TECHNICAL}
    queue = run(db, lambda uow: queue_for(uow, world["psychologist"], "psychological", clock))
    row = next(item for item in queue if item.case_id == done.case_id)
    assert row.urgent
    assert queue[0].case_id == done.case_id  # the nearest deadline first (Art. 8.4)


def test_call_back_without_a_guarantee_lands_in_the_agents_triage_queue(
    db: Database, clock: FixedClock, world: World
) -> None:
    done = ask(db, clock, world, "adult_child", "adult_child", guarantee_code=None)
    assert done.caller_team is None and done.teams == ()
    assert done.call_before == clock.now() + timedelta(hours=1)
    queue = run(db, lambda uow: queue_for(uow, world["technical"], TRIAGE_QUEUE, clock))
    assert done.case_id in {item.case_id for item in queue}


def test_art_11_3_a_legal_representative_asks_a_call_back_for_a_minor(
    db: Database, clock: FixedClock, world: World
) -> None:
    done = ask(db, clock, world, "affiliate", "minor", urgency_reason="distress")
    assert done.person_id == world.person("minor")
    assert done.caller_team is Team.PSYCHOLOGICAL  # a counsellor calls someone in distress


def test_art_11_3_a_member_may_not_ask_a_call_back_for_another_adult(
    db: Database, clock: FixedClock, world: World
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(db, clock, world, "affiliate", "partner")
    assert refused.value.field == "person_id"
    queue = run(db, lambda uow: queue_for(uow, world["technical"], "technical", clock))
    assert queue == []


def test_art_11_3_the_form_offers_only_the_persons_the_member_may_ask_for(
    db: Database, clock: FixedClock, world: World
) -> None:
    form = run(db, lambda uow: callback.call_back_form(uow, world["affiliate"], CATALOG, clock))
    assert [p.person_id for p in form.persons] == [world.person("affiliate"), world.person("minor")]
    assert form.persons[0].is_me and form.persons[1].minor
    assert form.urgency_reasons == ("distress", "ongoing_harassment", "ongoing_fraud")
    assert form.hours == 1
    assert form.line is not None and form.line.e164.startswith("+3278")


def test_a_bad_phone_number_is_refused_naming_the_field(
    db: Database, clock: FixedClock, world: World
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(db, clock, world, "adult_child", "adult_child", phone="12")
    assert refused.value.field == "phone"


def test_art_8_4_an_urgent_reason_must_be_one_of_the_products(
    db: Database, clock: FixedClock, world: World
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(db, clock, world, "adult_child", "adult_child", urgency_reason="boredom")
    assert refused.value.field == "urgency_reason"


def test_a_call_back_says_in_a_sentence_what_is_happening(
    db: Database, clock: FixedClock, world: World
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(db, clock, world, "adult_child", "adult_child", what_is_happening="   ")
    assert refused.value.field == "what_is_happening"


def test_art_11_3_another_adult_does_not_see_the_call_back(
    db: Database, clock: FixedClock, world: World
) -> None:
    from cybercare.assistance.domain import CaseNotFound

    done = ask(db, clock, world, "adult_child", "adult_child")
    mine = run(
        db,
        lambda uow: callback.call_back_of(uow, world["adult_child"], done.case_id, CATALOG, clock),
    )
    assert mine is not None and mine.phone == "+32470123456"
    with pytest.raises(CaseNotFound):
        run(
            db,
            lambda uow: callback.call_back_of(
                uow, world["affiliate"], done.case_id, CATALOG, clock
            ),
        )


@given(st.lists(st.sampled_from(list(Team)), unique=True), st.sampled_from(["distress", "x"]))
def test_someone_of_a_team_of_the_case_calls_back_or_an_agent_of_the_line(
    teams: list[Team], reason: str
) -> None:
    caller = who_calls(tuple(teams), reason)
    assert (caller is None) == (not teams)
    assert caller is None or caller in teams


def test_the_agent_reaching_the_member_sees_the_number_to_call_back_first(
    db: Database, clock: FixedClock, world: World
) -> None:
    done = ask(db, clock, world, "adult_child", "adult_child")
    reach = run(
        db,
        lambda uow: contacts.case_contacts(
            uow, world["psychologist"], done.case_id, clock, purpose="call back"
        ),
    )
    assert reach.callback_phone == "+32470123456"
