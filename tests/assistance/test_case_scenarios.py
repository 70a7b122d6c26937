"""A case per guarantee from its opening to the service delivered (Art. 4, 8.1, 8.4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cybercare.assistance import service, workstreams
from cybercare.assistance.domain import CaseOutcome, Channel, StateConflict
from cybercare.audit import trail
from cybercare.db.uow import Database
from cybercare.identity.service import create_staff_user
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput
from cybercare.product.catalog import reference_product
from cybercare.product.model import Team
from tests.assistance.builders import World
from tests.assistance.helpers import (
    CATALOG,
    TEAM_AGENT,
    note,
    open_case,
    reach,
    read,
    run,
    take,
    workstream_of,
)

PRODUCT = reference_product()
GUARANTEES = [g.code for g in PRODUCT.guarantees]


def test_every_guarantee_of_art_4_is_covered_by_a_scenario() -> None:
    assert set(GUARANTEES) == {"ASSIST", "EREP", "IDT", "PAYF", "ECOM", "DATA"}


@pytest.mark.parametrize("guarantee", GUARANTEES)
def test_art_4_case_from_opening_to_service_delivered(
    db: Database, clock: FixedClock, world: World, guarantee: str
) -> None:
    opened = open_case(db, clock, world["affiliate"], world.person("affiliate"), guarantee)
    expected = [t.value for t in PRODUCT.guarantee(guarantee).teams]
    assert sorted(w.team for w in opened.workstreams) == sorted(expected)
    assert opened.status == "triaged"
    assert opened.channel == "api"
    assert not opened.first_contact.breached

    clock.advance(timedelta(minutes=20))
    for team in expected:
        agent = world[TEAM_AGENT[team]]
        ws = workstream_of(opened, team)
        taken = take(db, clock, agent, ws)
        assert taken.assignee_user_id == agent.user_id
        assert taken.first_contact.met_at is None  # taking only assigns (Art. 8.4)
        reached = reach(db, clock, agent, opened.case_id, ws)
        assert reached.first_contact_at == clock.now()
        note(db, clock, agent, ws, f"{team}: advice given and action taken")
        closed = run(
            db,
            lambda uow, a=agent, w=ws: workstreams.close_workstream(
                uow, a, w, "service delivered", clock
            ),
        )
        assert closed.status == "closed"

    done = run(
        db,
        lambda uow: service.close_case(
            uow,
            world["supervisor"],
            opened.case_id,
            "service delivered",
            clock,
            CaseOutcome.SERVICE_DELIVERED,
            CATALOG,
        ),
    )
    assert done.status == "closed"
    assert all(w.status == "closed" for w in done.workstreams)
    assert done.first_contact.met_at == opened.opened_at + timedelta(minutes=20)
    events = [e.event for e in done.timeline]
    assert events[0] == "case.opened"
    assert events[-1] == "case.closed"
    assert events.count("workstream.taken") == len(expected)
    assert events.count("case.contact_logged") == len(expected)


def test_art_8_1_an_agent_opens_a_case_for_a_phone_call_and_triages_it_later(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(
        db,
        clock,
        world["legal"],
        world.person("grandparent"),
        None,
        language="fr",
        urgent=True,
        urgency_reason="ongoing_fraud",
    )
    assert view.channel == "phone"
    assert view.language == "fr"
    assert view.status == "open"
    assert view.workstreams == ()
    # On the phone the agent is the first human contact.
    assert view.first_contact.met_at == view.opened_at
    assert view.first_contact.due_at == view.opened_at + timedelta(hours=1)

    triaged = run(
        db,
        lambda uow: service.triage_case(
            uow,
            world["technical"],
            view.case_id,
            "PAYF",
            CATALOG,
            clock,
            extra_teams=(Team.PSYCHOLOGICAL,),
        ),
    )
    assert triaged.guarantee_code == "PAYF"
    assert triaged.status == "triaged"
    assert sorted(w.team for w in triaged.workstreams) == ["financial", "legal", "psychological"]
    # Urgent: each workstream's first contact within the hour.
    assert all(
        w.first_contact.due_at == clock.now() + timedelta(hours=1) for w in triaged.workstreams
    )


def test_art_4_triage_twice_keeps_the_open_workstreams(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "ECOM")
    assert [w.team for w in view.workstreams] == ["legal"]
    again = run(
        db,
        lambda uow: service.triage_case(uow, world["legal"], view.case_id, "PAYF", CATALOG, clock),
    )
    assert sorted(w.team for w in again.workstreams) == ["financial", "legal"]
    assert len({w.workstream_id for w in again.workstreams}) == 2


def test_duplicate_same_household_guarantee_and_overlapping_dates_is_pointed_out(
    db: Database, clock: FixedClock, world: World
) -> None:
    first = open_case(
        db,
        clock,
        world["affiliate"],
        world.person("affiliate"),
        "PAYF",
        occurrence_date=date(2026, 11, 20),
        discovery_date=date(2026, 11, 25),
    )
    assert first.possible_duplicate_of is None
    # Bram reports the same card fraud, dates overlapping: pointed out, not refused.
    second = open_case(
        db,
        clock,
        world["partner"],
        world.person("partner"),
        "PAYF",
        occurrence_date=date(2026, 11, 24),
        discovery_date=date(2026, 11, 26),
    )
    assert second.possible_duplicate_of == first.case_id
    # Another guarantee, or dates that do not overlap: no duplicate.
    other = open_case(
        db,
        clock,
        world["partner"],
        world.person("partner"),
        "ECOM",
        discovery_date=date(2026, 11, 25),
    )
    assert other.possible_duplicate_of is None
    later = open_case(
        db,
        clock,
        world["partner"],
        world.person("partner"),
        "PAYF",
        occurrence_date=date(2026, 11, 26),
        discovery_date=date(2026, 11, 26),
    )
    assert later.possible_duplicate_of == second.case_id
    far = open_case(
        db,
        clock,
        world["partner"],
        world.person("partner"),
        "PAYF",
        discovery_date=date(2026, 10, 1),
    )
    assert far.possible_duplicate_of is None


def test_unknown_guarantee_stays_open_for_triage(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), None)
    assert view.status == "open"
    assert view.guarantee_code is None
    assert view.possible_duplicate_of is None


def test_art_2_3_a_housemate_who_is_not_family_cannot_open_a_case(
    db: Database, clock: FixedClock, world: World
) -> None:
    with pytest.raises(InvalidInput) as refused:
        open_case(db, clock, world["housemate"], world.person("housemate"), "EREP")
    assert refused.value.clause == "Art. 2.3"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"urgent": True}, "urgency_reason"),
        ({"urgent": True, "urgency_reason": "bored"}, "urgency_reason"),
        ({"urgency_reason": "distress"}, "urgency_reason"),
        ({"discovery_date": date(2026, 11, 28)}, "discovery_date"),
        ({"occurrence_date": date(2026, 11, 27)}, "occurrence_date"),
        ({"narrative": "   "}, "narrative"),
    ],
)
def test_invalid_openings_are_refused_with_the_field_at_fault(
    db: Database, clock: FixedClock, world: World, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        open_case(db, clock, world["affiliate"], world.person("affiliate"), "EREP", **changes)
    assert refused.value.field == field
    assert read_cases_count(db, clock, world) == 0


def read_cases_count(db: Database, clock: FixedClock, world: World) -> int:
    return len(run(db, lambda uow: service.list_cases(uow, world["affiliate"], clock)))


def test_an_unknown_guarantee_code_is_invalid(
    db: Database, clock: FixedClock, world: World
) -> None:
    with pytest.raises(InvalidInput) as refused:
        open_case(db, clock, world["affiliate"], world.person("affiliate"), "CAR")
    assert refused.value.field == "guarantee_code"


def test_members_do_not_open_phone_cases_and_claims_handlers_do_not_take_calls(
    db: Database, clock: FixedClock, world: World
) -> None:
    with pytest.raises(InvalidInput):
        open_case(db, clock, world["affiliate"], world.person("affiliate"), channel=Channel.PHONE)
    for role in ("claims_handler", "admin"):
        with pytest.raises(Forbidden):
            open_case(db, clock, world[role], world.person("affiliate"))


def test_a_workstream_is_taken_by_its_team_only_and_kept_by_its_holder(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), "EREP")
    legal = workstream_of(view, "legal")
    with pytest.raises(Forbidden):
        take(db, clock, world["technical"], legal)
    with pytest.raises(Forbidden):
        take(db, clock, world["supervisor"], legal)
    take(db, clock, world["legal"], legal)
    assert take(db, clock, world["legal"], legal).status == "in_progress"  # idempotent
    second_lawyer = run(
        db,
        lambda uow: create_staff_user(
            uow,
            email="lawyer2@cybercare.example",
            display_name="L2",
            roles=["legal"],
            clock=clock,
            actor="test",
        ),
    )
    with pytest.raises(StateConflict):
        take(db, clock, second_lawyer, legal)


def test_a_case_closes_only_when_every_workstream_is_closed(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), "DATA")
    with pytest.raises(Conflict) as refused:
        run(
            db,
            lambda uow: service.close_case(
                uow, world["technical"], view.case_id, "x", clock, CaseOutcome.DUPLICATE, CATALOG
            ),
        )
    assert refused.value.params["open_workstreams"] == ["technical"]
    closed_again = read(db, clock, world["technical"], view.case_id)
    assert closed_again.status == "triaged"


def test_member_messages_and_their_audit_are_written_together(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["affiliate"], world.person("affiliate"), "ECOM")
    clock.advance(timedelta(hours=2))
    after = run(
        db,
        lambda uow: workstreams.post_member_message(
            uow, world["affiliate"], view.case_id, "The seller answered at last", clock
        ),
    )
    assert [n.body for n in after.notes] == ["The seller answered at last"]
    assert after.first_contact.met_at is None  # a member's message is no human contact
    with db.uow() as uow:
        actions = [e.action for e in trail.events_for(uow, "case", view.case_id)]
    assert actions.count("case.note_added") == 1
    assert after.notes[0].created_at == datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
