"""Issue 14 through the API: a handler's decision that changes the coverage engine's proposal
(outcome or amount) needs `change_reason`; without it the answer is a problem naming the field,
and nothing is decided."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from tests.claims.test_claims_api import CLAIM, _tokens, _upload


def test_issue_14_an_api_decision_changing_the_proposal_needs_a_change_reason(
    client: TestClient, container: Container
) -> None:
    member, handler, case_id = _tokens(container)
    made = _upload(client, member, case_id, "k1", {**CLAIM, "amount_claimed": "1500.00"})
    assert made.status_code == 201, made.text
    claim = made.json()
    assert claim["status"] == "in_review"  # above the auto-pay ceiling of the product data
    url = f"/api/v1/claims/{claim['id']}/decisions"
    lower = {"outcome": "partially_accepted", "payable": "1000.00", "note": "Art. 4.5: invoice"}
    refused = client.post(url, headers={**handler, "Idempotency-Key": "d1"}, json=lower)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "change_reason" in refused.text
    done = client.post(
        url,
        headers={**handler, "Idempotency-Key": "d2"},
        json={**lower, "change_reason": "shipping insurance is not the purchase"},
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "decided"
