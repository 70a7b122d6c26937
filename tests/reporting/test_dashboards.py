"""The dashboards' figures on both databases: cases per guarantee per week, service levels met
per team (Art. 8.4), premiums against claims paid and the loss ratio, households at a pot's
limit (Art. 5) — with the seeded portfolio, and with nothing at all (no division by zero)."""

from __future__ import annotations

from datetime import date, timedelta

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.reporting.dashboard_queries import (
    cases_per_guarantee_per_week,
    households_at_pot_limit,
    premiums_and_claims,
    sla_attainment,
)
from cybercare.reporting.dashboards import CLAIMS_HANDLERS
from cybercare.reporting.figures import Attainment
from tests.assistance.builders import household_world
from tests.assistance.helpers import open_case, reach, take, workstream_of
from tests.reporting.builders import DATA_PAID_CENTS, PREMIUM_NET, seeded_portfolio

TODAY = date(2026, 11, 27)


def test_with_no_data_every_figure_is_zero_or_absent_never_a_division_by_zero(
    db: Database, clock: FixedClock
) -> None:
    with db.reader() as uow:
        cases = cases_per_guarantee_per_week(uow, TODAY)
        sla = sla_attainment(uow, clock.now(), TODAY)
        money = premiums_and_claims(uow, TODAY)
        pots = households_at_pot_limit(uow, TODAY)
    assert len(cases.weeks) == 12 and cases.total == 0 and cases.counts == {}
    assert sla.measured == 0
    assert all(
        share is None or (share.measured == 0 and share.bp is None)
        for team in sla.teams
        for share in (team.first_contact, team.decision)
    )
    assert len(money.months) == 12 and money.empty
    assert money.loss_ratio_bp is None and all(m.loss_ratio_bp is None for m in money.months)
    assert pots.total == 0 and pots.households == ()


def test_cases_are_counted_per_guarantee_in_the_brussels_week_they_were_opened(
    db: Database, clock: FixedClock
) -> None:
    seeded_portfolio(db, clock)
    with db.reader() as uow:
        cases = cases_per_guarantee_per_week(uow, TODAY)
    assert [w.code for w in cases.weeks[-2:]] == ["2026-W47", "2026-W48"]
    assert cases.counts["DATA"][-2:] == (0, 2)
    assert cases.counts["EREP"][-2:] == (1, 0)
    assert set(cases.counts) == {"DATA", "EREP"}
    assert cases.total == 3 and sum(cases.week_totals()) == 3


def test_art_8_4_first_contact_per_team_and_handlers_decisions_met_or_missed(
    db: Database, clock: FixedClock
) -> None:
    seeded_portfolio(db, clock)
    with db.reader() as uow:
        sla = sla_attainment(uow, clock.now(), TODAY)
    teams = {team.team: team for team in sla.teams}
    # Technical: the DATA call taken (met) and the EREP case nobody took (missed); the second
    # DATA case's clock still runs until Monday and is not counted yet.
    assert teams["technical"].first_contact == Attainment(1, 2)
    assert teams["technical"].first_contact.bp == 5_000
    assert teams["legal"].first_contact == Attainment(0, 1)
    assert teams["psychological"].first_contact == Attainment(0, 1)
    assert teams["financial"].first_contact == Attainment(0, 0)
    assert teams["financial"].first_contact.bp is None
    # Claims handlers: the declined DATA claim was decided within its 30 days (Art. 8.4); the
    # straight-through claim never waited for a handler and has no decision clock.
    assert teams[CLAIMS_HANDLERS].decision == Attainment(1, 1)
    assert teams[CLAIMS_HANDLERS].first_contact is None
    assert all(teams[t].decision is None for t in ("technical", "legal"))
    assert sla.measured == 5


def test_premiums_and_claims_paid_per_month_come_from_the_ledger_with_the_loss_ratio(
    db: Database, clock: FixedClock
) -> None:
    seeded_portfolio(db, clock)
    with db.reader() as uow:
        money = premiums_and_claims(uow, TODAY)
    by_month = {m.month.code: m for m in money.months}
    assert [m.month.code for m in money.months][-1] == "2026-11"
    assert by_month["2026-10"].premium_cents == PREMIUM_NET["2026-10"]
    assert by_month["2026-11"].premium_cents == PREMIUM_NET["2026-11"]
    assert by_month["2026-11"].paid_cents == DATA_PAID_CENTS
    assert by_month["2026-10"].paid_cents == 0 and by_month["2026-10"].loss_ratio_bp == 0
    assert by_month["2026-11"].loss_ratio_bp == round(DATA_PAID_CENTS * 10_000 / 910)
    assert by_month["2026-09"].loss_ratio_bp is None  # nothing billed: no ratio
    assert money.premium_cents == 455 + 910 and money.paid_cents == DATA_PAID_CENTS
    assert money.loss_ratio_bp == round(DATA_PAID_CENTS * 10_000 / 1_365)


def test_art_5_2_a_household_whose_one_data_case_is_used_is_at_the_data_pots_limit(
    db: Database, clock: FixedClock
) -> None:
    portfolio = seeded_portfolio(db, clock)
    with db.reader() as uow:
        pots = households_at_pot_limit(uow, TODAY)
    assert pots.counts == {"DATA_POT": 1}
    [row] = pots.households
    assert row.affiliation_id == portfolio.world.affiliation_id
    assert row.affiliate_name == "An Peeters"
    assert (row.cases_used, row.case_limit, row.cases_exhausted) == (1, 1, True)
    assert (row.used_cents, row.money_exhausted) == (DATA_PAID_CENTS, False)
    assert row.last_day == date(2027, 1, 5)  # the Peeters' year runs from 6 January


def test_a_pot_at_its_limit_last_year_is_not_counted_this_year(
    db: Database, clock: FixedClock
) -> None:
    seeded_portfolio(db, clock)
    with db.reader() as uow:
        assert households_at_pot_limit(uow, date(2027, 1, 6)).total == 0


def test_art_8_4_dashboard_counts_real_contacts_not_taken_workstreams(
    db: Database, clock: FixedClock
) -> None:
    world = household_world(db, clock)
    missed = open_case(db, clock, world["affiliate"], world.person("affiliate"), "DATA")
    reached = open_case(db, clock, world["adult_child"], world.person("adult_child"), "DATA")
    late = open_case(db, clock, world["partner"], world.person("partner"), "DATA")
    clock.advance(timedelta(hours=2))
    # Taken, then a voicemail: no contact, its clock runs out on Monday.
    take(db, clock, world["technical"], workstream_of(missed, "technical"))
    reach(
        db,
        clock,
        world["technical"],
        missed.case_id,
        workstream_of(missed, "technical"),
        outcome="voicemail",
    )
    reach(db, clock, world["technical"], reached.case_id, workstream_of(reached, "technical"))
    clock.advance(timedelta(days=4))  # Tuesday 1 December: the working day has passed
    reach(db, clock, world["technical"], late.case_id, workstream_of(late, "technical"))
    with db.reader() as uow:
        sla = sla_attainment(uow, clock.now(), clock.today())
    technical = next(team for team in sla.teams if team.team == "technical")
    assert technical.first_contact == Attainment(1, 3)
