"""Records the examples of the partner document (`src/cybercare/api/partner_examples.json`) from
a real run of the partner journey, so that every example is an answer the API gave.

Not collected by `make test` (not a `test_` file); run it after changing a partner schema:

    PYTHONPATH=src .venv/bin/pytest tests/api/record_examples.py -q -p no:cacheprovider -k sqlite
    make sdk            # the examples are in sdk/openapi.json too

`tests/api/test_contract.py` checks each example against its schema, and says when one is
missing. The few operations a short run cannot reach (a billing run, a member's login for a
call-back) keep the examples written by hand in `HAND_WRITTEN`.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from cybercare.kernel.clock import FixedClock
from tests.api import builders
from tests.api.builders import Distributor

OUT = Path(__file__).parents[2] / "src" / "cybercare" / "api" / "partner_examples.json"
API = "/api/v1"
MANDATE = {
    "reference": "PXM-2026-000123",
    "holder": "Marie Dubois",
    "iban": "BE71 0961 2345 6769",
    "signature_date": "2026-11-20",
}
CSV_CHARGES = (
    "charge_id,affiliation_id,customer_ref,period,gross,net,tax,commission\r\n"
    "chg_4M2Q9XK7PA1Z,aff_7QK2M9X1PA3M,CUST-0001,2026-12,4.99,4.55,0.44,0.68\r\n"
)
SECRET_SHOWN = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # the Standard Webhooks docs' example
PARCEL = "bpost: your parcel is on hold. Pay the 1,99 EUR fee at https://bpost-fee.info/pay"
CLOCK = {
    "id": "clk_7H3K9Q2M4X1P",
    "name": "non-payment walk",
    "frozen_time": "2027-01-04T08:00:00Z",
    "status": "ready",
    "advancing_to": None,
    "created_at": "2026-11-27T09:00:00Z",
    "affiliations": [],
}
ON_CLOCK = CLOCK | {"affiliations": ["aff_7QK2M9X1PA3M"]}
# A radar report needs a member with a login (tests/radar), which this run does not make.
RADAR_REPORT = {
    "request": {
        "person_id": "per_3XK9Q2M7ZP1A",
        "kind": "text",
        "content": PARCEL,
        "asked_to": "pay",
        "money_about_to_move": True,
        "language": "fr",
    },
    "response": {
        "report_id": "rdr_4M2Q9XK7PA1Z",
        "received_at": "2026-11-27T09:00:00Z",
        "urgent": True,
        "answer_due_at": "2026-11-27T13:00:00Z",
    },
}
# The test clocks need a test-mode key and the sandbox's database (tests/sandbox), which this
# run does not have: their examples are written by hand, in the shape tests/sandbox checks.
HAND_WRITTEN: dict[str, dict[str, Any]] = {
    "createRadarReport": RADAR_REPORT,
    "createTestClock": {
        "request": {"name": "non-payment walk", "frozen_time": "2027-01-04T09:00:00+01:00"},
        "response": CLOCK,
    },
    "listTestClocks": {"response": [ON_CLOCK]},
    "getTestClock": {"response": ON_CLOCK},
    "attachAffiliationToTestClock": {
        "request": {"affiliation_id": "aff_7QK2M9X1PA3M"},
        "response": ON_CLOCK,
    },
    "advanceTestClock": {
        "request": {"frozen_time": "2027-02-04T09:00:00+01:00"},
        "response": ON_CLOCK | {"status": "advancing", "advancing_to": "2027-02-04T08:00:00Z"},
    },
    "requestCallBack": {
        "request": {
            "requested_by_person_id": "per_3XK9Q2M7ZP1A",
            "person_id": "per_3XK9Q2M7ZP1A",
            "phone": "+32 470 12 34 56",
            "what_is_happening": "Someone is emptying my bank account right now",
            "urgency_reason": "ongoing_fraud",
            "guarantee_code": "PAYF",
        },
        "response": {
            "person_id": "per_3XK9Q2M7ZP1A",
            "phone": "+32470123456",
            "call_before": "2026-11-27T10:00:00Z",
            "assistance_line": {"e164": "+3225550100", "display": "+32 2 555 01 00"},
        },
    },
    "listPeriodCharges": {"response": CSV_CHARGES, "media": "text/csv"},
    "getCommissionStatement": {
        "response": "line,affiliation_id,premium,commission\r\n1,aff_7QK2M9X1PA3M,4.99,0.68\r\n",
        "media": "text/csv",
    },
}


class Recorder:
    def __init__(self, client: TestClient, by: Distributor) -> None:
        self.client, self.by = client, by
        self.examples: dict[str, dict[str, Any]] = {}

    def post(self, operation: str, path: str, body: Any, status: int = 200) -> Any:
        response = builders.post(self.client, API + path, body, by=self.by)
        assert response.status_code == status, response.text
        self.examples[operation] = {"request": body, "response": response.json()}
        return response.json()

    def put(self, operation: str, path: str, body: Any) -> Any:
        response = self.client.put(API + path, json=body, headers=self.by.headers)
        assert response.status_code == 200, response.text
        self.examples[operation] = {"request": body, "response": response.json()}
        return response.json()

    def shown_secret(self, operation: str) -> None:
        """A secret is answered once: the example shows a published one, not the run's."""
        self.examples[operation]["response"]["secret"] = SECRET_SHOWN

    def get(self, operation: str, path: str, **params: str) -> Any:
        response = self.client.get(API + path, params=params, headers=self.by.headers)
        assert response.status_code == 200, response.text
        if response.headers["content-type"].startswith("application/json"):
            self.examples[operation] = {"response": response.json()}
        return response


