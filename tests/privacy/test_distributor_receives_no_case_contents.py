"""Art. 11.1: the distributor is controller of subscription and billing data and never sees case
contents. Played as a distributor lives it: it subscribes households through the API and asks a
call-back from its app; members open a case and a claim, which is decided and waits for its
payout; billing runs. Then everything its API key can read and every webhook body its receiver
got are checked against the allow-list of their payload type (tests/privacy/
distributor_payloads.py, docs/privacy-minimisation.md), and searched for every value the case
and the claim hold. Both databases."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.endpoints import register_endpoint
from cybercare.outbox.runner import deliver_batch
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from tests.api import builders
from tests.conftest import Backend
from tests.documents.builders import drawn_text
from tests.outbox.receivers import Receiver
from tests.privacy import distributor_payloads as allowed
from tests.privacy import minimisation_scene
from tests.privacy.minimisation_scene import Scene

MONTHS = ("2026-06", "2026-11", "2026-12")


@pytest.fixture
def container(backend: Backend, db: Database, clock: FixedClock) -> Container:
    builders.seed(db, clock)
    return builders.container(db, url=backend.url, clock=clock)


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container)) as test_client:
        yield test_client


@pytest.fixture
def receiver(container: Container) -> Iterator[Receiver]:
    started = Receiver().start()
    with container.database.uow() as uow:
        register_endpoint(uow, distributor="proximus", url=started.url, at=container.clock.now())
        uow.commit()
    yield started
    started.stop()


def _lived(client: TestClient, container: Container, db: Database, clock: FixedClock) -> Scene:
    scene = minimisation_scene.build(client, db, clock)
    minimisation_scene.open_case_and_claim(scene)
    minimisation_scene.register_mandate(scene)
    call_back = minimisation_scene.post_json(
        client,
        f"/api/v1/affiliations/{scene.affiliation['id']}/call-backs",
        {
            "person_id": scene.person("spouse"),
            "requested_by_person_id": scene.person("spouse"),
            "phone": "+32 470 98 76 54",
            "what_is_happening": "Someone posts my pictures with insults, right now",
            "urgency_reason": "distress",
            "guarantee_code": "EREP",
        },
        scene.proximus.headers,
        "call-back-1",
    )
    assert call_back.status_code == 201, call_back.text
    scene.call_back = call_back.json()
    (urgent,) = client.get("/api/v1/cases", headers=scene.tokens["spouse"]).json()
    scene.call_back_case_id = urgent["id"]  # as the member sees it
    left = minimisation_scene.post_json(
        client,
        f"/api/v1/affiliations/{scene.affiliation['id']}/members/{scene.person('child')}/departure",
        {"left_on": "2026-12-15"},
        scene.proximus.headers,
        "leave-1",
    )
    assert left.status_code == 200, left.text
    for month in MONTHS:
        year, number = (int(part) for part in month.split("-"))
        run_billing(db, container.catalog, clock, Period(year, number))
    return scene


def _get(scene: Scene, path: str, **params: str) -> Any:
    response = scene.client.get(path, params=params, headers=scene.proximus.headers)
    assert response.status_code == 200, f"{path}: {response.text}"
    return response


def _collect(scene: Scene) -> list[tuple[str, str, Any]]:
    """(payload type, where, content) of everything the distributor's key reads."""
    aff = f"/api/v1/affiliations/{scene.affiliation['id']}"
    got: list[tuple[str, str, Any]] = [
        ("affiliation", aff, _get(scene, aff).json()),
        (
            "withdrawal",
            f"{aff}/withdrawal",
            _get(scene, f"{aff}/withdrawal", notified_on="2026-06-05").json(),
        ),
        ("termination", f"{aff}/termination", _get(scene, f"{aff}/termination").json()),
        ("call_back", "POST call-backs", scene.call_back),
    ]
    found = _get(scene, "/api/v1/affiliations", customer_ref=scene.affiliation["customer_ref"])
    got += [("affiliation", "GET /affiliations?customer_ref", a) for a in found.json()]
    got += [("mandate", f"{aff}/mandates", m) for m in _get(scene, f"{aff}/mandates").json()]
    got += [("event", "GET /events", e) for e in builders.events(scene.client, by=scene.proximus)]
    for month in MONTHS:
        charges = f"/api/v1/billing/periods/{month}/charges"
        got.append(("charges.csv", charges, _get(scene, charges).text))
        got.append(("charges.json", charges, _get(scene, charges, format="json").json()))
        report = "/api/v1/reports/commission"
        got.append(("commission.csv", report, _get(scene, report, month=month).text))
        got.append(
            ("commission.json", report, _get(scene, report, month=month, format="json").json())
        )
    certificate = _get(scene, f"{aff}/certificate.pdf", lang="fr").content
    got.append(("certificate.pdf", f"{aff}/certificate.pdf", " ".join(drawn_text(certificate))))
    workbook = _get(scene, "/api/v1/reports/commission", month="2026-11", format="xlsx").content
    got.append(("commission.xlsx", "/api/v1/reports/commission", _xlsx_text(workbook)))
    results = minimisation_scene.post_json(
        scene.client,
        "/api/v1/billing/payment-results",
        {"content": "charge_id,outcome,amount,date\nnot-a-charge,paid,4.99,2026-12-04\n"},
        scene.proximus.headers,
        "results-1",
    )
    got.append(("payment_results", "POST payment-results", results.json()))
    return got


