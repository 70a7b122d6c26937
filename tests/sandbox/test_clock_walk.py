"""The sandbox clock walk (issue 18): subscribe on a test clock, advance it, and the jobs of the
days crossed happen as they would have: the billing run, the direct debits collected or
returned (a magic IBAN fails), the formal notice, the suspension and termination after the
delays of Art. 9.6, and the tacit renewal at the anniversary (Art. 9.2)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.db.tables import (
    AuditEvent,
    CaseRow,
    OutboxMessage,
    PremiumLineRow,
    SlaEscalationRow,
)
from cybercare.identity.service import create_member_user
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.endpoints import register_endpoint
from cybercare.sandbox.domain import FAILING_IBANS
from tests.api import builders
from tests.sandbox.conftest import World

START = "2027-01-04T09:00:00+01:00"  # a Monday; the clock's Brussels day is 2027-01-04
FAILING = next(iban for iban, code in FAILING_IBANS.items() if code == "AM04")
PAYING = "BE71096123456769"


def _clock(api: TestClient, by: builders.Distributor, **body: Any) -> dict[str, Any]:
    made = builders.post(api, "/api/v1/test-clocks", {"name": "walk", **body}, by=by)
    assert made.status_code == 201, made.text
    assert made.headers["location"] == f"/api/v1/test-clocks/{made.json()['id']}"
    return made.json()


def _on(by: builders.Distributor, clock_id: str) -> builders.Distributor:
    """The same key, its requests made on the test clock (`Cybercare-Test-Clock`)."""

    class OnClock(builders.Distributor):
        @property
        def headers(self) -> dict[str, str]:
            return {**by.headers, "Cybercare-Test-Clock": clock_id}

    return OnClock(by.code, by.token, by.key_id)


def _subscribe(api: TestClient, by: builders.Distributor, ref: str, iban: str) -> dict[str, Any]:
    token = builders.quote(api, by=by)
    body = builders.subscription(
        terms_token=token, customer_ref=ref, start_date=builders.date(2027, 1, 4)
    ) | {
        "mandate": {
            "reference": f"SBX-{ref}",
            "holder": "Marie Dubois",
            "iban": iban,
            "signature_date": "2027-01-04",
        }
    }
    made = builders.post(api, "/api/v1/affiliations", body, by=by)
    assert made.status_code == 201, made.text
    return made.json()


def _advance(api: TestClient, by: builders.Distributor, clock_id: str, to: str) -> dict[str, Any]:
    answer = builders.post(
        api, f"/api/v1/test-clocks/{clock_id}/advance", {"frozen_time": to}, by=by
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "advancing"
    # the walk runs after the answer (TestClient runs background tasks before returning)
    now = api.get(f"/api/v1/test-clocks/{clock_id}", headers=by.headers).json()
    assert (now["status"], now["advancing_to"]) == ("ready", None)
    return now


def _types(events: list[dict[str, Any]], affiliation_id: str) -> list[str]:
    return [e["type"] for e in events if e["affiliation_id"] == affiliation_id]


def _webhooks(world: World) -> list[tuple[str, str]]:
    """(event type, affiliation id) of the webhooks waiting in the sandbox's outbox."""
    with world.sandbox.reader() as uow:
        payloads = uow.session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.kind == "webhook")
        )
        bodies = [json.loads(p["body"]) for p in payloads]
    return [(b["type"], b["affiliation_id"]) for b in bodies]


