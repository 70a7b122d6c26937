"""Art. 9 through the API, each rule at its deadline −1, 0 and +1 day: withdrawal (9.3),
termination by the affiliate (9.4), non-renewal by the distributor (9.5), tacit renewal (9.2) and
a notified termination taking effect, both run by the daily lifecycle job."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.policy.service import run_lifecycle_day
from tests.api import builders
from tests.api.builders import TODAY, Distributor

AFFILIATIONS = "/api/v1/affiliations"
START = TODAY  # subscribed and started on 2026-11-27


def _on(clock: FixedClock, day: date) -> None:
    """Move the clock forward to `day` (same time of day)."""
    assert day >= clock.today()
    clock.advance(timedelta(days=(day - clock.today()).days))


def _get(api: TestClient, by: Distributor, affiliation_id: str) -> dict[str, Any]:
    response = api.get(f"{AFFILIATIONS}/{affiliation_id}", headers=by.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _types(api: TestClient, by: Distributor) -> list[str]:
    return [event["type"] for event in builders.events(api, by=by)]


def _lifecycle_day(container: Container) -> dict[str, int]:
    with container.database.uow() as uow:
        counts = run_lifecycle_day(uow, container.catalog, container.clock)
        uow.commit()
    return counts


# --- withdrawal (Art. 9.3) -------------------------------------------------------------------


@pytest.mark.parametrize(("day", "accepted"), [(13, True), (14, True), (15, False)])
def test_art_9_3_withdrawal_is_accepted_until_day_14_after_subscription(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    day: int,
    accepted: bool,
) -> None:
    created = builders.subscribe(api, by=proximus)
    path = f"{AFFILIATIONS}/{created['id']}/withdrawal"
    _on(clock, START + timedelta(days=day))
    before = builders.row_counts(db)

    preview = api.get(path, headers=proximus.headers)
    confirmed = builders.post(api, path, {}, by=proximus)

    after = _get(api, proximus, created["id"])
    if accepted:
        assert preview.status_code == confirmed.status_code == 200
        assert preview.json() == confirmed.json()  # the confirmation applies the preview
        decision = confirmed.json()
        assert decision["deadline"] == "2026-12-11"
        assert decision["effective_date"] == clock.today().isoformat()
        assert decision["article"] == "Art. 9.3"
        assert decision["refund"] == "0.00"  # nothing charged yet: billing plugs in later
        assert after["status"] == "withdrawn"
        assert after["status_periods"][-1] == {
            "status": "withdrawn",
            "start_date": clock.today().isoformat(),
            "end_date": None,
            "article": "Art. 9.3",
        }
        assert _types(api, proximus)[-1] == "affiliation.withdrawn"
        assert builders.audit_actions(db, created["id"])[-1] == "affiliation.withdrawn"
    else:
        for response in (preview, confirmed):
            assert response.status_code == 409
            problem = response.json()
            assert (problem["code"], problem["clause"]) == (
                "policy.withdrawal_period_over",
                "Art. 9.3",
            )
            assert problem["params"]["deadline"] == "2026-12-11"
        assert after["status"] == "active"
        assert builders.row_counts(db) == before


def test_a_withdrawn_affiliation_cannot_be_withdrawn_or_terminated_again(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    base = f"{AFFILIATIONS}/{created['id']}"
    _on(clock, START + timedelta(days=2))
    assert builders.post(api, f"{base}/withdrawal", {}, by=proximus).status_code == 200
    before = builders.row_counts(db)

    again = builders.post(api, f"{base}/withdrawal", {}, by=proximus)
    terminated = builders.post(api, f"{base}/termination", {}, by=proximus)

    for response in (again, terminated):
        assert response.status_code == 409
        assert response.json()["code"] == "policy.already_ended"
    assert builders.row_counts(db) == before


# --- termination by the affiliate (Art. 9.4) -------------------------------------------------


@pytest.mark.parametrize(
    ("notice_on", "effective", "reason"),
    [
        # start + 5 months is 2027-04-27; the minimum run ends at start + 6 months, 2027-05-27
        (date(2027, 4, 26), "2027-05-27", "policy.termination_after_minimum_run"),
        (date(2027, 4, 27), "2027-05-27", "policy.termination_after_notice"),
        (date(2027, 4, 28), "2027-05-28", "policy.termination_after_notice"),
    ],
)
def test_art_9_4_the_affiliate_terminates_after_a_month_of_notice_and_six_months_of_cover(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    notice_on: date,
    effective: str,
    reason: str,
) -> None:
    created = builders.subscribe(api, by=proximus)
    path = f"{AFFILIATIONS}/{created['id']}/termination"
    _on(clock, notice_on)

    preview = api.get(path, params={"by": "affiliate"}, headers=proximus.headers)
    confirmed = builders.post(api, path, {"by": "affiliate"}, by=proximus)

    assert preview.status_code == confirmed.status_code == 200, confirmed.text
    assert preview.json() == confirmed.json()
    decision = confirmed.json()
    assert (decision["effective_date"], decision["article"]) == (effective, "Art. 9.4")
    assert decision["reasons"][0]["code"] == reason
    after = _get(api, proximus, created["id"])
    assert after["status"] == "active"  # until the effective date
    assert after["pending_end"] == {
        "notice_on": notice_on.isoformat(),
        "effective_date": effective,
        "by": "affiliate",
        "article": "Art. 9.4",
    }
    notified = builders.events(api, by=proximus)[-1]
    assert notified["type"] == "affiliation.termination_notified"
    assert notified["data"]["effective_date"] == effective
    assert builders.audit_actions(db, created["id"])[-1] == "affiliation.termination_notified"


def test_a_second_termination_notice_is_refused_while_one_is_pending(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    path = f"{AFFILIATIONS}/{created['id']}/termination"
    _on(clock, date(2027, 1, 4))
    assert builders.post(api, path, {}, by=proximus).status_code == 200
    before = builders.row_counts(db)

    again = builders.post(api, path, {"by": "distributor"}, by=proximus)

    assert again.status_code == 409
    assert again.json()["code"] == "policy.termination_already_pending"
    assert builders.row_counts(db) == before


# --- non-renewal by the distributor (Art. 9.5) -----------------------------------------------


@pytest.mark.parametrize(
    ("notice_on", "effective", "reason"),
    [
        # the first insurance year ends 2027-11-27; 3 months before is 2027-08-27
        (date(2027, 8, 26), "2027-11-27", "policy.non_renewal_at_year_end"),
        (date(2027, 8, 27), "2027-11-27", "policy.non_renewal_at_year_end"),
        (date(2027, 8, 28), "2028-11-27", "policy.non_renewal_too_late_for_this_year"),
    ],
)
def test_art_9_5_the_distributor_does_not_renew_with_three_months_notice_before_year_end(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    notice_on: date,
    effective: str,
    reason: str,
) -> None:
    created = builders.subscribe(api, by=proximus)
    path = f"{AFFILIATIONS}/{created['id']}/termination"
    _on(clock, notice_on)

    preview = api.get(path, params={"by": "distributor"}, headers=proximus.headers)
    confirmed = builders.post(api, path, {"by": "distributor"}, by=proximus)

    assert preview.status_code == confirmed.status_code == 200, confirmed.text
    assert preview.json() == confirmed.json()
    decision = confirmed.json()
    assert (decision["by"], decision["article"]) == ("distributor", "Art. 9.5")
    assert decision["effective_date"] == effective
    assert decision["reasons"][0]["code"] == reason
    assert _get(api, proximus, created["id"])["pending_end"]["effective_date"] == effective
    assert builders.events(api, by=proximus)[-1]["data"]["by"] == "distributor"
    assert builders.audit_actions(db, created["id"])[-1] == "affiliation.termination_notified"


def test_a_preview_writes_nothing(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    _on(clock, START + timedelta(days=3))
    before = builders.row_counts(db)
    for path in ("withdrawal", "termination"):
        response = api.get(f"{AFFILIATIONS}/{created['id']}/{path}", headers=proximus.headers)
        assert response.status_code == 200
    assert builders.row_counts(db) == before
    assert _get(api, proximus, created["id"])["pending_end"] is None


# --- the daily lifecycle job: tacit renewal (Art. 9.2) and terminations taking effect --------


@pytest.mark.parametrize(
    ("job_days", "renewed"),
    [
        ([date(2027, 11, 26)], 0),
        ([date(2027, 11, 26), date(2027, 11, 27)], 1),
        ([date(2027, 11, 26), date(2027, 11, 27), date(2027, 11, 28)], 1),
        ([date(2027, 11, 28)], 1),  # a missed day still renews, once
    ],
)
def test_art_9_2_the_contract_renews_tacitly_on_its_anniversary_once(
    api: TestClient,
    api_container: Container,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    job_days: list[date],
    renewed: int,
) -> None:
    created = builders.subscribe(api, by=proximus)
    assert created["renews_on"] == "2027-11-27"

    total = 0
    for day in job_days:
        _on(clock, day)
        total += _lifecycle_day(api_container)["renewed"]

    after = _get(api, proximus, created["id"])
    assert total == renewed
    assert after["status"] == "active"
    renewals = [e for e in builders.events(api, by=proximus) if e["type"] == "affiliation.renewed"]
    assert len(renewals) == renewed
    if renewed:
        assert after["renews_on"] == "2028-11-27"
        assert after["insurance_year_start"] == "2027-11-27"
        assert renewals[0]["data"]["effective_date"] == "2027-11-27"
        assert renewals[0]["data"]["article"] == "Art. 9.2"
        assert builders.audit_actions(db, created["id"]).count("affiliation.renewed") == 1
    else:
        assert after["renews_on"] == "2027-11-27"


@pytest.mark.parametrize(
    ("job_day", "status"),
    [
        (date(2027, 5, 26), "active"),
        (date(2027, 5, 27), "terminated"),
        (date(2027, 5, 28), "terminated"),
    ],
)
def test_a_notified_termination_takes_effect_on_its_date_through_the_daily_job(
    api: TestClient,
    api_container: Container,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    job_day: date,
    status: str,
) -> None:
    created = builders.subscribe(api, by=proximus)
    _on(clock, date(2027, 4, 27))
    builders.post(api, f"{AFFILIATIONS}/{created['id']}/termination", {}, by=proximus)

    _on(clock, job_day)
    counts = _lifecycle_day(api_container)
    again = _lifecycle_day(api_container)

    after = _get(api, proximus, created["id"])
    assert after["status"] == status
    assert again == {"renewed": 0, "terminated": 0}
    terminated = [
        e for e in builders.events(api, by=proximus) if e["type"] == "affiliation.terminated"
    ]
    if status == "terminated":
        assert counts == {"renewed": 0, "terminated": 1}
        assert after["status_periods"][-1]["start_date"] == "2027-05-27"  # not the run's day
        assert after["renews_on"] is None
        (event,) = terminated
        assert event["data"]["effective_date"] == "2027-05-27"
        assert event["data"]["by"] == "affiliate"
        assert builders.audit_actions(db, created["id"])[-1] == "affiliation.terminated"
    else:
        assert counts == {"renewed": 0, "terminated": 0}
        assert terminated == []


def test_a_non_renewal_ends_the_contract_at_the_anniversary_instead_of_renewing_it(
    api: TestClient,
    api_container: Container,
    clock: FixedClock,
    proximus: Distributor,
) -> None:
    created = builders.subscribe(api, by=proximus)
    _on(clock, date(2027, 8, 1))
    builders.post(
        api, f"{AFFILIATIONS}/{created['id']}/termination", {"by": "distributor"}, by=proximus
    )

    _on(clock, date(2027, 11, 27))
    counts = _lifecycle_day(api_container)

    assert counts == {"renewed": 0, "terminated": 1}
    assert _get(api, proximus, created["id"])["status"] == "terminated"
    assert "affiliation.renewed" not in _types(api, proximus)
