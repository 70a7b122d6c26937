"""A scenario per guarantee (Art. 4) from the opening of the case to the payout or the service
delivered: PAYF, IDT, DATA and ASSIST (ECOM and EREP: `test_claims_straight_through.py`,
`test_claims_api.py`, `test_claims_concurrency.py`, `tests/assistance/test_case_scenarios.py`).

Each opens the case as the terms allow (Art. 8.1: the member through the API, or an agent taking
a 24/7 call), triages it into the workstreams of the product's teams, and, where the guarantee
pays money, submits the claim with its Art. 8.3 evidence, lets the engine decide (straight through,
or a handler), and follows the payout into a validated pain.001 file until it is paid."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.assistance import service as cases
from cybercare.assistance.domain import Channel, Compartment
from cybercare.claims.decide import HandlerDecision, decide_claim, handler_queue
from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.service import get_claim
from cybercare.claims.submit import add_evidence, submit_claim
from cybercare.db.tables import PaymentFileRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.payments import service as payments
from cybercare.payments.sepa import validate_pain001
from cybercare.product.catalog import reference_product
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import (
    CATALOG,
    TEAM_AGENT,
    consent,
    note,
    open_case,
    reach,
    read,
    run,
    take,
    workstream_of,
)
from tests.claims.builders import IBAN
from tests.claims.scenario_builders import (
    DATA_EVIDENCE,
    PAYF_EVIDENCE,
    Api,
    close,
    data_submission,
    deliver_service,
    evidence_file,
    pay_out,
    payf_claim_json,
    payf_submission,
    pot_after,
    pots,
    text_evidence,
    uploads,
)

PRODUCT = reference_product()
TODAY = date(2026, 11, 27)  # the clock fixture's day; the Peeters' year runs from 6 January


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)


@pytest.fixture
def api(client: TestClient, db: Database, clock: FixedClock, world: World) -> Api:
    return Api(client, db, clock, world)


def _teams(guarantee: str) -> list[str]:
    return sorted(team.value for team in PRODUCT.guarantee(guarantee).teams)


def _articles(reasons: list[dict[str, object]]) -> dict[str, str]:
    return {str(r["code"]): str(r["article"]) for r in reasons}


# --- PAYF (Art. 4.4): the bank's definitive refusal, reimbursed within ONLINE_PURCHASE_POT ------


def test_art_4_4_payf_member_api_to_straight_through_payout_paid(
    api: Api, db: Database, clock: FixedClock, world: World
) -> None:
    # Opening (Art. 8.1): An reports the fraud through the API, urgent (ongoing fraud).
    opened = api.post(
        "affiliate",
        "/cases",
        {
            "person_id": world.person("affiliate"),
            "guarantee_code": "PAYF",
            "narrative": "Three card payments I never made on a webshop abroad",
            "occurrence_date": "2026-11-18",
            "discovery_date": "2026-11-20",
            "urgent": True,
            "urgency_reason": "ongoing_fraud",
        },
    )
    assert opened.status_code == 201, opened.text
    case = opened.json()
    case_id = case["id"]
    assert (case["channel"], case["status"]) == ("api", "triaged")
    # Triage (Art. 4): one workstream per team of the PAYF services: legal and financial.
    assert (
        sorted(w["team"] for w in case["workstreams"])
        == _teams("PAYF")
        == [
            "financial",
            "legal",
        ]
    )

    # The legal team advises on the right to a refund, the financial team helps with the dispute.
    clock.advance(timedelta(minutes=30))  # within the urgent hour of Art. 8.4
    for ws in case["workstreams"]:
        agent = {"legal": "legal", "financial": "financial"}[ws["team"]]
        taken = api.post(agent, f"/workstreams/{ws['id']}/take")
        assert taken.status_code == 200, taken.text
        assert taken.json()["status"] == "in_progress"
        called = api.post(  # taking only assigns: the reached call is the first contact
            agent,
            f"/cases/{case_id}/contacts",
            {"kind": "call", "outcome": "reached", "workstream_id": ws["id"]},
        )
        assert called.status_code == 201, called.text
        assert called.json()["first_contact"] is True
        written = api.post(
            agent, f"/workstreams/{ws['id']}/notes", {"body": f"{ws['team']}: dispute filed"}
        )
        assert written.status_code == 201, written.text
    followed = api.get("affiliate", f"/cases/{case_id}").json()
    assert followed["status"] == "in_progress"
    assert followed["first_contact"]["breached"] is False

    # The claim (Art. 4.4): what the bank definitively refused, with the four Art. 8.3 files.
    clock.advance(timedelta(days=3))
    files = [("files", evidence_file(code)) for code in PAYF_EVIDENCE]
    submitted = api.upload(
        "affiliate",
        f"/cases/{case_id}/claims/upload",
        {"claim": json.dumps(payf_claim_json("650.00")), "evidence_types": list(PAYF_EVIDENCE)},
        files,
    )
    assert submitted.status_code == 201, submitted.text
    claim = submitted.json()
    assert sorted(e["evidence_type"] for e in claim["evidence"]) == sorted(PAYF_EVIDENCE)
    assert all(len(e["sha256"]) == 64 for e in claim["evidence"])
    # Adjudication: complete, accepted, under the 1,000 EUR auto-pay ceiling: straight through.
    assert (claim["status"], claim["outcome"], claim["payable"]) == (
        "decided",
        "accepted",
        "650.00",
    )
    decision = claim["decision"]
    assert (decision["kind"], decision["state"], decision["decided_by"]) == (
        "engine",
        "final",
        "engine",
    )
    assert decision["missing_evidence"] == []
    assert decision["trace"] is None  # the member reads the reasons, not the trace
    reasons = _articles(decision["reasons"])
    assert reasons["pot.within_limit"] == "Art. 5"
    within = next(r for r in decision["reasons"] if r["code"] == "pot.within_limit")
    assert within["params"] == {
        "pot": "ONLINE_PURCHASE_POT",
        "due_cents": 65_000,
        "limit_cents": 500_000,
        "used_cents": 0,
        "reserved_cents": 0,
        "left_cents": 500_000,
    }
    assert all(str(r["article"]).startswith("Art. ") for r in decision["reasons"])
    staff_view = api.get("claims_handler", f"/claims/{claim['id']}").json()
    trace = {step["code"]: step["article"] for step in staff_view["decision"]["trace"]}
    assert trace["payf.bank_refused"] == "Art. 4.4"
    assert trace["evidence.complete"] == "Art. 8.3"
    assert trace["declaration.in_time"] == "Art. 8.2"
    # The pot shared with ECOM (Art. 5): 650 of 5,000 EUR used, one case of three.
    online = {p["pot"]: p for p in api.get("affiliate", "/pots").json()}["ONLINE_PURCHASE_POT"]
    assert (online["money_limit"], online["used"], online["reserved"], online["left"]) == (
        "5000.00",
        "650.00",
        "0.00",
        "4350.00",
    )
    assert (online["case_limit"], online["cases_used"], online["cases_left"]) == (3, 1, 2)
    letter = api.get("affiliate", f"/claims/{claim['id']}/letter.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")

    # Payout: a new IBAN waits for a handler, then a pain.001 file, then the bank pays it.
    assert [p["status"] for p in claim["payouts"]] == ["pending_review"]
    payout_id = claim["payouts"][0]["id"]
    approved = api.post("claims_handler", f"/payouts/{payout_id}/approval")
    assert approved.json()["status"] == "scheduled"
    made = api.post("claims_handler", "/payment-files", {"execution_date": "2026-12-01"})
    assert made.status_code == 201, made.text
    assert (made.json()["count"], made.json()["total"]) == (1, "650.00")
    in_file = api.get("affiliate", f"/claims/{claim['id']}").json()["payouts"][0]
    assert (in_file["status"], in_file["payment_file_id"]) == ("in_file", made.json()["id"])

    with db.uow() as uow:
        xml = uow.session.scalar(
            select(PaymentFileRow.xml).where(PaymentFileRow.id == made.json()["id"])
        )
        assert xml is not None
        validate_pain001(xml.encode())  # ISO 20022 pain.001.001.09
        assert IBAN in xml and "650.00" in xml
        assert payments.mark_file_paid(uow, made.json()["id"], on=date(2026, 12, 1), at=clock.now())
        uow.commit()
    paid = api.get("affiliate", f"/claims/{claim['id']}").json()
    assert (paid["paid"], paid["payouts"][0]["status"]) == ("650.00", "paid")
    with db.uow() as uow:
        payable = balance(uow, Account.CLAIMS_PAYABLE, world.household_id)
        assert payable.net_debit_cents == 0
        assert balance(uow, Account.CLAIMS_EXPENSE, world.household_id).net_debit_cents == 65_000
        assert unbalanced_entries(uow) == []

    # Service delivered: both workstreams closed, then the case (saying how it ends, Art. 5.2).
    for ws in case["workstreams"]:
        agent = {"legal": "legal", "financial": "financial"}[ws["team"]]
        shut = api.post(agent, f"/workstreams/{ws['id']}/close", {"outcome": "refund obtained"})
        assert shut.status_code == 200, shut.text
    unsaid = api.post("supervisor", f"/cases/{case_id}/close", {"reason": "service delivered"})
    assert unsaid.status_code == 422
    assert [e["pointer"] for e in unsaid.json()["errors"]] == ["#/outcome"]
    withdrawn = api.post(
        "supervisor", f"/cases/{case_id}/close", {"reason": "oops", "outcome": "withdrawn"}
    )
    assert withdrawn.status_code == 409  # Art. 5.2: the accepted claim counted the case
    assert withdrawn.headers["content-type"] == "application/problem+json"
    assert (withdrawn.json()["code"], withdrawn.json()["clause"]) == (
        "case.already_counted",
        "Art. 5.2",
    )
    closed = api.post(
        "supervisor",
        f"/cases/{case_id}/close",
        {"reason": "service delivered", "outcome": "service_delivered"},
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert closed.json()["closure_outcome"] == "service_delivered"
    assert closed.json()["case_limit"] == {
        "pot": "ONLINE_PURCHASE_POT",
        "state": "counted",
        "case_limit": 3,
        "cases_left": 2,
        "clause": "Art. 5.2",
    }


def test_art_4_4_payf_phone_call_incomplete_file_then_handler_above_auto_pay_ceiling(
    db: Database, clock: FixedClock, world: World
) -> None:
    # Opening (Art. 8.1): Bram calls the 24/7 line; the agent does not know the guarantee yet.
    call = open_case(
        db,
        clock,
        world["financial"],
        world.person("partner"),
        None,
        narrative="My bank card was used online after a phishing SMS",
        occurrence_date=date(2026, 11, 10),
        discovery_date=date(2026, 11, 12),
        urgent=True,
        urgency_reason="ongoing_fraud",
    )
    assert (call.channel, call.status, call.workstreams) == ("phone", "open", ())
    assert call.first_contact.met_at == call.opened_at  # the call is the first human contact
    triaged = run(
        db,
        lambda uow: cases.triage_case(
            uow, world["financial"], call.case_id, "PAYF", CATALOG, clock
        ),
    )
    assert sorted(w.team for w in triaged.workstreams) == _teams("PAYF")
    take(db, clock, world["legal"], workstream_of(triaged, "legal"))
    take(db, clock, world["financial"], workstream_of(triaged, "financial"))
    note(db, clock, world["financial"], workstream_of(triaged, "financial"), "bank contacted")

    # The claim without the bank's refusal letter yet: incomplete (Art. 8.3), proposal held.
    partner = world["partner"]
    first = uploads(PAYF_EVIDENCE[:3])
    view = run(
        db,
        lambda uow: submit_claim(
            uow, partner, call.case_id, payf_submission(180_000), CATALOG, clock, first
        ),
    )
    assert view.status == "incomplete"
    assert view.decision is not None
    assert view.decision.missing_evidence == ("bank_refusal",)
    assert any(r.article == "Art. 8.3" for r in view.decision.reasons)
    online = pots(db, world, TODAY)["ONLINE_PURCHASE_POT"]
    assert (online.reserved_cents, online.cases_reserved, online.used_cents) == (180_000, 1, 0)

    # The refusal arrives: the file is complete, but 1,800 EUR is above the auto-pay ceiling.
    clock.advance(timedelta(days=2))
    refusal = uploads(("bank_refusal",))[0]
    view = run(db, lambda uow: add_evidence(uow, partner, view.claim_id, refusal, CATALOG, clock))
    assert (view.status, view.queue_reason) == ("in_review", "claims.above_auto_pay_ceiling")
    assert view.payouts == ()
    queue = run(db, lambda uow: handler_queue(uow, world["claims_handler"]))
    assert [c.claim_id for c in queue] == [view.claim_id]
    proposal = queue[0].decision
    assert proposal is not None and proposal.state == "proposed"
    assert (proposal.outcome, proposal.payable_cents) == ("accepted", 180_000)
    assert any(
        step["code"] == "payf.bank_refused" and step["article"] == "Art. 4.4"
        for step in proposal.trace
    )

    # The handler accepts it (within the 2,500 EUR authority limit: no second person).
    decided = run(
        db,
        lambda uow: decide_claim(
            uow,
            world["claims_handler"],
            view.claim_id,
            HandlerDecision(HandlerOutcome.ACCEPTED, 180_000, "refusal letter checked: Art. 4.4"),
            CATALOG,
            clock,
        ),
    )
    assert (decided.status, decided.outcome, decided.payable_cents) == (
        "decided",
        "accepted",
        180_000,
    )
    assert decided.decision is not None
    assert (decided.decision.kind, decided.decision.state) == ("handler", "final")
    handler_reasons = {r.code: r for r in decided.decision.reasons}
    assert handler_reasons["pot.within_limit"].article == "Art. 5"
    assert handler_reasons["pot.within_limit"].params["due_cents"] == 180_000
    assert handler_reasons["pot.within_limit"].params["left_cents"] == 500_000
    assert pot_after(db, view.claim_id) == {
        "pot": "ONLINE_PURCHASE_POT",
        "left_cents": 320_000,
        "cases_left": 2,
    }
    online = pots(db, world, TODAY)["ONLINE_PURCHASE_POT"]
    assert (online.used_cents, online.reserved_cents, online.left_cents) == (180_000, 0, 320_000)
    assert (online.cases_used, online.cases_reserved, online.cases_left) == (1, 0, 2)

    [payout] = decided.payouts
    assert (payout.status, payout.amount_cents) == ("pending_review", 180_000)
    paid, xml = pay_out(db, world["claims_handler"], clock, payout.payout_id, execution=TODAY)
    assert paid.status == "paid"
    assert b"1800.00" in xml and IBAN.encode() in xml
    after = run(db, lambda uow: get_claim(uow, partner, view.claim_id, clock))
    assert after.paid_cents == 180_000

    deliver_service(
        db, clock, world, read(db, clock, world["financial"], call.case_id), outcome="refunded"
    )
    assert close(db, clock, world["supervisor"], call.case_id).status == "closed"


# --- DATA (Art. 4.6): recovery cost within DATA_POT, 800 EUR and one case a year ---------------


def test_art_4_6_data_phone_call_to_straight_through_payout_and_second_case_to_handler(
    db: Database, clock: FixedClock, world: World
) -> None:
    call = open_case(
        db,
        clock,
        world["technical"],
        world.person("adult_child"),
        "DATA",
        narrative="Laptop fell in the bath; thesis and photos lost",
        discovery_date=date(2026, 11, 25),
    )
    assert (call.channel, call.status) == ("phone", "triaged")
    assert [w.team for w in call.workstreams] == _teams("DATA") == ["technical"]
    technical = workstream_of(call, "technical")
    take(db, clock, world["technical"], technical)
    note(db, clock, world["technical"], technical, "expert appointed: recovery quote 480 EUR")

    # The recovery cost, with the two Art. 8.3 descriptions (text files).
    evidence = (
        text_evidence("device_description", "Dell XPS 13, SSD 512 GB"),
        text_evidence("loss_cause_description", "Water damage on 25 November"),
    )
    member = world["adult_child"]
    view = run(
        db,
        lambda uow: submit_claim(
            uow, member, call.case_id, data_submission(48_000), CATALOG, clock, evidence
        ),
    )
    assert (view.status, view.outcome, view.payable_cents) == ("decided", "accepted", 48_000)
    assert sorted(e.evidence_type for e in view.evidence) == sorted(DATA_EVIDENCE)
    assert view.decision is not None and view.decision.kind == "engine"
    reasons = {r.code: r for r in view.decision.reasons}
    assert reasons["pot.within_limit"].article == "Art. 5"
    assert reasons["pot.within_limit"].params == {
        "pot": "DATA_POT",
        "due_cents": 48_000,
        "limit_cents": 80_000,
        "used_cents": 0,
        "reserved_cents": 0,
        "left_cents": 80_000,
    }
    trace = {step["code"]: step for step in view.decision.trace}
    assert trace["data.cause_covered"]["article"] == "Art. 4.6"
    assert trace["evidence.complete"]["article"] == "Art. 8.3"
    assert trace["pot.cases_available"]["article"] == "Art. 5.2"
    assert pot_after(db, view.claim_id) == {
        "pot": "DATA_POT",
        "left_cents": 32_000,
        "cases_left": 0,
    }
    data = pots(db, world, TODAY)["DATA_POT"]
    assert (data.money_limit_cents, data.used_cents, data.left_cents) == (80_000, 48_000, 32_000)
    assert (data.case_limit, data.cases_used, data.cases_left) == (1, 1, 0)

    [payout] = view.payouts
    paid, xml = pay_out(db, world["claims_handler"], clock, payout.payout_id, execution=TODAY)
    assert paid.status == "paid" and b"480.00" in xml
    deliver_service(
        db,
        clock,
        world,
        read(db, clock, world["technical"], call.case_id),
        outcome="data recovered",
    )
    assert close(db, clock, world["technical"], call.case_id).status == "closed"

    # A second DATA case the same insurance year: the one case is used (Art. 5.2). The engine
    # proposes the decline; the system never declines by itself: a handler decides.
    again = open_case(
        db,
        clock,
        world["affiliate"],
        world.person("affiliate"),
        "DATA",
        narrative="Ransomware on the family PC",
        discovery_date=date(2026, 11, 26),
    )
    second = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            again.case_id,
            data_submission(20_000, "malware"),
            CATALOG,
            clock,
            evidence,
        ),
    )
    assert (second.status, second.queue_reason) == ("in_review", "engine.proposes_decline")
    assert second.decision is not None and second.decision.outcome == "declined"
    exhausted = {r.code: r for r in second.decision.reasons}["pot.cases_exhausted"]
    assert exhausted.article == "Art. 5.2"
    declined = run(
        db,
        lambda uow: decide_claim(
            uow,
            world["claims_handler"],
            second.claim_id,
            HandlerDecision(HandlerOutcome.DECLINED, 0, "one DATA case a year: Art. 5.2"),
            CATALOG,
            clock,
        ),
    )
    assert (declined.status, declined.outcome, declined.payouts) == ("decided", "declined", ())
    assert declined.decision is not None
    assert any(n.article == "Art. 10.1" for n in declined.decision.notices)
    data = pots(db, world, TODAY)["DATA_POT"]
    assert (data.used_cents, data.reserved_cents, data.cases_used) == (48_000, 0, 1)


# --- IDT (Art. 4.3) and ASSIST (Art. 4.1): service only ------------------------------------------


def test_art_4_3_idt_member_api_to_four_teams_service_delivered(
    api: Api, db: Database, clock: FixedClock, world: World
) -> None:
    opened = api.post(
        "partner",
        "/cases",
        {
            "person_id": world.person("partner"),
            "guarantee_code": "IDT",
            "narrative": "Someone opened a phone subscription and a loan in my name",
            "discovery_date": "2026-11-26",
            "urgent": True,
            "urgency_reason": "distress",
        },
    )
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert (case["channel"], case["status"]) == ("api", "triaged")
    assert (
        sorted(w["team"] for w in case["workstreams"])
        == _teams("IDT")
        == [
            "financial",
            "legal",
            "psychological",
            "technical",
        ]
    )
    assert all(
        w["first_contact"]["due_at"].startswith("2026-11-27T10:00") for w in case["workstreams"]
    )  # urgent: within the hour (Art. 8.4)

    clock.advance(timedelta(minutes=40))
    consent(db, clock, world["partner"], world.person("partner"))  # GDPR art. 9(2)(a)
    view = read(db, clock, world["technical"], case["id"])
    for ws in view.workstreams:
        agent = TEAM_AGENT[ws.team]
        take(db, clock, world[agent], ws.workstream_id)
        reached = reach(db, clock, world[agent], case["id"], ws.workstream_id)
        assert reached.first_contact_at == clock.now()  # within the hour: not breached
        compartment = (
            Compartment.PSYCHOLOGICAL if ws.team == "psychological" else Compartment.GENERAL
        )
        note(db, clock, world[agent], ws.workstream_id, f"{ws.team}: help given", compartment)

    # Art. 11.2: the counsellor's notes are read by the member, withheld from the other teams.
    member_view = api.get("partner", f"/cases/{case['id']}").json()
    assert "psychological: help given" in [n["body"] for n in member_view["notes"]]
    legal_view = read(db, clock, world["legal"], case["id"])
    assert legal_view.psychological_notes_withheld
    assert "psychological: help given" not in [n.body for n in legal_view.notes]

    for ws in view.workstreams:
        agent = TEAM_AGENT[ws.team]
        shut = api.post(agent, f"/workstreams/{ws.workstream_id}/close", {"outcome": "done"})
        assert shut.status_code == 200, shut.text
    closed = api.post(
        "supervisor",
        f"/cases/{case['id']}/close",
        {"reason": "service delivered", "outcome": "service_delivered"},
    )
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["status"] == "closed"
    assert all(w["status"] == "closed" for w in body["workstreams"])
    # Service only (Art. 4.3): no pot was drawn on.
    assert all(p.used_cents == 0 and p.cases_used == 0 for p in pots(db, world, TODAY).values())


def test_art_4_1_assist_phone_call_triaged_to_service_delivered(
    db: Database, clock: FixedClock, world: World
) -> None:
    call = open_case(
        db,
        clock,
        world["legal"],
        world.person("grandparent"),
        None,
        channel=Channel.PHONE,
        narrative="Is this e-mail from my bank real? What are my rights?",
        language="fr",
    )
    assert (call.channel, call.status, call.language) == ("phone", "open", "fr")
    assert call.first_contact.met_at == call.opened_at
    triaged = run(
        db,
        lambda uow: cases.triage_case(uow, world["legal"], call.case_id, "ASSIST", CATALOG, clock),
    )
    assert triaged.guarantee_code == "ASSIST"
    assert sorted(w.team for w in triaged.workstreams) == _teams("ASSIST") == ["legal", "technical"]

    clock.advance(timedelta(hours=2))
    deliver_service(db, clock, world, triaged, outcome="advice given")
    done = close(db, clock, world["legal"], call.case_id)
    assert done.status == "closed"
    assert all(w.status == "closed" and w.outcome == "advice given" for w in done.workstreams)
    assert sorted(n.body for n in done.notes) == ["legal: advice given", "technical: advice given"]
    events = [e.event for e in done.timeline]
    assert (events[0], events[-1]) == ("case.opened", "case.closed")
    assert events.count("workstream.taken") == 2
    assert all(p.used_cents == 0 and p.cases_used == 0 for p in pots(db, world, TODAY).values())


def test_art_5_3_data_recovery_above_the_pot_is_settled_partially_with_the_figures(
    db: Database, clock: FixedClock, world: World
) -> None:
    case = open_case(
        db,
        clock,
        world["affiliate"],
        world.person("affiliate"),
        "DATA",
        channel=Channel.PORTAL,
        narrative="Accidentally wiped the family photo disk",
        discovery_date=date(2026, 11, 24),
    )
    assert [w.team for w in case.workstreams] == ["technical"]
    evidence = (
        text_evidence("device_description", "External disk 2 TB"),
        text_evidence("loss_cause_description", "Formatted by mistake"),
    )
    view = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case.case_id,
            data_submission(95_000, "accidental_deletion"),
            CATALOG,
            clock,
            evidence,
        ),
    )
    # 950 EUR due, 800 EUR in DATA_POT: the remaining amount is paid (Art. 5.3), straight
    # through (under the auto-pay ceiling), with the figures and the complaints path (Art. 10.1).
    assert (view.status, view.outcome, view.payable_cents) == (
        "decided",
        "partially_accepted",
        80_000,
    )
    assert view.decision is not None and view.decision.kind == "engine"
    partial = {r.code: r for r in view.decision.reasons}["pot.partial_settlement"]
    assert partial.article == "Art. 5.3"
    assert {k: partial.params[k] for k in ("due_cents", "limit_cents", "left_cents")} == {
        "due_cents": 95_000,
        "limit_cents": 80_000,
        "left_cents": 80_000,
    }
    assert partial.params["payable_cents"] == 80_000
    assert any(n.article == "Art. 10.1" for n in view.decision.notices)
    assert pot_after(db, view.claim_id) == {"pot": "DATA_POT", "left_cents": 0, "cases_left": 0}
    data = pots(db, world, TODAY)["DATA_POT"]
    assert (data.used_cents, data.left_cents, data.cases_left) == (80_000, 0, 0)
    [payout] = view.payouts
    paid, xml = pay_out(db, world["claims_handler"], clock, payout.payout_id, execution=TODAY)
    assert (paid.status, paid.amount_cents) == ("paid", 80_000) and b"800.00" in xml
    deliver_service(
        db, clock, world, read(db, clock, world["technical"], case.case_id), outcome="recovered"
    )
    assert close(db, clock, world["technical"], case.case_id).status == "closed"


def test_a_final_decision_view_shows_what_is_left_in_the_pot(
    db: Database, clock: FixedClock, world: World
) -> None:
    case = open_case(db, clock, world["affiliate"], world.person("affiliate"), "PAYF")
    view = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case.case_id,
            payf_submission(65_000),
            CATALOG,
            clock,
            uploads(PAYF_EVIDENCE),
        ),
    )
    assert view.decision is not None and view.decision.state == "final"
    assert view.decision.pot is not None
    assert (view.decision.pot.pot, view.decision.pot.left_cents) == (
        "ONLINE_PURCHASE_POT",
        435_000,
    )