def test_record_the_partner_examples(
    api: TestClient, proximus: Distributor, clock: FixedClock
) -> None:
    run = Recorder(api, proximus)
    run.get("listProducts", "/products")
    run.get("getProductVersion", "/products/cyber-care-be/versions/2021-12", lang="fr")
    quote = run.post(
        "createQuote",
        "/quotes",
        {"product_code": "cyber-care-be", "start_date": "2026-11-27", "language": "fr"},
    )
    body = builders.subscription(terms_token=quote["terms_token"]) | {"mandate": MANDATE}
    created = run.post("createAffiliation", "/affiliations", body, status=201)
    affiliation = f"/affiliations/{created['id']}"
    run.get("getAffiliation", affiliation)
    run.get("listAffiliations", "/affiliations", customer_ref="CUST-0001")
    run.get("getAffiliationCertificate", f"{affiliation}/certificate.pdf", lang="fr")
    joined = run.post(
        "addMember", f"{affiliation}/members", builders.child() | {"joined_on": "2026-12-01"}
    )
    emma = next(m for m in joined["members"] if m["given_name"] == "Emma")
    run.post(
        "recordMemberDeparture",
        f"{affiliation}/members/{emma['person_id']}/departure",
        {"left_on": "2027-01-15"},
    )
    run.post(
        "moveHousehold",
        f"{affiliation}/address",
        {"address": builders.address(street="Rue Haute", number="5"), "moved_on": "2027-01-20"},
    )
    run.get("listMandates", f"{affiliation}/mandates")
    run.post(
        "amendMandate",
        f"{affiliation}/mandates/{MANDATE['reference']}/amendment",
        {"holder": "Luc Dubois"},
    )
    run.post("cancelMandate", f"{affiliation}/mandates/{MANDATE['reference']}/cancellation", {})
    run.post(
        "createMandate",
        f"{affiliation}/mandates",
        MANDATE | {"reference": "PXM-2026-000124"},
        status=201,
    )
    run.get("previewTermination", f"{affiliation}/termination", by="affiliate")
    run.post("terminateAffiliation", f"{affiliation}/termination", {"by": "affiliate"})
    run.post(
        "uploadPaymentResults",
        "/billing/payment-results",
        {"content": "charge_id,outcome,amount,date\nchg_unknown,paid,4.99,2026-12-04\n"},
    )

    other = builders.subscribe(api, by=proximus, customer_ref="CUST-0002")
    run.get("previewWithdrawal", f"/affiliations/{other['id']}/withdrawal")
    run.post("withdrawAffiliation", f"/affiliations/{other['id']}/withdrawal", {})

    family = builders.subscribe(
        api, by=proximus, customer_ref="CUST-0003", members=[builders.member(), builders.child()]
    )
    luc = next(m for m in family["members"] if m["given_name"] == "Luc")
    emma = next(m for m in family["members"] if m["given_name"] == "Emma")
    clock.advance(timedelta(days=(date(2027, 6, 12) - clock.today()).days))
    run.post(
        "succeedAffiliate",
        f"/affiliations/{family['id']}/affiliate-succession",
        {
            "died_on": "2027-06-10",
            "new_affiliate_id": luc["person_id"],
            "relationships": {emma["person_id"]: "child"},
        },
    )
    run.get("listEvents", "/events", limit="3")

    run.get("getRadarCounts", "/radar/counts")

    hooks = "/webhook-endpoints"
    endpoint = run.post(
        "createWebhookEndpoint",
        hooks,
        {"url": "https://hooks.partner.example/cybercare", "event_types": None},
        status=201,
    )
    run.shown_secret("createWebhookEndpoint")
    one = f"{hooks}/{endpoint['id']}"
    run.put(
        "setWebhookEndpointEventTypes",
        f"{one}/event-types",
        {"event_types": ["affiliation.subscribed", "affiliation.terminated"]},
    )
    run.post("rotateWebhookEndpointSecret", f"{one}/rotation", {"grace_seconds": 86400})
    run.shown_secret("rotateWebhookEndpointSecret")
    run.post("sendWebhookTestEvent", f"{one}/test", {}, status=202)
    run.post("replayWebhookEvents", f"{one}/replay", {"after": "", "limit": 100}, status=202)
    run.get("getWebhookEndpoint", one)
    run.get("listWebhookEndpoints", hooks, limit="10")
    run.post("disableWebhookEndpoint", f"{one}/disable", {})
    run.post("enableWebhookEndpoint", f"{one}/enable", {})
    examples = {**run.examples, **HAND_WRITTEN}
    OUT.write_text(json.dumps(dict(sorted(examples.items())), indent=1, ensure_ascii=False) + "\n")
