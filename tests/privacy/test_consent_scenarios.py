"""Explicit consent before psychological assistance (GDPR art. 7, 9(2)(a); Art. 11.2, 11.3), on
both databases: no psychological note before consent, who may consent for whom, the phone
channel, withdrawal, and every refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from cybercare.assistance.domain import Compartment
from cybercare.assistance.views import CaseView, WorkstreamView
from cybercare.assistance.workstreams import team_queue
from cybercare.audit import trail
from cybercare.consent import consent_service
from cybercare.consent.consent import (
    Consent,
    ConsentAlreadyWithdrawn,
    ConsentChannel,
    ConsentNotFound,
    ConsentRefused,
    ConsentRequired,
)
from cybercare.consent.consent_service import ConsentGiving
from cybercare.consent.text_files import consent_texts
from cybercare.db.tables import CaseNoteRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from tests.assistance.builders import World
from tests.assistance.helpers import note, open_case, read, run, take, workstream_of

TEXT = consent_texts("psychological_assistance")


def _case_taken(db: Database, clock: FixedClock, world: World, concerned: str) -> tuple[str, str]:
    """An EREP case of `concerned` whose psychological workstream the counsellor took."""
    view = open_case(db, clock, world[concerned], world.person(concerned), "EREP")
    psych = workstream_of(view, "psychological")
    take(db, clock, world["psychologist"], psych)
    return view.case_id, psych


def _give(
    db: Database,
    clock: FixedClock,
    world: World,
    who: str,
    subject: str,
    *,
    language: str = "nl",
    given_by: str | None = None,
    case_id: str | None = None,
) -> Consent:
    giving = ConsentGiving(
        world.person(subject),
        TEXT.current(clock.today()).version,
        language,
        given_by_person_id=world.person(given_by) if given_by else None,
        case_id=case_id,
    )
    return run(db, lambda uow: consent_service.give_consent(uow, world[who], giving, clock))


def _psych_note(db: Database, clock: FixedClock, world: World, ws: str, body: str = "x") -> None:
    note(db, clock, world["psychologist"], ws, body, Compartment.PSYCHOLOGICAL)


def _psych_notes(db: Database, case_id: str) -> list[str]:
    with db.reader() as uow:
        return list(
            uow.session.scalars(
                select(CaseNoteRow.body).where(
                    CaseNoteRow.case_id == case_id,
                    CaseNoteRow.compartment == Compartment.PSYCHOLOGICAL.value,
                )
            )
        )


def test_gdpr_9_2_a_no_psychological_note_before_consent(
    db: Database, clock: FixedClock, world: World
) -> None:
    case_id, psych = _case_taken(db, clock, world, "adult_child")
    with pytest.raises(ConsentRequired) as refused:
        _psych_note(db, clock, world, psych, "Anxious since the posts")
    assert refused.value.clause == "Art. 11.2"
    assert refused.value.params["gdpr"] == "GDPR art. 9(2)(a)"
    assert "GDPR art. 9(2)(a)" in refused.value.message
    assert _psych_notes(db, case_id) == []
    # A general note of the same workstream is no health data: it is written.
    note(db, clock, world["psychologist"], psych, "Called, left a voicemail")


def test_gdpr_9_2_a_staff_see_the_psychological_workstream_waiting_for_consent(
    db: Database, clock: FixedClock, world: World
) -> None:
    case_id, psych = _case_taken(db, clock, world, "adult_child")
    view = read(db, clock, world["supervisor"], case_id)
    waiting = {ws.team: ws.waiting_for_consent for ws in view.workstreams}
    assert waiting == {"legal": False, "psychological": True, "technical": False}
    queue = run(db, lambda uow: team_queue(uow, world["psychologist"], "psychological", clock))
    assert [(row.workstream_id, row.waiting_for_consent) for row in queue] == [(psych, True)]
    _give(db, clock, world, "adult_child", "adult_child")
    view = read(db, clock, world["supervisor"], case_id)
    assert not any(ws.waiting_for_consent for ws in view.workstreams)
    queue = run(db, lambda uow: team_queue(uow, world["psychologist"], "psychological", clock))
    assert [row.waiting_for_consent for row in queue] == [False]


def test_gdpr_7_the_adult_consents_in_the_portal_and_the_exact_text_is_recorded(
    db: Database, clock: FixedClock, world: World
) -> None:
    case_id, psych = _case_taken(db, clock, world, "adult_child")
    given = _give(db, clock, world, "adult_child", "adult_child", language="fr", case_id=case_id)
    current = TEXT.current(clock.today())
    assert given.text == current.text("fr")
    assert given.text_sha256 == current.sha256("fr")
    assert (given.text_version, given.language, given.channel) == (
        current.version,
        "fr",
        ConsentChannel.PORTAL,
    )
    assert given.given_at == clock.now()
    assert given.given_by_person_id == world.person("adult_child")
    assert given.recorded_by_user_id == world["adult_child"].user_id
    _psych_note(db, clock, world, psych, "Anxious since the posts")
    assert _psych_notes(db, case_id) == ["Anxious since the posts"]
    with db.reader() as uow:
        events = trail.events_for(uow, "person", world.person("adult_child"))
    assert [(e.action, e.clause, e.details["channel"]) for e in events] == [
        ("consent.given", "Art. 11.2", "portal")
    ]


@pytest.mark.parametrize("other", ["affiliate", "partner", "grandparent"])
def test_art_11_3_an_adults_consent_is_given_only_by_that_adult(
    db: Database, clock: FixedClock, world: World, other: str
) -> None:
    _case_taken(db, clock, world, "adult_child")
    with pytest.raises(ConsentRefused) as refused:
        _give(db, clock, world, other, "adult_child")
    assert refused.value.clause == "Art. 11.3"
    assert "only for themselves" in refused.value.message


def test_art_11_3_a_minors_consent_is_given_by_the_legal_representative(
    db: Database, clock: FixedClock, world: World
) -> None:
    case_id, psych = _case_taken(db, clock, world, "minor")
    given = _give(db, clock, world, "partner", "minor")  # her father
    assert given.given_by_person_id == world.person("partner")
    assert given.by_representative
    _psych_note(db, clock, world, psych, "Dina sleeps badly")
    assert _psych_notes(db, case_id) == ["Dina sleeps badly"]


@pytest.mark.parametrize("who", ["minor", "adult_child", "grandparent"])
def test_art_11_3_the_minor_alone_or_another_adult_cannot_consent_for_a_minor(
    db: Database, clock: FixedClock, world: World, who: str
) -> None:
    _case_taken(db, clock, world, "minor")
    with pytest.raises(ConsentRefused) as refused:
        _give(db, clock, world, who, "minor")
    assert "legal representative" in refused.value.message


def test_art_11_3_a_representatives_consent_lapses_when_the_minor_comes_of_age(
    db: Database, clock: FixedClock, world: World
) -> None:
    _, psych = _case_taken(db, clock, world, "minor")  # Dina, born 2014-06-07
    _give(db, clock, world, "affiliate", "minor")
    clock.advance(timedelta(days=365 * 6))  # 2032: Dina is 18
    with pytest.raises(ConsentRequired):
        _psych_note(db, clock, world, psych)
    _give(db, clock, world, "minor", "minor")
    _psych_note(db, clock, world, psych, "Now decides herself")


def test_gdpr_7_a_phone_agent_records_the_consent_read_aloud_and_is_kept(
    db: Database, clock: FixedClock, world: World
) -> None:
    _, psych = _case_taken(db, clock, world, "grandparent")
    given = _give(
        db, clock, world, "technical", "grandparent", language="de", given_by="grandparent"
    )
    assert given.channel is ConsentChannel.PHONE
    assert given.recorded_by_user_id == world["technical"].user_id
    assert given.text == TEXT.current(clock.today()).text("de")
    _psych_note(db, clock, world, psych)


def test_art_11_3_on_the_phone_the_agent_names_an_entitled_giver(
    db: Database, clock: FixedClock, world: World
) -> None:
    _case_taken(db, clock, world, "minor")
    with pytest.raises(InvalidInput, match="given_by_person_id"):
        _give(db, clock, world, "technical", "minor")
    with pytest.raises(ConsentRefused):
        _give(db, clock, world, "technical", "minor", given_by="minor")
    with pytest.raises(ConsentRefused):
        _give(db, clock, world, "technical", "minor", given_by="grandparent")
    assert _give(db, clock, world, "technical", "minor", given_by="affiliate").by_representative


@pytest.mark.parametrize("who", ["claims_handler", "admin"])
def test_gdpr_7_staff_outside_the_line_record_no_consent(
    db: Database, clock: FixedClock, world: World, who: str
) -> None:
    with pytest.raises(ConsentRefused):
        _give(db, clock, world, who, "adult_child", given_by="adult_child")


def test_gdpr_7_the_consent_text_shown_must_be_the_one_in_effect(
    db: Database, clock: FixedClock, world: World
) -> None:
    giving = ConsentGiving(world.person("adult_child"), "1999-01", "nl")
    with pytest.raises(InvalidInput, match="text_version"):
        run(db, lambda uow: consent_service.give_consent(uow, world["adult_child"], giving, clock))
    bad_language = ConsentGiving(
        world.person("adult_child"), TEXT.current(clock.today()).version, "es"
    )
    with pytest.raises(InvalidInput, match="language"):
        run(
            db,
            lambda uow: consent_service.give_consent(
                uow, world["adult_child"], bad_language, clock
            ),
        )


def test_gdpr_7_consenting_twice_records_one_consent(
    db: Database, clock: FixedClock, world: World
) -> None:
    first = _give(db, clock, world, "adult_child", "adult_child")
    clock.advance(timedelta(minutes=5))
    again = _give(db, clock, world, "adult_child", "adult_child")
    assert again.consent_id == first.consent_id
    with db.reader() as uow:
        assert len(consent_service.consents_of_person(uow, world.person("adult_child"))) == 1


def test_gdpr_7_3_withdrawal_stops_new_notes_and_keeps_the_earlier_ones(
    db: Database, clock: FixedClock, world: World
) -> None:
    case_id, psych = _case_taken(db, clock, world, "adult_child")
    given = _give(db, clock, world, "adult_child", "adult_child")
    _psych_note(db, clock, world, psych, "Before the withdrawal")
    clock.advance(timedelta(days=2))
    withdrawn = run(
        db,
        lambda uow: consent_service.withdraw_consent(
            uow, world["adult_child"], given.consent_id, clock
        ),
    )
    assert withdrawn.withdrawn_at == clock.now()
    assert withdrawn.withdrawal_channel is ConsentChannel.PORTAL
    with pytest.raises(ConsentRequired):
        _psych_note(db, clock, world, psych, "After the withdrawal")
    assert _psych_notes(db, case_id) == ["Before the withdrawal"]  # not erased (art. 7(3))
    view = read(db, clock, world["supervisor"], case_id)
    assert workstream_of_view(view, "psychological").waiting_for_consent  # paused
    with db.reader() as uow:
        actions = [
            (e.action, e.clause)
            for e in trail.events_for(uow, "person", world.person("adult_child"))
        ]
    assert actions == [("consent.given", "Art. 11.2"), ("consent.withdrawn", "GDPR art. 7(3)")]
    # Consenting again resumes the psychological assistance.
    _give(db, clock, world, "adult_child", "adult_child")
    _psych_note(db, clock, world, psych, "Resumed")


def workstream_of_view(view: CaseView, team: str) -> WorkstreamView:
    return next(ws for ws in view.workstreams if ws.team == team)


def test_gdpr_7_3_a_withdrawal_is_refused_twice_and_to_others(
    db: Database, clock: FixedClock, world: World
) -> None:
    given = _give(db, clock, world, "adult_child", "adult_child")
    for other in ("affiliate", "partner", "housemate"):
        with pytest.raises(ConsentNotFound):
            run(
                db,
                lambda uow, o=other: consent_service.withdraw_consent(
                    uow, world[o], given.consent_id, clock
                ),
            )
    # On the phone, an agent withdraws only at the request of someone entitled to.
    with pytest.raises(InvalidInput, match="requested_by_person_id"):
        run(
            db,
            lambda uow: consent_service.withdraw_consent(
                uow, world["legal"], given.consent_id, clock
            ),
        )
    with pytest.raises(ConsentNotFound):
        run(
            db,
            lambda uow: consent_service.withdraw_consent(
                uow,
                world["legal"],
                given.consent_id,
                clock,
                requested_by_person_id=world.person("affiliate"),
            ),
        )
    run(
        db,
        lambda uow: consent_service.withdraw_consent(
            uow, world["adult_child"], given.consent_id, clock
        ),
    )
    with pytest.raises(ConsentAlreadyWithdrawn):
        run(
            db,
            lambda uow: consent_service.withdraw_consent(
                uow, world["adult_child"], given.consent_id, clock
            ),
        )


def test_gdpr_7_3_the_minor_may_stop_what_the_representative_consented_to(
    db: Database, clock: FixedClock, world: World
) -> None:
    _, psych = _case_taken(db, clock, world, "minor")
    given = _give(db, clock, world, "affiliate", "minor")
    run(
        db,
        lambda uow: consent_service.withdraw_consent(uow, world["minor"], given.consent_id, clock),
    )
    with pytest.raises(ConsentRequired):
        _psych_note(db, clock, world, psych)


def test_consents_of_person_lists_consents_given_for_and_by_the_person(
    db: Database, clock: FixedClock, world: World
) -> None:
    own = _give(db, clock, world, "affiliate", "affiliate")
    clock.advance(timedelta(minutes=1))
    for_minor = _give(db, clock, world, "affiliate", "minor")
    with db.reader() as uow:
        mine = consent_service.consents_of_person(uow, world.person("affiliate"))
        dinas = consent_service.consents_of_person(uow, world.person("minor"))
    assert [(c.consent_id, c.role) for c in mine] == [
        (own.consent_id, "subject"),
        (for_minor.consent_id, "representative"),
    ]
    assert [(c.consent_id, c.role, c.text) for c in dinas] == [
        (for_minor.consent_id, "subject", for_minor.text)
    ]
