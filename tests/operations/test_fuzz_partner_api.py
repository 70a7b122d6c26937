"""A bounded fuzz of the partner API (schemathesis over the partner document,
/api/v1/openapi.json, in process): every operation of the document gets a few generated requests,
with the key and a fresh Idempotency-Key on each POST, and must never answer a 5xx, a status the
document does not declare for it, a body its declared schema refuses (problem+json included:
the `Problem` schema), a content type it does not declare, or miss a required header. The run
is reproducible (a fixed seed, derandomized) and runs on
SQLite and PostgreSQL. docs/operations-edges.md says how to run it longer.

Strings are drawn now and then from `HOSTILE`, the inputs that broke the platform before (a NUL,
a year 9999 or 1, numbers beyond 64 bits), and half of the requests that name an affiliation
name a real one, so that they reach the services instead of stopping at 404.

A new partner route is fuzzed as soon as it is in the partner document (cybercare.api.contract).
"""

from __future__ import annotations

import functools
import itertools
import os
import zlib
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cybercare.api.contract import PARTNER_OPENAPI_URL
from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.settings import Environment, Settings
from tests.api import builders
from tests.api.builders import Distributor

# Examples per operation and per database (24 operations: 185 requests a database in all);
# more for a longer run, and the deterministic edge cases of schemathesis' coverage phase too.
EXAMPLES = int(os.environ.get("CYBERCARE_FUZZ_EXAMPLES", "8"))
COVERAGE_PHASE = os.environ.get("CYBERCARE_FUZZ_COVERAGE", "") == "1"
SEED = 16
DISTRIBUTOR_KEY = "DistributorApiKey"  # the scheme of `cybercare.api.access.distributor_system`
HOSTILE = [
    "\x00",
    "a\x00b",
    "9999-12-31",
    "0001-01-01",
    "2101-01-01",
    "1899-12-31",
    "9223372036854775808",
    "99999999999999999999",
    "-1",
]


def distributor_may_call(ctx: Any) -> bool:
    """The partner API: what a distributor's key opens, and the public product terms."""
    operation = ctx.operation
    security = operation.definition.raw.get("security", [])
    public = not security
    return operation.path.startswith("/api/v1/") and (
        public or any(DISTRIBUTOR_KEY in requirement for requirement in security)
    )


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "dictionaries": {"hostile": {"values": HOSTILE}},
        "generation": {
            "with-security-parameters": False,  # the test sends the real key
            "dictionaries": {"string": {"dictionary": "hostile", "probability": 0.2}},
        },
        "phases": {"coverage": {"enabled": COVERAGE_PHASE}},
    }
)
# One app for the module, built without a database: its OpenAPI document is the one fuzzed, and
# each test points it at the rolled-back database of its backend (`partner_app`).
APP = create_app(Settings(environment=Environment.TEST, database_url="sqlite://"))
schema = schemathesis.openapi.from_asgi(PARTNER_OPENAPI_URL, APP, config=CONFIG).include(
    distributor_may_call
)
_idempotency_keys = itertools.count(1)


@pytest.fixture
def partner_app(api_container: Container) -> FastAPI:
    """The module's app on the test's database. An app keeps its request state in
    `app.state.container` only, so 48 tests need not build 48 apps (half a second each)."""
    APP.state.container = api_container
    return APP


@pytest.fixture
def real_affiliation(partner_app: FastAPI, proximus: Distributor) -> Callable[[], str]:
    """One affiliation of proximus, subscribed when a case first needs it."""

    @functools.cache
    def subscribed() -> str:
        with TestClient(partner_app) as client:
            affiliation_id: str = builders.subscribe(client, by=proximus)["id"]
        return affiliation_id

    return subscribed


def _aim_at_a_real_affiliation(case: Case, affiliation: Callable[[], str]) -> None:
    """Half of the cases (chosen by their generated values, so the same in every run)."""
    parameters = case.path_parameters or {}
    if "affiliation_id" in parameters and zlib.crc32(repr(parameters).encode()) % 2:
        parameters["affiliation_id"] = affiliation()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # One app and one rolled-back database serve all the examples of an operation, and a few
    # generated bodies are large or slow to make: neither is a fault of the API.
    suppress_health_check=list(HealthCheck),
)
def test_the_partner_api_answers_only_what_its_document_declares(
    case: Case, partner_app: FastAPI, proximus: Distributor, real_affiliation: Callable[[], str]
) -> None:
    _aim_at_a_real_affiliation(case, real_affiliation)
    headers = dict(proximus.headers)
    if case.method.upper() == "POST":
        headers["Idempotency-Key"] = f"fuzz-{next(_idempotency_keys)}"
    case.call_and_validate(
        app=partner_app,
        headers=headers,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
