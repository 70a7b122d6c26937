"""`run_lifecycle_day`, the daily job: tacit renewals on anniversaries (Art. 9.2) and notified
terminations taking effect (Art. 9.4, 9.5), for every affiliation due and only those; safe to run
twice a day, and a late run catches up year by year."""

from __future__ import annotations

from datetime import date, timedelta

from cybercare.audit.trail import events_for
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.feed import events_after
from cybercare.policy import service
from cybercare.policy.domain import TerminationBy
from cybercare.policy.views import AffiliationView
from cybercare.product.catalog import Catalog
from tests.policy_service import builders


def _on(clock: FixedClock, day: date) -> None:
    clock.advance(timedelta(days=(day - clock.today()).days))


def _run(db: Database, products: Catalog, clock: FixedClock) -> dict[str, int]:
    with db.uow() as uow:
        counts = service.run_lifecycle_day(uow, products, clock)
        uow.commit()
    return counts


def _view(
    db: Database, products: Catalog, clock: FixedClock, affiliation_id: str
) -> AffiliationView:
    with db.reader() as uow:
        return service.get_affiliation(uow, builders.actor(), affiliation_id, products, clock)


def _feed(db: Database, kind: str) -> list[dict[str, object]]:
    with db.reader() as uow:
        return [e.data for e in events_after(uow, "proximus", 0, 500) if e.type == kind]


def test_art_9_2_only_the_affiliations_whose_anniversary_has_come_are_renewed(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    early = builders.subscribe(db, products, clock)  # 2026-11-27
    _on(clock, date(2026, 12, 15))
    late = builders.subscribe(db, products, clock)  # 2026-12-15

    _on(clock, date(2027, 11, 27))
    first_day = _run(db, products, clock)
    _on(clock, date(2027, 12, 14))
    quiet_day = _run(db, products, clock)
    _on(clock, date(2027, 12, 15))
    second_day = _run(db, products, clock)

    assert (first_day, quiet_day, second_day) == (
        {"renewed": 1, "terminated": 0},
        {"renewed": 0, "terminated": 0},
        {"renewed": 1, "terminated": 0},
    )
    assert _view(db, products, clock, early.affiliation_id).renews_on == date(2028, 11, 27)
    assert _view(db, products, clock, late.affiliation_id).renews_on == date(2028, 12, 15)


def test_running_the_job_twice_on_a_day_changes_nothing_the_second_time(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    builders.subscribe(db, products, clock)
    _on(clock, date(2027, 11, 27))
    assert _run(db, products, clock)["renewed"] == 1
    assert _run(db, products, clock) == {"renewed": 0, "terminated": 0}
    assert len(_feed(db, "affiliation.renewed")) == 1


def test_a_run_two_years_late_renews_each_year_in_order(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    view = builders.subscribe(db, products, clock)
    _on(clock, date(2028, 12, 1))
    assert _run(db, products, clock)["renewed"] == 2
    renewed = _feed(db, "affiliation.renewed")
    assert [e["effective_date"] for e in renewed] == ["2027-11-27", "2028-11-27"]
    assert _view(db, products, clock, view.affiliation_id).renews_on == date(2029, 11, 27)


def test_a_withdrawn_affiliation_is_never_renewed(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    view = builders.subscribe(db, products, clock)
    _on(clock, date(2026, 12, 1))
    with db.uow() as uow:
        service.confirm_withdrawal(
            uow, builders.actor(), view.affiliation_id, clock.today(), products, clock
        )
        uow.commit()
    _on(clock, date(2027, 11, 27))
    assert _run(db, products, clock) == {"renewed": 0, "terminated": 0}
    assert _view(db, products, clock, view.affiliation_id).status == "withdrawn"


def test_a_late_non_renewal_renews_once_more_then_ends_at_the_next_anniversary(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    view = builders.subscribe(db, products, clock)
    _on(clock, date(2027, 9, 1))  # after 2027-08-27: too late for the first year (Art. 9.5)
    with db.uow() as uow:
        preview, _ = service.confirm_termination(
            uow,
            builders.actor(),
            view.affiliation_id,
            clock.today(),
            TerminationBy.DISTRIBUTOR,
            products,
            clock,
        )
        uow.commit()
    assert preview.effective_date == date(2028, 11, 27)

    _on(clock, date(2027, 11, 27))
    first = _run(db, products, clock)
    _on(clock, date(2028, 11, 27))
    second = _run(db, products, clock)

    assert first == {"renewed": 1, "terminated": 0}
    assert second == {"renewed": 0, "terminated": 1}
    ended = _view(db, products, clock, view.affiliation_id)
    assert ended.status == "terminated"
    assert ended.periods[-1].start == date(2028, 11, 27)
    assert _feed(db, "affiliation.terminated")[0]["by"] == "distributor"


def test_the_job_acts_as_itself_in_the_audit_trail(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    view = builders.subscribe(db, products, clock)
    _on(clock, date(2027, 11, 27))
    _run(db, products, clock)
    with db.reader() as uow:
        renewed = events_for(uow, "affiliation", view.affiliation_id)[-1]
    assert (renewed.action, renewed.actor, renewed.clause) == (
        "affiliation.renewed",
        "job:lifecycle",
        "Art. 9.2",
    )
