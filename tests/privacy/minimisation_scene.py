"""The scene the minimisation tests play (Art. 11.1, 11.3): households subscribed through the
distributor API, members with personal tokens who open cases and claims through the API, staff,
and a second distributor. Everything a case or a claim holds is collected in `case_facts`, so a
test can look for it in whatever a distributor receives."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient

from cybercare.db.uow import Database
from cybercare.identity import service as identity
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock, FixedClock
from tests.api import builders
from tests.api.builders import Distributor
from tests.claims.builders import respected

PDF = b"%PDF-1.4 evidence of a parcel that never came\n"
EVIDENCE_TYPES = ["order_confirmation", "proof_of_payment", "written_claim_to_seller"]
NARRATIVE = "Ordered a phone from a web shop called Parcelnever; it never arrived"
CLAIMED = "412.37"  # an amount no premium or refund of the scene can be
IBAN = "BE68539007547034"  # the claim's payee: not the premiums' account
MANDATE_IBAN = "BE71096123456769"
START = date(2026, 6, 1)  # the households' cover starts here; the scene plays on 2026-11-27


@dataclass
class Scene:
    client: TestClient
    proximus: Distributor
    telenet: Distributor
    affiliation: dict[str, Any]  # household A, proximus
    other_affiliation: dict[str, Any]  # household B, proximus
    telenet_affiliation: dict[str, Any]  # household C, telenet
    tokens: dict[str, dict[str, str]]  # who -> Authorization header
    case_id: str = ""
    claim: dict[str, Any] = field(default_factory=dict)
    mandate_reference: str = ""
    call_back: dict[str, Any] = field(default_factory=dict)
    call_back_case_id: str = ""
    members: dict[str, Principal] = field(default_factory=dict)  # who -> their login

    def person(self, relationship: str, affiliation: dict[str, Any] | None = None) -> str:
        members = (affiliation or self.affiliation)["members"]
        return str(next(m["person_id"] for m in members if m["relationship"] == relationship))

    @property
    def claim_id(self) -> str:
        return str(self.claim["id"])

    @property
    def evidence_id(self) -> str:
        return str(self.claim["evidence"][0]["id"])

    @property
    def payout_id(self) -> str:
        return str(self.claim["payouts"][0]["id"])

    def case_facts(self) -> set[str]:
        """Values of the case and the claim that no distributor may ever read."""
        facts = {self.case_id, self.claim_id, NARRATIVE, "Parcelnever", CLAIMED, IBAN}
        facts |= {str(p["id"]) for p in self.claim["payouts"]}
        facts |= {str(e["sha256"]) for e in self.claim["evidence"]}
        if self.call_back_case_id:
            facts.add(self.call_back_case_id)
        return facts


def datetime_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _member_token(
    db: Database, clock: Clock, person_id: str, email: str
) -> tuple[Principal, dict[str, str]]:
    with db.uow() as uow:
        user = identity.create_member_user(
            uow, email=email, person_id=person_id, clock=clock, actor="test"
        )
        issued = identity.issue_token(
            uow, user_id=user.user_id, label="test", clock=clock, actor="test"
        )
        uow.commit()
    return user, {"Authorization": f"Bearer {issued.token}"}


def _staff_token(db: Database, clock: Clock, name: str, roles: list[str]) -> dict[str, str]:
    with db.uow() as uow:
        user: Principal = identity.create_staff_user(
            uow,
            email=f"{name}@cybercare.example",
            display_name=name,
            roles=roles,
            clock=clock,
            actor="test",
        )
        issued = identity.issue_token(
            uow, user_id=user.user_id, label="test", clock=clock, actor="test"
        )
        uow.commit()
    return {"Authorization": f"Bearer {issued.token}"}


def build(client: TestClient, db: Database, clock: FixedClock) -> Scene:
    """Three households subscribed on START, their logins, staff, on the clock's day (moved
    back to START for the subscriptions); no case yet (`open_case_and_claim` adds one)."""
    today = clock.now()
    clock.advance(datetime_of(START) - today)
    proximus = builders.api_key(db, clock, distributor="proximus")
    telenet = builders.api_key(db, clock, distributor="telenet")
    household_a = builders.subscribe(
        client, by=proximus, start_date=START, members=[builders.member(), builders.child()]
    )
    household_b = builders.subscribe(
        client,
        by=proximus,
        start_date=START,
        customer_ref="CUST-0002",
        affiliate=builders.person(given_name="Jan", email="jan@example.be"),
        members=[],
    )
    household_c = builders.subscribe(
        client,
        by=telenet,
        start_date=START,
        customer_ref="TEL-0001",
        affiliate=builders.person(given_name="Els", email="els@example.be"),
        members=[],
    )
    clock.advance(today - clock.now())
    scene = Scene(client, proximus, telenet, household_a, household_b, household_c, {})
    logins = {
        "affiliate": (scene.person("affiliate"), "marie@example.be"),
        "spouse": (scene.person("spouse"), "luc@example.be"),
        "other_household": (scene.person("affiliate", household_b), "jan@example.be"),
    }
    for who, (person_id, email) in logins.items():
        scene.members[who], scene.tokens[who] = _member_token(db, clock, person_id, email)
    scene.tokens |= {
        "technical": _staff_token(db, clock, "technical", ["technical"]),
        "handler": _staff_token(db, clock, "handler", ["claims_handler"]),
    }
    return scene


def post_json(client: TestClient, path: str, body: Any, headers: dict[str, str], key: str) -> Any:
    return client.post(path, json=body, headers={**headers, "Idempotency-Key": key})


def open_case_and_claim(scene: Scene) -> None:
    """The affiliate opens an online-purchase case and claims with every document (Art. 8.1,
    8.3): the engine accepts it at once and a payout waits for review."""
    client, member = scene.client, scene.tokens["affiliate"]
    opened = post_json(
        client,
        "/api/v1/cases",
        {
            "person_id": scene.person("affiliate"),
            "guarantee_code": "ECOM",
            "narrative": NARRATIVE,
            "discovery_date": "2026-11-20",
            "occurrence_date": "2026-10-01",
        },
        member,
        "case-1",
    )
    assert opened.status_code == 201, opened.text
    scene.case_id = opened.json()["id"]
    claim = {
        "kind": "non_delivery",
        "amount_claimed": CLAIMED,
        "circumstances": {
            "obligations_respected": sorted(respected("ECOM")),
            "seller_professional": True,
            "written_claim_sent": True,
            "promised_delivery_date": "2026-10-01",
        },
        "payee": {"iban": IBAN, "name": "Marie Dubois"},
    }
    uploaded = client.post(
        f"/api/v1/cases/{scene.case_id}/claims/upload",
        headers={**member, "Idempotency-Key": "claim-1"},
        data={"claim": json.dumps(claim), "evidence_types": EVIDENCE_TYPES},
        files=[("files", (f"{t}.pdf", PDF, "application/pdf")) for t in EVIDENCE_TYPES],
    )
    assert uploaded.status_code == 201, uploaded.text
    scene.claim = uploaded.json()
    assert scene.claim["status"] == "decided" and scene.claim["payouts"], scene.claim


def register_mandate(scene: Scene) -> None:
    body = {
        "reference": "PROX-MANDATE-0001",
        "holder": "Marie Dubois",
        "iban": MANDATE_IBAN,
        "signature_date": "2026-11-27",
    }
    path = f"/api/v1/affiliations/{scene.affiliation['id']}/mandates"
    created = post_json(scene.client, path, body, scene.proximus.headers, "mandate-1")
    assert created.status_code == 201, created.text
    scene.mandate_reference = body["reference"]