def _xlsx_text(workbook: bytes) -> str:
    """Every cell's text of the workbook (xlsxwriter writes them inline or shared)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        xml = "".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )
    return "\n".join(re.findall(r"<t[^>]*>([^<]*)</t>", xml))


ALLOW = {
    "affiliation": allowed.AFFILIATION,
    "withdrawal": allowed.WITHDRAWAL,
    "termination": allowed.TERMINATION,
    "call_back": allowed.CALL_BACK,
    "mandate": allowed.MANDATE,
    "charges.json": allowed.CHARGES_JSON,
    "commission.json": allowed.COMMISSION_JSON,
    "payment_results": allowed.PAYMENT_RESULTS,
}
CSV_ALLOW = {"charges.csv": allowed.CHARGE, "commission.csv": allowed.COMMISSION}


def _fields_outside(kind: str, content: Any) -> set[str]:
    if kind == "certificate.pdf":
        return set()  # a document for the customer, rendered from the affiliation alone
    if kind == "commission.xlsx":  # the header row of sheet Lines: the CSV's columns
        return set(content.split("\n")[: len(allowed.COMMISSION)]) - allowed.COMMISSION
    if kind in ("event", "webhook"):
        return allowed.event_fields_outside(content)
    if kind in CSV_ALLOW:
        return allowed.csv_columns(content) - CSV_ALLOW[kind]
    return allowed.outside(allowed.fields(content), ALLOW[kind])


def test_art_11_1_the_distributor_receives_only_allowed_fields_and_nothing_of_a_case(
    client: TestClient,
    container: Container,
    db: Database,
    clock: FixedClock,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    scene = _lived(client, container, db, clock)
    received = _collect(scene)
    with HttpWebhookTransport(timeout_s=2.0, connect_timeout_s=1.0) as transport:
        mailbox = MailboxTransport(tmp_path / "mailbox")
        dispatcher = Dispatcher(transport, mailbox, builders.SECRET_KEY, "cc <no@cc.example>")
        deliver_batch(db, clock, dispatcher)
    webhooks = [json.loads(receipt.body) for receipt in receiver.accepted]
    received += [("webhook", "webhook body", body) for body in webhooks]

    feed = [content for kind, _, content in received if kind == "event"]
    assert sorted(webhooks, key=lambda e: int(e["cursor"])) == feed and feed
    kinds = {r[0] for r in received}
    assert {"charges.csv", "commission.xlsx", "certificate.pdf", "mandate", "call_back"} <= kinds
    assert "Marie" in next(r[2] for r in received if r[0] == "certificate.pdf")
    unexpected = {
        (kind, where, field)
        for kind, where, content in received
        for field in _fields_outside(kind, content)
    }
    assert not unexpected, sorted(unexpected)
    facts = scene.case_facts()
    leaked = {
        (kind, where, fact)
        for kind, where, content in received
        for fact in facts
        if fact in (content if isinstance(content, str) else json.dumps(content))
    }
    assert not leaked, sorted(leaked)


def test_art_11_1_the_distributor_billing_lines_are_premiums_only(
    client: TestClient, container: Container, db: Database, clock: FixedClock
) -> None:
    """A month with a decided claim bills the same charge lines as without one: the claim's
    amount, payout and guarantee change nothing a distributor can read."""
    scene = minimisation_scene.build(client, db, clock)
    before = _get(scene, "/api/v1/billing/periods/2026-12/charges", format="json").json()
    minimisation_scene.open_case_and_claim(scene)
    run_billing(db, container.catalog, clock, Period(2026, 12))
    after = _get(scene, "/api/v1/billing/periods/2026-12/charges", format="json").json()
    assert before["count"] == 0 and after["count"] == 2
    assert {c["gross"] for c in after["charges"]} <= {"4.99", "5.00"}
    assert not {fact for fact in scene.case_facts() if fact in json.dumps(after)}


MEMBER_AND_STAFF_READS = (
    "/api/v1/cases",
    "/api/v1/cases/{case}",
    "/api/v1/claims/{claim}",
    "/api/v1/claims/{claim}/letter.pdf",
    "/api/v1/claims/{claim}/evidence/{evidence}",
    "/api/v1/pots",
    "/api/v1/claims/queue",
    "/api/v1/payouts",
    "/api/v1/staff/queues/legal",
    "/api/v1/cases/{case}/contacts",
)


def test_art_11_1_a_distributor_key_opens_no_member_or_staff_route(
    client: TestClient, db: Database, clock: FixedClock
) -> None:
    """The key of the affiliation's own distributor is no personal token: every route of cases,
    claims, pots and payouts answers 401, as to no credentials at all."""
    scene = minimisation_scene.build(client, db, clock)
    minimisation_scene.open_case_and_claim(scene)
    ids = {"case": scene.case_id, "claim": scene.claim_id, "evidence": scene.evidence_id}
    for template in MEMBER_AND_STAFF_READS:
        path = template.format(**ids)
        answer = client.get(path, headers=scene.proximus.headers)
        assert answer.status_code == 401, f"{path}: {answer.text}"
        assert not {fact for fact in scene.case_facts() if fact in answer.text} - set(ids.values())
