"""Art. 11 for every role, enforced by the services: who sees a case, who reads the
psychological compartment, and that every such read is logged. Refusals are tested as carefully
as successes: a case one may not see answers "not found", like a case that does not exist."""

from __future__ import annotations

import pytest

from cybercare.assistance import repository, service, takedowns, workstreams
from cybercare.assistance.domain import CaseNotFound, Compartment
from cybercare.assistance.views import CaseView
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Forbidden, NotFound
from tests.assistance.builders import World
from tests.assistance.helpers import consent, note, open_case, read, run, take, workstream_of

PSYCH_NOTE = "Anxious since the posts; sleeps badly"
GENERAL_NOTE = "Removal requested from the forum"

# (viewer, sees the case, reads the psychological notes) for an adult's case (Cas, 26).
ADULT_CASE_MATRIX = [
    ("adult_child", True, True),  # the member concerned
    ("affiliate", False, False),  # Art. 11.3: the affiliate does not see another adult's case
    ("partner", False, False),
    ("grandparent", False, False),
    ("minor", False, False),
    ("housemate", False, False),
    ("technical", True, False),  # staff see the case, not the psychological compartment
    ("legal", True, False),
    ("financial", True, False),
    ("psychologist", True, True),  # the assigned counsellor
    ("other_psychologist", True, False),  # a psychologist not assigned
    ("claims_handler", True, False),
    ("supervisor", True, False),
    ("admin", True, False),
]

# For a minor's case (Dina, 12): her legal representatives see it (Art. 11.3), but the
# psychological notes stay with her and her counsellor (Art. 11.2).
MINOR_CASE_MATRIX = [
    ("minor", True, True),
    ("affiliate", True, False),  # mother, legal representative
    ("partner", True, False),  # father, legal representative
    ("adult_child", False, False),  # her adult brother is no representative
    ("grandparent", False, False),
    ("housemate", False, False),
    ("psychologist", True, True),
    ("other_psychologist", True, False),
    ("technical", True, False),
    ("supervisor", True, False),
]


def _case_with_notes(db: Database, clock: FixedClock, world: World, concerned: str) -> CaseView:
    view = open_case(db, clock, world[concerned], world.person(concerned), "EREP")
    psych = workstream_of(view, "psychological")
    legal = workstream_of(view, "legal")
    take(db, clock, world["psychologist"], psych)
    giver = "affiliate" if concerned == "minor" else concerned  # Art. 11.3
    consent(db, clock, world[giver], world.person(concerned))
    note(db, clock, world["psychologist"], psych, PSYCH_NOTE, Compartment.PSYCHOLOGICAL)
    take(db, clock, world["legal"], legal)
    note(db, clock, world["legal"], legal, GENERAL_NOTE)
    return view


def _check(
    db: Database,
    clock: FixedClock,
    world: World,
    case_id: str,
    viewer: str,
    sees: bool,
    reads_psych: bool,
) -> None:
    principal = world[viewer]
    if not sees:
        with pytest.raises(CaseNotFound):
            read(db, clock, principal, case_id)
        if principal.is_member:
            listed = run(db, lambda uow: service.list_cases(uow, principal, clock))
            assert case_id not in {c.case_id for c in listed}
        return
    view = read(db, clock, principal, case_id)
    bodies = [n.body for n in view.notes]
    assert GENERAL_NOTE in bodies
    assert (PSYCH_NOTE in bodies) is reads_psych
    assert view.psychological_notes_withheld is (not reads_psych)
    timeline_psych = [
        e for e in view.timeline if e.event == "case.note_added" and e.team == "psychological"
    ]
    assert bool(timeline_psych) is reads_psych
    if principal.is_member:
        listed = run(db, lambda uow: service.list_cases(uow, principal, clock))
        assert case_id in {c.case_id for c in listed}


@pytest.mark.parametrize(("viewer", "sees", "reads_psych"), ADULT_CASE_MATRIX)
def test_art_11_adult_case_visibility_for_every_role(
    db: Database, clock: FixedClock, world: World, viewer: str, sees: bool, reads_psych: bool
) -> None:
    view = _case_with_notes(db, clock, world, "adult_child")
    _check(db, clock, world, view.case_id, viewer, sees, reads_psych)


@pytest.mark.parametrize(("viewer", "sees", "reads_psych"), MINOR_CASE_MATRIX)
def test_art_11_3_minor_case_visible_to_the_legal_representatives(
    db: Database, clock: FixedClock, world: World, viewer: str, sees: bool, reads_psych: bool
) -> None:
    view = _case_with_notes(db, clock, world, "minor")
    _check(db, clock, world, view.case_id, viewer, sees, reads_psych)


