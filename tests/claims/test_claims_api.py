"""The claims API: members submit with evidence and follow; staff decide; problems are JSON."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.identity.service import issue_token
from tests.claims.builders import IBAN, PDF, open_claim_case, respected, setup_world


def _tokens(container: Container) -> tuple[dict[str, str], dict[str, str], str]:
    clock = container.clock
    with container.database.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        member = issue_token(uow, user_id=world.member.user_id, label="t", clock=clock, actor="t")
        handler = issue_token(uow, user_id=world.handler.user_id, label="t", clock=clock, actor="t")
        uow.commit()
    return (
        {"Authorization": f"Bearer {member.token}"},
        {"Authorization": f"Bearer {handler.token}"},
        case_id,
    )


CLAIM = {
    "kind": "non_delivery",
    "amount_claimed": "400.00",
    "circumstances": {
        "obligations_respected": sorted(respected("ECOM")),
        "seller_professional": True,
        "written_claim_sent": True,
        "promised_delivery_date": "2026-10-01",
    },
    "payee": {"iban": IBAN, "name": "An Peeters"},
}
TYPES = ["order_confirmation", "proof_of_payment", "written_claim_to_seller"]


def _upload(
    client: TestClient, headers: dict[str, str], case_id: str, key: str, claim: dict[str, object]
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/cases/{case_id}/claims/upload",
        headers={**headers, "Idempotency-Key": key},
        data={"claim": json.dumps(claim), "evidence_types": TYPES},
        files=[("files", (f"{t}.pdf", PDF, "application/pdf")) for t in TYPES],
    )


def test_member_submits_with_evidence_follows_the_decision_and_sees_the_pots(
    client: TestClient, container: Container
) -> None:
    member, handler, case_id = _tokens(container)
    response = _upload(client, member, case_id, "k1", CLAIM)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["outcome"], body["payable"]) == ("decided", "accepted", "400.00")
    assert body["decision"]["reasons"][0]["article"] == "Art. 5"
    assert body["decision"]["trace"] is None  # members see reasons, not the engine's trace
    assert body["payouts"][0]["status"] == "pending_review"
    replay = _upload(client, member, case_id, "k1", CLAIM)
    assert replay.json() == body
    claim = client.get(f"/api/v1/claims/{body['id']}", headers=member).json()
    assert claim["id"] == body["id"]
    pots = {p["pot"]: p for p in client.get("/api/v1/pots", headers=member).json()}
    online = pots["ONLINE_PURCHASE_POT"]
    assert (online["used"], online["left"], online["cases_left"]) == ("400.00", "4600.00", 2)
    letter = client.get(f"/api/v1/claims/{body['id']}/letter.pdf", headers=member)
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF")
    evidence = body["evidence"][0]
    raw = client.get(f"/api/v1/claims/{body['id']}/evidence/{evidence['id']}", headers=member)
    assert raw.content == PDF and raw.headers["etag"] == evidence["sha256"]
    assert client.get("/api/v1/claims/queue", headers=member).status_code == 403
    payouts = client.get("/api/v1/payouts", headers=handler).json()
    approved = client.post(
        f"/api/v1/payouts/{payouts[0]['id']}/approval",
        headers={**handler, "Idempotency-Key": "a1"},
    )
    assert approved.json()["status"] == "scheduled"
    made = client.post(
        "/api/v1/payment-files",
        headers={**handler, "Idempotency-Key": "f1"},
        json={"execution_date": "2026-11-30"},
    )
    assert made.status_code == 201 and made.json()["total"] == "400.00"


def test_invalid_claims_are_problems_and_nothing_is_written(
    client: TestClient, container: Container
) -> None:
    member, _, case_id = _tokens(container)
    bad = client.post(
        f"/api/v1/cases/{case_id}/claims",
        headers={**member, "Idempotency-Key": "b1"},
        json={**CLAIM, "amount_claimed": "12.345"},
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    wrong_type = client.post(
        f"/api/v1/cases/{case_id}/claims/upload",
        headers={**member, "Idempotency-Key": "b2"},
        data={"claim": json.dumps(CLAIM), "evidence_types": ["order_confirmation"]},
        files=[("files", ("x.exe", b"MZ\x90", "application/x-msdownload"))],
    )
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["pointer"].startswith("#/evidence/0/file")
    listed = client.get("/api/v1/claims/queue", headers=_tokens_handler(container))
    assert listed.json() == []


def _tokens_handler(container: Container) -> dict[str, str]:
    from cybercare.identity.service import create_staff_user

    with container.database.uow() as uow:
        staff = create_staff_user(
            uow,
            email="h2@axa.be",
            display_name="h2",
            roles=["claims_handler"],
            clock=container.clock,
            actor="t",
        )
        token = issue_token(uow, user_id=staff.user_id, label="t", clock=container.clock, actor="t")
        uow.commit()
    return {"Authorization": f"Bearer {token.token}"}
