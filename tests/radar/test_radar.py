"""The scam radar on both databases (issue 20): a member forwards, the technical team answers
within the SLA (urgent when money is about to move), a scam answer opens the incident in one
tap, indicators match across households, a known-bad match is answered at once, confirmation
tells the households that reported it, and Art. 11 keeps households apart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from cybercare.assistance.domain import Channel
from cybercare.db.tables import OutboxMessage
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.radar import service
from cybercare.radar.domain import AskedTo, RadarRefused, ReportKind, ReportNotFound
from cybercare.radar.service import Submission
from tests.assistance.builders import World
from tests.assistance.helpers import CATALOG, give_contact_details, run

PARCEL = (
    "bpost: your parcel is on hold. Pay the 1,99 EUR fee at https://bpost-fee.info/pay "
    "or transfer to BE71 0961 2345 6769"
)
IBAN = "BE71096123456769"


def report(
    db: Database, clock: FixedClock, world: World, who: str = "adult_child", **changes: object
) -> service.queries.ReportView:
    principal = world[who]
    fields: dict[str, object] = {
        "person_id": principal.person_id or world.person("adult_child"),
        "kind": ReportKind.TEXT,
        "content": PARCEL,
        "asked_to": AskedTo.CLICK_LINK,
    }
    fields.update(changes)
    submission = Submission(**fields)  # type: ignore[arg-type]
    return run(db, lambda uow: service.submit_report(uow, principal, submission, CATALOG, clock))


def test_art_8_4_a_report_waits_for_the_technical_team_within_the_first_contact_clock(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = report(db, clock, world)
    assert view.status == "open" and not view.urgent and view.verdict is None
    assert view.answer_due_at > clock.now() + timedelta(hours=1)
    assert {i.kind for i in view.indicators} == {"domain", "iban"}
    queue = run(db, lambda uow: service.report_queue(uow, world["technical"]))
    assert view.report_id in {line.report_id for line in queue}
    assert next(line for line in queue if line.report_id == view.report_id).lookalike


def test_art_8_4_urgent_when_money_is_about_to_move(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = report(db, clock, world, asked_to=AskedTo.PAY)
    assert view.urgent and view.answer_due_at == clock.now() + timedelta(hours=1)
    calm = report(db, clock, world, asked_to=AskedTo.NOTHING, money_about_to_move=True)
    assert calm.urgent
    queue = run(db, lambda uow: service.report_queue(uow, world["supervisor"]))
    assert queue[0].urgent


def test_the_team_answers_and_a_scam_opens_the_prefilled_incident_in_one_tap(
    db: Database, clock: FixedClock, world: World
) -> None:
    give_contact_details(db, world.person("adult_child"), "+32470000000", "cas@peeters.example")
    view = report(db, clock, world, asked_to=AskedTo.PAY, money_lost=True)
    answered = run(
        db,
        lambda uow: service.answer_report(
            uow, world["technical"], view.report_id, "scam", "Do not pay. Call your bank.", clock
        ),
    )
    assert answered.status == "answered" and answered.verdict == "scam"
    draft = run(db, lambda uow: service.draft_incident(uow, world["adult_child"], view.report_id))
    assert draft.guarantee_code == "PAYF" and "BE71 0961 2345 6769" in draft.narrative
    case = run(
        db,
        lambda uow: service.open_incident(
            uow, world["adult_child"], view.report_id, CATALOG, clock
        ),
    )
    assert case.guarantee_code == "PAYF" and case.channel == Channel.PORTAL.value
    again = run(db, lambda uow: service.read_report(uow, world["adult_child"], view.report_id))
    assert again.case_id == case.case_id
    with pytest.raises(InvalidInput):
        run(
            db,
            lambda uow: service.open_incident(
                uow, world["adult_child"], view.report_id, CATALOG, clock
            ),
        )
    mails = run(db, lambda uow: list(uow.session.scalars(select(OutboxMessage))))
    assert any("cas@peeters.example" in str(m.payload) for m in mails)


def test_only_a_scam_answer_becomes_an_incident(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = report(db, clock, world)
    run(
        db,
        lambda uow: service.answer_report(
            uow, world["technical"], view.report_id, "legitimate", "This is really bpost.", clock
        ),
    )
    with pytest.raises(InvalidInput):
        run(db, lambda uow: service.draft_incident(uow, world["adult_child"], view.report_id))


def test_known_bad_match_is_answered_at_once_and_still_reaches_a_person_where_money_moves(
    db: Database, clock: FixedClock, world: World
) -> None:
    confirmed = run(
        db,
        lambda uow: service.confirm_indicator(
            uow, world["technical"], "iban", "be71 0961 2345 6769", "Money mule account", clock
        ),
    )
    assert confirmed.added == 1
    calm = report(db, clock, world, asked_to=AskedTo.NOTHING)
    assert calm.verdict == "scam" and calm.answered_by_kind == "known_bad"
    assert calm.status == "answered" and calm.language == "nl"
    assert "al gemeld door andere Cyber Care-gezinnen" in (calm.advice or "")
    urgent = report(db, clock, world, asked_to=AskedTo.TRANSFER)
    assert urgent.verdict == "scam" and urgent.status == "open" and urgent.urgent
    queue = run(db, lambda uow: service.report_queue(uow, world["technical"]))
    line = next(line for line in queue if line.report_id == urgent.report_id)
    assert line.known_bad_match


def test_clusters_count_households_and_confirmation_tells_every_reporter(
    db: Database, clock: FixedClock, world: World, other: World
) -> None:
    give_contact_details(db, world.person("adult_child"), "+32470000001", "cas@peeters.example")
    give_contact_details(db, other.person("affiliate"), "+32470000002", "an_b@peeters.example")
    first = report(db, clock, world)
    clock.advance(timedelta(hours=2))
    second = report(db, clock, other, who="affiliate", content=f"Buyer asks: pay {IBAN}")
    assert any(i.others_reported for i in second.indicators if i.kind == "iban")
    since = clock.now() - timedelta(days=7)
    cluster = run(db, lambda uow: service.cluster_view(uow, world["legal"], "iban", IBAN, since))
    assert (cluster.households, cluster.reports) == (2, 2)
    assert set(cluster.report_ids) == {first.report_id, second.report_id}
    lines = run(db, lambda uow: service.clusters(uow, world["technical"], since))
    assert any(line.value == IBAN and line.households == 2 for line in lines)
    confirmed = run(
        db,
        lambda uow: service.confirm_indicator(
            uow, world["technical"], "iban", IBAN, "Reported by two households", clock
        ),
    )
    assert confirmed.households_told == 2
    mails = run(db, lambda uow: list(uow.session.scalars(select(OutboxMessage))))
    to = {m.payload["to"] for m in mails}
    assert {"cas@peeters.example", "an_b@peeters.example"} <= to
    # The member's own page now says the indicator is a confirmed scam.
    mine = run(db, lambda uow: service.read_report(uow, world["adult_child"], first.report_id))
    assert any(i.known_bad for i in mine.indicators if i.kind == "iban")


def test_known_bad_file_from_a_partner_loads_and_refuses_a_bad_line(
    db: Database, clock: FixedClock, world: World
) -> None:
    data = "kind,value,reason\niban,BE71 0961 2345 6769,mule\ndomain,https://bpost-fee.info/x,\n"
    loaded = run(
        db, lambda uow: service.load_known_bad(uow, "cli:ops", data, "ccb-list.csv", clock)
    )
    assert (loaded.added, loaded.already_known) == (2, 0)
    again = run(db, lambda uow: service.load_known_bad(uow, "cli:ops", data, "ccb-list.csv", clock))
    assert (again.added, again.already_known) == (0, 2)
    with pytest.raises(InvalidInput) as refused:
        run(
            db,
            lambda uow: service.load_known_bad(
                uow, "cli:ops", "kind,value\nphone,not a number\n", "x.csv", clock
            ),
        )
    assert refused.value.field == "line 2"
    listed = run(db, lambda uow: service.known_bad(uow, world["technical"]))
    assert {k.value for k in listed} == {IBAN, "bpost-fee.info"}


def test_art_11_3_a_member_never_sees_another_members_report(
    db: Database, clock: FixedClock, world: World, other: World
) -> None:
    view = report(db, clock, world)
    for stranger in (world["affiliate"], other["affiliate"]):
        with pytest.raises(ReportNotFound):
            run(db, lambda uow, who=stranger: service.read_report(uow, who, view.report_id))
    with pytest.raises(InvalidInput):
        report(db, clock, world, who="affiliate", person_id=world.person("adult_child"))


def test_art_11_only_the_assistance_teams_see_the_radar(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = report(db, clock, world)
    since = clock.now() - timedelta(days=1)
    for who in ("claims_handler", "admin", "adult_child"):
        with pytest.raises(RadarRefused):
            run(db, lambda uow, w=who: service.cluster_view(uow, world[w], "iban", IBAN, since))
    with pytest.raises(RadarRefused):
        run(
            db,
            lambda uow: service.answer_report(
                uow, world["legal"], view.report_id, "scam", "advice", clock
            ),
        )
    with pytest.raises(RadarRefused):
        run(
            db,
            lambda uow: service.confirm_indicator(
                uow, world["psychologist"], "iban", IBAN, "why", clock
            ),
        )


def test_art_11_1_the_distributor_sees_aggregate_counts_only(
    db: Database, clock: FixedClock, world: World
) -> None:
    report(db, clock, world)
    report(db, clock, world, asked_to=AskedTo.PAY)
    counts = run(
        db, lambda uow: service.radar_counts(uow, "proxi", clock.now() - timedelta(days=1))
    )
    assert counts.reports == 2 and counts.households == 1
    assert counts.by_kind == {"text": 2} and counts.by_verdict == {"pending": 2}
    assert not any(hasattr(counts, name) for name in ("report_ids", "content", "indicators"))


def test_a_phone_agent_enters_a_report_for_a_member(
    db: Database, clock: FixedClock, world: World
) -> None:
    submission = Submission(
        person_id=world.person("grandparent"),
        kind=ReportKind.PHONE,
        content="02 123 45 67",
        asked_to=AskedTo.GIVE_CARD_OR_CODES,
    )
    view = run(
        db,
        lambda uow: service.submit_report(uow, world["technical"], submission, CATALOG, clock),
    )
    assert view.channel == "phone" and view.urgent
    assert [i.value for i in view.indicators] == ["+3221234567"]


def test_gdpr_5_1_e_reports_lose_their_contents_after_two_years(
    db: Database, clock: FixedClock, world: World
) -> None:
    view = report(db, clock, world)
    clock.advance(timedelta(days=365))
    assert run(db, lambda uow: service.purge_expired_reports(uow, clock)) == 0
    clock.advance(timedelta(days=367))
    assert run(db, lambda uow: service.purge_expired_reports(uow, clock)) == 1
    after = run(db, lambda uow: service.read_report(uow, world["technical"], view.report_id))
    assert after.content == "" and after.indicators == ()
    assert run(db, lambda uow: service.purge_expired_reports(uow, clock)) == 0


def test_a_screenshot_is_kept_with_the_words_the_member_typed(
    db: Database, clock: FixedClock, world: World
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    view = report(
        db,
        clock,
        world,
        kind=ReportKind.SCREENSHOT,
        content="Pay to BE71 0961 2345 6769",
        file_name="sms.png",
        file_type="image/png",
        file_data=png,
    )
    assert view.attachment_name == "sms.png"
    assert [i.value for i in view.indicators] == [IBAN]
    with pytest.raises(InvalidInput) as refused:
        report(
            db,
            clock,
            world,
            kind=ReportKind.SCREENSHOT,
            content="x",
            file_name="a.txt",
            file_type="text/plain",
            file_data=b"hello",
        )
    assert refused.value.field == "file"