def test_art_11_2_every_read_of_a_psychological_note_is_logged_and_only_those(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = _case_with_notes(db, clock, world, "adult_child")
    with db.uow() as uow:
        before = len(repository.note_reads(uow, view.case_id))
    read(db, clock, world["adult_child"], view.case_id)
    read(db, clock, world["psychologist"], view.case_id)
    read(db, clock, world["legal"], view.case_id)  # sees no psychological note: nothing logged
    read(db, clock, world["supervisor"], view.case_id)
    with db.uow() as uow:
        reads = [
            (r.user_id, r.purpose, r.accessed_at)
            for r in repository.note_reads(uow, view.case_id)[before:]
        ]
    assert reads == [
        (world["adult_child"].user_id, "case.read", clock.now()),
        (world["psychologist"].user_id, "case.read", clock.now()),
    ]


def test_art_11_2_the_access_log_is_append_only(
    db: Database, clock: FixedClock, world: World
) -> None:
    from sqlalchemy import text

    view = _case_with_notes(db, clock, world, "adult_child")
    read(db, clock, world["adult_child"], view.case_id)
    with pytest.raises(Exception, match="append-only"), db.uow() as uow:
        uow.session.execute(text("DELETE FROM note_access_log"))


def test_art_11_2_psychological_notes_only_by_the_assigned_counsellor(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    psych = workstream_of(view, "psychological")
    legal = workstream_of(view, "legal")
    consent(db, clock, world["adult_child"], world.person("adult_child"))
    # Nobody assigned yet: even a psychologist may not write there.
    with pytest.raises(Forbidden):
        note(db, clock, world["psychologist"], psych, "x", Compartment.PSYCHOLOGICAL)
    take(db, clock, world["psychologist"], psych)
    for intruder in ("other_psychologist", "supervisor", "legal", "admin", "claims_handler"):
        with pytest.raises(Forbidden):
            note(db, clock, world[intruder], psych, "x", Compartment.PSYCHOLOGICAL)
    # Psychological notes never go on another team's workstream.
    take(db, clock, world["legal"], legal)
    with pytest.raises(Exception, match="psychological workstream"):
        note(db, clock, world["legal"], legal, "x", Compartment.PSYCHOLOGICAL)
    # Members never write staff notes; staff never post member messages.
    with pytest.raises(Forbidden):
        note(db, clock, world["adult_child"], psych, "x")
    with pytest.raises(Forbidden):
        run(
            db,
            lambda uow: workstreams.post_member_message(
                uow, world["legal"], view.case_id, "x", clock
            ),
        )


def test_art_11_3_other_adults_cannot_act_on_the_case_either(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    for other in ("affiliate", "partner", "housemate"):
        with pytest.raises(CaseNotFound):
            run(
                db,
                lambda uow, o=other: workstreams.post_member_message(
                    uow, world[o], view.case_id, "hello", clock
                ),
            )
    # Nor open a case on behalf of another adult.
    with pytest.raises(Exception, match="may open"):
        open_case(db, clock, world["affiliate"], world.person("adult_child"), "EREP")


def test_art_11_3_a_representative_opens_a_case_for_the_minor(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["partner"], world.person("minor"), "EREP")
    assert view.person_id == world.person("minor")
    assert read(db, clock, world["affiliate"], view.case_id).case_id == view.case_id
    assert read(db, clock, world["minor"], view.case_id).case_id == view.case_id
    with pytest.raises(CaseNotFound):
        read(db, clock, world["adult_child"], view.case_id)


def test_staff_of_another_team_cannot_take_or_write_on_a_workstream(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "IDT")
    financial = workstream_of(view, "financial")
    for outsider in ("technical", "legal", "psychologist", "claims_handler", "admin"):
        with pytest.raises(Forbidden):
            take(db, clock, world[outsider], financial)
    take(db, clock, world["financial"], financial)
    with pytest.raises(Forbidden):
        note(db, clock, world["technical"], financial, "not my team")
    note(db, clock, world["supervisor"], financial, "supervisor follows up")


def test_members_never_reach_workstreams_or_takedowns_directly(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = open_case(db, clock, world["adult_child"], world.person("adult_child"), "EREP")
    technical = workstream_of(view, "technical")
    with pytest.raises(NotFound):  # a member learns nothing about workstream ids
        take(db, clock, world["adult_child"], technical)
    with pytest.raises(Forbidden):
        run(
            db,
            lambda uow: takedowns.request_takedown(
                uow,
                world["adult_child"],
                view.case_id,
                url="https://x.example/p",
                addressee="x",
                deadline_date=clock.today(),
                clock=clock,
            ),
        )