def test_advancing_a_test_clock_bills_collects_dunns_suspends_terminates_and_renews(
    api: TestClient, world: World, proximus_test: builders.Distributor
) -> None:
    with world.sandbox.uow() as uow:  # the partner's receiver, registered in the sandbox
        register_endpoint(
            uow,
            distributor="proximus",
            url="https://hooks.example.be/cc",
            at=datetime(2026, 11, 27, tzinfo=UTC),
        )
        uow.commit()
    clock = _clock(api, proximus_test, frozen_time=START)
    on_clock = _on(proximus_test, clock["id"])
    failing = _subscribe(api, on_clock, "SBX-FAIL", FAILING)
    paying = _subscribe(api, on_clock, "SBX-PAY", PAYING)
    assert failing["start_date"] == "2027-01-04"  # "today" is the clock's day
    listed = api.get(f"/api/v1/test-clocks/{clock['id']}", headers=proximus_test.headers).json()
    assert sorted(listed["affiliations"]) == sorted([failing["id"], paying["id"]])

    # a month: the billing run of 1 February (January's part and February), the debits
    # collected on 2 February, the magic IBAN's returned (AM04) and its formal notice sent
    _advance(api, proximus_test, clock["id"], "2027-02-04T09:00:00+01:00")
    with world.sandbox.reader() as uow:
        lines = set(
            uow.session.execute(
                select(PremiumLineRow.affiliation_id, PremiumLineRow.period, PremiumLineRow.status)
            )
        )
        audit = list(uow.session.execute(select(AuditEvent.action, AuditEvent.subject_id)))
    assert lines == {
        (failing["id"], "2027-01", "unpaid"),
        (failing["id"], "2027-02", "unpaid"),
        (paying["id"], "2027-01", "paid"),
        (paying["id"], "2027-02", "paid"),
    }
    assert ("billing.dunning.send_notice", failing["id"]) in audit
    assert ("billing.dunning.send_notice", paying["id"]) not in audit
    assert ("test_clock.advanced", clock["id"]) in audit

    # Art. 8.4: an urgent call-back asked on the clock gets "a first human contact within 1
    # hour": nobody answers in the sandbox, so the next advance escalates the breach
    affiliate = next(m for m in paying["members"] if m["relationship"] == "affiliate")
    with world.sandbox.uow() as uow:  # she has signed in to the distributor's app
        create_member_user(
            uow,
            email="marie@sandbox.example",
            person_id=affiliate["person_id"],
            clock=FixedClock.on(date(2027, 2, 4)),
            actor="test",
        )
        uow.commit()
    asked = builders.post(
        api,
        f"/api/v1/affiliations/{paying['id']}/call-backs",
        {
            "person_id": affiliate["person_id"],
            "requested_by_person_id": affiliate["person_id"],
            "phone": "+32470123456",
            "what_is_happening": "Someone is emptying my account right now",
            "urgency_reason": "ongoing_fraud",
        },
        by=on_clock,
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["call_before"] == "2027-02-04T09:00:00Z"  # the clock's time + 1 hour

    # Art. 9.6: the notice of 2 February gives 15 days (pay by the 17th); "cover is suspended
    # the day after that period" (the 18th); "terminated 15 days after the start of the
    # suspension unless paid" (5 March). Read on the clock, the affiliation has ended.
    _advance(api, proximus_test, clock["id"], "2027-03-10T09:00:00+01:00")
    with world.sandbox.reader() as uow:
        breached = list(
            uow.session.execute(
                select(CaseRow.affiliation_id, SlaEscalationRow.clock).join(
                    CaseRow, CaseRow.id == SlaEscalationRow.case_id
                )
            )
        )
    assert [tuple(b) for b in breached] == [(paying["id"], "first_contact")]
    read = api.get(f"/api/v1/affiliations/{failing['id']}", headers=on_clock.headers).json()
    assert [(p["status"], p["start_date"], p["article"]) for p in read["status_periods"]] == [
        ("active", "2027-01-04", "Art. 3.2"),
        ("suspended", "2027-02-18", "Art. 9.6"),
        ("terminated", "2027-03-05", "Art. 9.6"),
    ]
    assert read["status"] == "terminated"

    # Art. 9.2: the paying household is renewed tacitly at its anniversary
    _advance(api, proximus_test, clock["id"], "2028-01-05T09:00:00+01:00")
    events = builders.events(api, by=proximus_test)
    assert _types(events, failing["id"])[-2:] == ["affiliation.suspended", "affiliation.terminated"]
    assert _types(events, paying["id"])[-1] == "affiliation.renewed"
    renewed = api.get(f"/api/v1/affiliations/{paying['id']}", headers=on_clock.headers).json()
    assert (renewed["insurance_year_start"], renewed["renews_on"]) == ("2028-01-04", "2029-01-04")
    # every feed event is a webhook to the partner's receiver (sent by the sandbox's worker)
    webhooks = _webhooks(world)
    for wanted in (
        ("affiliation.suspended", failing["id"]),
        ("affiliation.terminated", failing["id"]),
        ("affiliation.renewed", paying["id"]),
    ):
        assert wanted in webhooks
