"""Reaching the member (Art. 2.4, 8.4, 11.1): taking a case only assigns it; the first human
contact is a logged call that reached the person or a message sent; an unanswered call keeps the
clock running and plans the next try; the contact details are for the staff working the case
and every read of them is logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.assistance import contacts
from cybercare.assistance.contacts import CONTACT_DETAILS, ContactLog
from cybercare.assistance.domain import (
    NEXT_TRY_NORMAL,
    NEXT_TRY_URGENT,
    ActionRefused,
    ContactTry,
    next_try_at,
)
from cybercare.assistance.escalation import flag_breaches
from cybercare.assistance.staff_queries import my_queues
from cybercare.audit import trail
from cybercare.db.uow import Database
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput, NotFound
from tests.assistance.builders import World
from tests.assistance.helpers import (
    give_contact_details,
    open_case,
    read,
    run,
    take,
    workstream_of,
)

URGENT = {"urgent": True, "urgency_reason": "ongoing_harassment"}


def log(
    db: Database, clock: FixedClock, who: Principal, case_id: str, **fields: str
) -> contacts.ContactLogged:
    entry = ContactLog(**fields)  # type: ignore[arg-type]
    return run(db, lambda uow: contacts.log_contact(uow, who, case_id, entry, clock))


def details(db: Database, clock: FixedClock, who: Principal, case_id: str) -> contacts.CaseContacts:
    return run(db, lambda uow: contacts.case_contacts(uow, who, case_id, clock, purpose="test"))


def test_art_8_4_taking_a_case_does_not_meet_the_first_contact_clock(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP", **URGENT)
    clock.advance(timedelta(minutes=5))
    taken = take(db, clock, world["legal"], workstream_of(view, "legal"))
    assert taken.assignee_user_id == world["legal"].user_id and taken.status == "in_progress"
    assert taken.first_contact.met_at is None
    assert read(db, clock, world["supervisor"], view.case_id).first_contact.met_at is None
    clock.advance(timedelta(hours=1))
    # A taken workstream nobody contacted still breaks its clock and is escalated.
    assert run(db, lambda uow: flag_breaches(uow, clock)) == {"cases": 1, "workstreams": 3}


def test_art_8_4_reached_call_meets_the_clock(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP", **URGENT)
    ws = workstream_of(view, "legal")
    take(db, clock, world["legal"], ws)
    clock.advance(timedelta(minutes=20))
    logged = log(
        db,
        clock,
        world["legal"],
        view.case_id,
        kind="call",
        outcome="reached",
        person_id=world.person("adult_child"),
        workstream_id=ws,
    )
    assert logged.first_contact and logged.next_try_at is None
    assert logged.first_contact_at == clock.now()
    case = read(db, clock, world["supervisor"], view.case_id)
    assert case.first_contact.met_at == clock.now() and not case.first_contact.breached
    assert case.status == "in_progress"
    legal = next(w for w in case.workstreams if w.workstream_id == ws)
    assert legal.first_contact.met_at == clock.now()
    # The other teams' clocks run on: each team makes its own first contact.
    assert all(w.first_contact.met_at is None for w in case.workstreams if w.workstream_id != ws)
    with db.uow() as uow:
        events = trail.events_for(uow, "case", view.case_id)
    logged_event = next(e for e in events if e.action == "case.contact_logged")
    assert logged_event.clause == "Art. 8.4"
    assert logged_event.details["first_contact"] is True


def test_art_8_4_a_message_sent_by_e_mail_meets_the_clock(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), "DATA")
    ws = workstream_of(view, "technical")
    logged = log(
        db,
        clock,
        world["technical"],
        view.case_id,
        kind="message",
        channel="email",
        workstream_id=ws,
    )
    assert logged.first_contact and logged.outcome == "sent"


def test_art_8_4_a_voicemail_is_not_a_first_contact(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), "DATA")
    ws = workstream_of(view, "technical")
    logged = log(
        db,
        clock,
        world["technical"],
        view.case_id,
        kind="call",
        outcome="voicemail",
        workstream_id=ws,
    )
    assert not logged.first_contact and logged.first_contact_at is None
    assert logged.next_try_at == clock.now() + NEXT_TRY_NORMAL


def test_unanswered_call_keeps_the_clock_running_and_plans_the_next_try(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP", **URGENT)
    ws = workstream_of(view, "legal")
    clock.advance(timedelta(minutes=10))
    first = log(
        db, clock, world["legal"], view.case_id, kind="call", outcome="no_answer", workstream_id=ws
    )
    assert not first.first_contact
    assert first.next_try_at == clock.now() + NEXT_TRY_URGENT  # 15 minutes: urgent
    clock.advance(timedelta(minutes=40))  # 10 minutes before the hour runs out
    second = log(
        db, clock, world["legal"], view.case_id, kind="call", outcome="no_answer", workstream_id=ws
    )
    assert second.next_try_at == view.first_contact.due_at  # never planned after the deadline
    seen = details(db, clock, world["legal"], view.case_id)
    assert [a.outcome for a in seen.attempts] == ["no_answer", "no_answer"]  # the latest first
    case = read(db, clock, world["supervisor"], view.case_id)
    assert case.first_contact.met_at is None
    clock.advance(timedelta(minutes=11))
    assert run(db, lambda uow: flag_breaches(uow, clock))["workstreams"] == 3


def test_art_8_4_a_reached_call_after_the_hour_is_recorded_late(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP", **URGENT)
    clock.advance(timedelta(minutes=70))
    logged = log(db, clock, world["technical"], view.case_id, kind="call", outcome="reached")
    assert logged.first_contact
    assert read(db, clock, world["supervisor"], view.case_id).first_contact.breached


def test_art_8_4_an_answer_to_the_member_after_the_first_contact_is_no_second_first_contact(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), "DATA")
    ws = workstream_of(view, "technical")
    log(
        db,
        clock,
        world["technical"],
        view.case_id,
        kind="call",
        outcome="reached",
        workstream_id=ws,
    )
    clock.advance(timedelta(hours=1))
    again = log(
        db,
        clock,
        world["technical"],
        view.case_id,
        kind="message",
        channel="portal",
        workstream_id=ws,
    )
    assert not again.first_contact and again.next_try_at is None
    assert again.first_contact_at == clock.now() - timedelta(hours=1)


def test_art_11_contact_details_read_is_logged(
    db: Database, clock: FixedClock, world: World
) -> None:
    give_contact_details(db, world.person("adult_child"), "+32470123456", "cas@peeters.example")
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    seen = details(db, clock, world["legal"], view.case_id)
    assert not seen.minor
    assert [(p.name, p.phone, p.email) for p in seen.people] == [
        ("Cas Peeters", "+32470123456", "cas@peeters.example")
    ]
    with db.uow() as uow:
        reads = trail.events_for(uow, CONTACT_DETAILS, view.case_id)
    assert [(e.actor, e.action, e.clause) for e in reads] == [
        (world["legal"].actor, "case.contact_details_read", "Art. 11.1")
    ]
    assert reads[0].details == {"purpose": "test", "persons": [world.person("adult_child")]}


def test_art_2_4_a_minor_is_reached_through_the_legal_representatives(
    db: Database, clock: FixedClock, world: World
) -> None:
    give_contact_details(db, world.person("affiliate"), "+32470111111", "an@peeters.example")
    view = open_case(db, clock, world["affiliate"], world.person("minor"), "EREP", **URGENT)
    seen = details(db, clock, world["psychologist"], view.case_id)
    assert seen.minor
    assert [(p.name, p.representative) for p in seen.people] == [
        ("An Peeters", True),
        ("Bram Peeters", True),
    ]
    assert seen.people[0].phone == "+32470111111" and seen.people[1].phone is None
    # Whom the agent tried is one of them, never somebody else of the household.
    with pytest.raises(InvalidInput) as refused:
        log(
            db,
            clock,
            world["psychologist"],
            view.case_id,
            kind="call",
            outcome="reached",
            person_id=world.person("grandparent"),
        )
    assert refused.value.errors[0][0] == "person_id"


@pytest.mark.parametrize("member", ["adult_child", "affiliate"])
def test_art_11_1_a_member_cannot_read_the_staff_contact_view(
    db: Database, clock: FixedClock, world: World, member: str
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    with pytest.raises(ActionRefused):
        details(db, clock, world[member], view.case_id)
    with pytest.raises(ActionRefused):
        log(db, clock, world[member], view.case_id, kind="call", outcome="reached")


@pytest.mark.parametrize("staff", ["admin", "financial"])
def test_art_11_1_a_staff_role_without_access_is_refused(
    db: Database, clock: FixedClock, world: World, staff: str
) -> None:
    # EREP opens technical, legal and psychological workstreams: the financial team has no part.
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    with pytest.raises(ActionRefused) as refused:
        details(db, clock, world[staff], view.case_id)
    assert refused.value.clause == "Art. 11.1"
    with pytest.raises(ActionRefused):
        log(db, clock, world[staff], view.case_id, kind="call", outcome="reached")
    with db.uow() as uow:
        assert trail.events_for(uow, CONTACT_DETAILS, view.case_id) == []


@pytest.mark.parametrize("staff", ["supervisor", "claims_handler", "legal"])
def test_art_11_1_the_staff_working_the_case_read_the_contact_details(
    db: Database, clock: FixedClock, world: World, staff: str
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    assert details(db, clock, world[staff], view.case_id).people


def test_art_11_1_before_triage_any_agent_of_the_line_reads_them(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), None)
    assert details(db, clock, world["financial"], view.case_id).people
    logged = log(db, clock, world["financial"], view.case_id, kind="message", channel="sms")
    assert logged.first_contact and logged.workstream_id is None


def test_a_try_on_another_teams_workstream_is_refused(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    with pytest.raises(ActionRefused):
        log(
            db,
            clock,
            world["technical"],
            view.case_id,
            kind="call",
            outcome="reached",
            workstream_id=workstream_of(view, "legal"),
        )
    with pytest.raises(NotFound):
        log(db, clock, world["technical"], "case_NOPE", kind="call", outcome="reached")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "visit"}, "kind"),
        ({"kind": "call", "outcome": "sent"}, "outcome"),
        ({"kind": "call", "outcome": "reached", "channel": "email"}, "channel"),
        ({"kind": "message", "channel": "phone"}, "channel"),
        ({"kind": "message", "outcome": "no_answer", "channel": "sms"}, "outcome"),
        ({"kind": "call", "outcome": "reached", "note": "x" * 501}, "note"),
    ],
)
def test_a_contact_that_does_not_add_up_is_refused_naming_its_field(
    db: Database, clock: FixedClock, world: World, fields: dict[str, str], field: str
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    with pytest.raises(InvalidInput) as refused:
        log(db, clock, world["legal"], view.case_id, **fields)
    assert refused.value.errors[0][0] == field


CALLS = st.sampled_from(["reached", "voicemail", "no_answer"])
MESSAGES = st.sampled_from(["email", "sms", "portal"])
TRIES = st.one_of(
    CALLS.map(lambda outcome: ContactTry.parse("call", outcome, None)),
    MESSAGES.map(lambda channel: ContactTry.parse("message", "", channel)),
)


@given(
    attempt=TRIES,
    urgent=st.booleans(),
    minutes_left=st.integers(min_value=-600, max_value=3000),
    contacted=st.booleans(),
)
def test_art_8_4_only_a_conversation_or_a_message_is_a_first_contact_and_the_next_try_comes_in_time(
    attempt: ContactTry, urgent: bool, minutes_left: int, contacted: bool
) -> None:
    at = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    due = at + timedelta(minutes=minutes_left)
    planned = next_try_at(attempt, urgent=urgent, at=at, due_at=due, contacted=contacted)
    assert attempt.is_first_contact is (attempt.outcome.value in ("reached", "sent"))
    if attempt.is_first_contact or contacted:
        assert planned is None
        return
    assert planned is not None and planned > at
    assert planned <= at + (NEXT_TRY_URGENT if urgent else NEXT_TRY_NORMAL)
    if due > at:
        assert planned <= due


def test_all_my_queues_shows_the_next_try_planned_by_an_unanswered_call(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP", **URGENT)
    ws = workstream_of(view, "legal")
    tried = log(
        db, clock, world["legal"], view.case_id, kind="call", outcome="no_answer", workstream_id=ws
    )
    rows = run(db, lambda uow: my_queues(uow, world["legal"], clock))
    row = next(r for r in rows if r.item.workstream_id == ws)
    assert row.next_try_at == tried.next_try_at == clock.now() + NEXT_TRY_URGENT
