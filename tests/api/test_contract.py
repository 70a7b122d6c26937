"""The partner contract (issue 18): the partner document says what the API does, all of it and
only it. Every test runs over every operation of the document, so that a new partner route is
held to the contract as soon as it exists (the webhook management API included).

What a route answers against its document (statuses, bodies, headers) is the fuzz's:
tests/operations/test_fuzz_partner_api.py.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybercare.api import contract, problem_types
from cybercare.api.contract import PARTNER_OPENAPI_URL, deprecated, partner_openapi
from cybercare.api.problems import PROBLEM_TYPES
from cybercare.api.schemas.events import (
    EVENT_MODELS,
    WEBHOOK_ONLY_MODELS,
    AffiliationChangeData,
    emitted_types,
    event_type,
)
from cybercare.app import create_app
from cybercare.outbox.signing import signed_headers
from cybercare.partners.webhooks import TEST_EVENT_TYPE
from cybercare.policy.domain import TerminationBy
from cybercare.settings import Environment, Settings
from tests.api import builders
from tests.api.builders import Distributor

ROOT = Path(__file__).parents[2]
NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
APP = create_app(Settings(environment=Environment.TEST, database_url="sqlite://"))
DOCUMENT = partner_openapi(APP)
OPERATIONS = [
    (method, path, operation)
    for path, methods in DOCUMENT["paths"].items()
    for method, operation in methods.items()
]
IDS = [f"{method.upper()} {path}" for method, path, _ in OPERATIONS]
BINARY = ("application/pdf", "application/vnd.openxmlformats")
STAFF_AND_MEMBER = ("/api/v1/cases", "/api/v1/claims", "/api/v1/call-backs", "/api/v1/pots")


def _schema_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    rooted = {**schema, "components": DOCUMENT["components"]}
    validator = jsonschema_rs.Draft202012Validator(rooted)
    return [error.message for error in validator.iter_errors(instance)]


def test_the_partner_document_is_openapi_3_1_and_served_apart_from_the_staff_api() -> None:
    with TestClient(APP) as client:
        served = client.get(PARTNER_OPENAPI_URL)
        page = client.get(contract.PARTNER_DOCS_URL)
        everything = client.get("/openapi.json").json()
    assert served.status_code == 200 and served.json() == DOCUMENT
    assert DOCUMENT["openapi"] == "3.1.0"
    assert page.status_code == 200 and PARTNER_OPENAPI_URL in page.text
    assert not [path for path in DOCUMENT["paths"] if path.startswith(STAFF_AND_MEMBER)]
    assert any(path.startswith("/api/v1/cases") for path in everything["paths"])
    assert len(OPERATIONS) >= 24


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_every_operation_is_named_summarised_tagged_and_opened_by_a_key_or_public(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", operation["operationId"]), (
        "give the route a hand-chosen camelCase operation_id"
    )
    assert operation.get("summary") and operation.get("tags")
    security = operation.get("security", [])
    assert all(list(requirement) == ["DistributorApiKey"] for requirement in security)
    assert "HTTPValidationError" not in str(operation)


def test_operation_ids_are_unique() -> None:
    ids = [operation["operationId"] for _, _, operation in OPERATIONS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_every_error_is_a_declared_problem_and_every_post_takes_an_idempotency_key(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    responses = operation["responses"]
    errors = {code: answer for code, answer in responses.items() if code[0] in "45"}
    assert {"413", "422", "503"} <= set(errors)
    for answer in errors.values():
        assert list(answer["content"]) == ["application/problem+json"]
        assert answer["content"]["application/problem+json"]["schema"] == contract.PROBLEM_REF
    if operation.get("security"):
        assert {"401", "429"} <= set(errors)
    if "{" in path:
        assert "404" in errors
    headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
    if method == "post":
        assert headers["Idempotency-Key"]["required"] is True
        assert {"400", "409"} <= set(errors)
        success = [answer for code, answer in responses.items() if code[0] == "2"]
        assert all("Idempotent-Replayed" in answer["headers"] for answer in success)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_every_operation_has_examples_its_schemas_accept(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        assert "example" in body, "record it: tests/api/record_examples.py"
        assert _schema_errors(body["schema"], body["example"]) == []
    (success,) = [answer for code, answer in operation["responses"].items() if code[0] == "2"]
    for media, content in success["content"].items():
        if media.startswith(BINARY) or content.get("schema") == {"type": "object"}:
            continue
        if media == "application/json" and len(success["content"]) > 1:
            continue  # a `format=json` alternative of a CSV export
        assert "example" in content, f"record it: tests/api/record_examples.py ({media})"
        assert _schema_errors(content["schema"], content["example"]) == []


def test_every_event_type_published_has_its_model_and_its_webhook() -> None:
    modelled = {event_type(model) for model in EVENT_MODELS}
    assert modelled == emitted_types()
    webhook_only = {event_type(model) for model in WEBHOOK_ONLY_MODELS}
    assert webhook_only == {TEST_EVENT_TYPE}
    assert set(DOCUMENT["webhooks"]) == modelled | webhook_only
    for delivery in DOCUMENT["webhooks"].values():
        post = delivery["post"]
        headers = {p["name"] for p in post["parameters"] if p["required"]}
        sent = signed_headers(
            secrets=["whsec_" + "A" * 32],
            timestamp=NOW,
            body=b"{}",
            event_id="evt_1",
            event_type="t",
        )
        assert headers == set(sent) - {"Content-Type"}  # exactly what a delivery carries
        schema = post["requestBody"]["content"]["application/json"]["schema"]
        assert schema["$ref"].rsplit("/", 1)[1] in DOCUMENT["components"]["schemas"]
    page = DOCUMENT["components"]["schemas"]["EventPage"]
    assert "discriminator" in str(page) and "has_more" in page["required"]


def test_the_feed_is_typed_and_paged_with_has_more(api: TestClient, proximus: Distributor) -> None:
    builders.subscribe(api, by=proximus)  # affiliation.subscribed and the members joining
    first = api.get("/api/v1/events", params={"limit": "1"}, headers=proximus.headers).json()
    rest = api.get(
        "/api/v1/events", params={"after": first["next_cursor"]}, headers=proximus.headers
    ).json()
    assert (len(first["events"]), first["has_more"]) == (1, True)
    assert len(rest["events"]) >= 1 and rest["has_more"] is False
    subscribed = first["events"][0]
    assert subscribed["type"] == "affiliation.subscribed"
    assert subscribed["data"]["product"]["code"] == "cyber-care-be"
    schema = {"$ref": "#/components/schemas/EventPage"}
    assert _schema_errors(schema, first) == [] and _schema_errors(schema, rest) == []


def test_a_replay_says_so_and_is_otherwise_the_first_answer(
    api: TestClient, proximus: Distributor
) -> None:
    body = {"language": "fr"}
    first = builders.post(api, "/api/v1/quotes", body, by=proximus, key="quote-replayed")
    again = builders.post(api, "/api/v1/quotes", body, by=proximus, key="quote-replayed")
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content and again.status_code == first.status_code


def test_a_problem_type_is_the_published_page_of_its_code(
    api: TestClient, proximus: Distributor
) -> None:
    answer = api.get("/api/v1/affiliations/aff_unknown", headers=proximus.headers)
    assert answer.status_code == 404
    assert answer.json()["type"] == PROBLEM_TYPES + "affiliation.not_found"
    published = {each.code for each in problem_types.catalogue()}
    assert {"affiliation.not_found", "invalid_input", "idempotency.key_missing"} <= published
    assert {"policy.withdrawal_period_over", "rate_limited", "not_found"} <= published


def test_the_problem_types_page_is_the_one_the_source_makes() -> None:
    page = (ROOT / "docs" / "problems.md").read_text("utf-8")
    assert page == problem_types.render(), (
        "regenerate: PYTHONPATH=src .venv/bin/python -m cybercare.api.problem_types "
        "> docs/problems.md"
    )


def test_a_deprecated_operation_says_so_in_its_headers_and_its_document() -> None:
    """The machinery, on an app of its own: no partner operation is deprecated today."""
    app = FastAPI()
    app.state.container = None

    @app.get(
        "/api/v1/old",
        operation_id="readOld",
        summary="Old",
        dependencies=[
            contract.public_rule(),
            deprecated(date(2027, 1, 1), sunset=date(2027, 7, 1)),
        ],
    )
    def old() -> dict[str, str]:
        return {"old": "yes"}

    contract.install(app)
    with TestClient(app) as client:
        answer = client.get("/api/v1/old")
        document = client.get(PARTNER_OPENAPI_URL).json()
    assert answer.headers["Deprecation"] == "@1798761600"  # RFC 9745: 2027-01-01T00:00:00Z
    assert answer.headers["Sunset"] == "Thu, 01 Jul 2027 00:00:00 GMT"  # RFC 8594
    assert 'rel="deprecation"' in answer.headers["Link"]
    operation = document["paths"]["/api/v1/old"]["get"]
    assert operation["deprecated"] is True
    assert {"Deprecation", "Sunset"} <= set(operation["responses"]["200"]["headers"])


def test_a_termination_event_names_every_party_that_can_give_notice() -> None:
    schema = AffiliationChangeData.model_json_schema()["properties"]["by"]
    (named,) = [each["enum"] for each in schema["anyOf"] if "enum" in each]
    assert set(named) == {party.value for party in TerminationBy}  # the insurer's included
