"""The partner contract: the OpenAPI 3.1 document of the distributor API, apart from the staff
and member API (docs/distributor-api.md, "The partner contract").

A route belongs to it when it is under `/api/v1/` and its access rule is the distributor key
(`distributor_system`) or `public` (the product terms a partner shows its customers): a new
partner route is in the document as soon as it is written, and `tests/api/test_contract.py`
refuses it until it has what the contract promises, a hand-chosen `operation_id` (camelCase), a
summary and an example.

FastAPI writes the paths, then this module makes the document say the truth about them:
- every status a route can answer, with the problem+json schema (`Problem`), instead of FastAPI's
  `HTTPValidationError`: 401 and 429 where a key is needed, 400 and 409 where an
  `Idempotency-Key` is, 404 where a path names something, 413, 422 and 503 everywhere, and what
  a route declares itself (`responses=problem_answers(403)`);
- the `Idempotency-Key` header on every POST that takes one, and `Idempotent-Replayed` on its
  answer; `Deprecation`, `Sunset` and `Link` on a deprecated operation (`deprecated(...)`);
- an example of each request and answer (`partner_examples.json`, recorded from a run of the
  partner journey by `tests/api/record_examples.py`, each checked against its schema by a test);
- the `webhooks` section: one delivery per event type, with the Standard Webhooks headers.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from functools import cache
from importlib import resources
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybercare.api.access import distributor_system, public
from cybercare.api.idempotent import idempotent_request
from cybercare.api.problems import PROBLEM_JSON, PROBLEM_TYPES
from cybercare.api.rate_limits import TOO_MANY_REQUESTS
from cybercare.api.schemas.events import (
    EVENT_MODELS,
    WEBHOOK_ONLY_MODELS,
    EventBase,
    event_type,
)
from cybercare.api.schemas.problems import Problem
from cybercare.http.deps import get_container
from cybercare.outbox.signing import (
    EVENT_TYPE_HEADER,
    ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
)
from cybercare.sandbox.routing import TEST_CLOCK_HEADER

PARTNER_OPENAPI_URL = "/api/v1/openapi.json"
PARTNER_DOCS_URL = "/api/v1/docs"
CONTRACT_VERSION = "1.2.0"  # docs/partner-api-changelog.md
TITLE = "Cyber Care distributor API"
DESCRIPTION = """
The contract between Cyber Care and its distributors (docs/distributor-api.md): quote, subscribe
households, report their changes, withdraw and terminate, read the event feed and receive its
webhooks, bill, and register SEPA mandates.

- Authenticate with an API key: `Authorization: Bearer cck_key_…`.
- Every POST needs an `Idempotency-Key` (at most 255 characters); a replay of a completed request
  answers the first response byte for byte, with `Idempotent-Replayed: true`.
- Amounts are decimal strings in euros (`"4.99"`), days ISO dates, instants ISO 8601 in UTC.
- Errors are `application/problem+json` (RFC 9457). `code` names the error and `type` is its
  page (one per code, docs/problems.md); a refusal of the terms cites its article in `clause`.
- Lists of events are pages: `next_cursor` and `has_more`.
- A deprecated operation answers `Deprecation` and `Sunset` headers (RFC 9745, RFC 8594) and is
  marked `deprecated` here; see docs/partner-api-changelog.md for the policy.
"""
TAGS = [
    {"name": "products", "description": "The published product terms (no key needed)"},
    {"name": "quotes", "description": "Prices and the terms token that proves them shown"},
    {"name": "affiliations", "description": "Subscriptions, household changes, withdrawal, end"},
    {"name": "mandates", "description": "SEPA Core mandates of an affiliation"},
    {"name": "events", "description": "The ordered event feed (also delivered by webhooks)"},
    {"name": "billing", "description": "Charges to invoice and payment results"},
    {"name": "reports", "description": "The commission statement"},
    {"name": "assistance", "description": "Urgent call-backs for a member"},
    {"name": "radar", "description": "The scam radar: a member's suspicions, the book's counts"},
    {"name": "webhooks", "description": "The distributor's webhook endpoints (Standard Webhooks)"},
    {"name": "sandbox", "description": "Test clocks, with test-mode keys (`cck_test_…`) only"},
]
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_STRING = {"type": "string"}

# Every error answer and when it happens; the operation's own `responses` may add one.
ERROR_ANSWERS: dict[int, str] = {
    400: "The `Idempotency-Key` header is missing or longer than 255 characters, or the body "
    "is not JSON (`http_error`)",
    401: "No API key, or an unknown or revoked one (`unauthenticated`)",
    403: "The key may not do this (e.g. another distributor's statement)",
    404: "Nothing with this id for this distributor: unknown, or another distributor's (or "
    "an unknown `Cybercare-Test-Clock`)",
    409: "A rule of the terms refuses it now (`clause` cites the article), or a request with "
    "the same `Idempotency-Key` is still running (`idempotency.in_progress`)",
    413: "The request body is over the limit (`content_too_large`)",
    422: "Invalid input: `errors` names each field at fault (a JSON pointer into the body, or a "
    "parameter), or the `Idempotency-Key` was used for another request (`idempotency.key_reused`)",
    429: TOO_MANY_REQUESTS["description"],
    503: "The database cannot be reached for the moment: retry after `Retry-After` seconds",
}
ERROR_CODES = {
    400: "idempotency.key_missing",
    401: "unauthenticated",
    403: "forbidden",
    404: "affiliation.not_found",
    409: "policy.closed_to_new_business",
    413: "content_too_large",
    422: "invalid_input",
    429: "rate_limited",
    503: "database_unavailable",
}
RATE_LIMIT_HEADERS = {
    "RateLimit-Policy": {"schema": _STRING, "description": 'e.g. `"per-key";q=600;w=60`'},
    "RateLimit": {"schema": _STRING, "description": 'e.g. `"per-key";r=412;t=37`'},
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": True,
    "description": "Unique per request you mean to make once (a UUID is a good choice); resend "
    "it unchanged, with the same body bytes, to retry. Kept 48 hours.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "example": "4f0c1c8e-2d4b-4a53-9d0e-0b7c2f9a1e55",
}
TEST_CLOCK = {
    "name": TEST_CLOCK_HEADER,
    "in": "header",
    "required": False,
    "description": "Sandbox only (a test-mode key, `cck_test_…`): run the request at this test "
    "clock's frozen time, and put an affiliation it creates on the clock (docs/partner-sandbox.md)."
    " Ignored with a live key; an unknown clock, or another distributor's, answers 404.",
    "schema": {"type": "string", "maxLength": 64},
    "example": "clk_4M2Q9XK7PA1Z",
}
REPLAYED = {
    "Idempotent-Replayed": {
        "schema": {"type": "string", "enum": ["true"]},
        "description": "`true` when this is the stored answer of an earlier request with the "
        "same `Idempotency-Key` (absent on the first answer)",
    }
}


# --- deprecation ---------------------------------------------------------------------------

_DEPRECATION_STATE = "deprecation"
DEPRECATION_POLICY = "https://cybercare.example/docs/partner-api-changelog#deprecation-policy"


@dataclass(frozen=True, slots=True)
class Deprecation:
    """A deprecated operation: since when (`Deprecation: @<epoch seconds>`, RFC 9745), when it
    stops answering (`Sunset: <HTTP-date>`, RFC 8594) and the page that says what replaces it
    (`Link: <…>; rel="deprecation"`)."""

    since: date
    sunset: date | None = None
    link: str = DEPRECATION_POLICY

    def headers(self) -> dict[str, str]:
        since = datetime(self.since.year, self.since.month, self.since.day, tzinfo=UTC)
        fields = {
            "Deprecation": f"@{int(since.timestamp())}",
            "Link": f'<{self.link}>; rel="deprecation"; type="text/html"',
        }
        if self.sunset is not None:
            end = datetime(self.sunset.year, self.sunset.month, self.sunset.day, tzinfo=UTC)
            fields["Sunset"] = format_datetime(end, usegmt=True)
        return fields


def deprecated(since: date, sunset: date | None = None, link: str | None = None) -> Any:
    """A route dependency: `dependencies=[deprecated(date(2027, 1, 1), sunset=...)]`. The
    answers carry the headers (`DeprecationHeaders`), the document marks the operation."""
    notice = Deprecation(since, sunset, link or DEPRECATION_POLICY)

    def mark(request: Request) -> None:
        setattr(request.state, _DEPRECATION_STATE, notice)

    setattr(mark, _DEPRECATION_STATE, notice)
    return Depends(mark)


class DeprecationHeaders:
    """Adds the deprecation headers to every answer of a deprecated operation, refusals and
    idempotent replays included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_fields(message: Message) -> None:
            if message["type"] == "http.response.start":
                notice = scope.get("state", {}).get(_DEPRECATION_STATE)
                if notice is not None:
                    headers = MutableHeaders(scope=message)
                    for field, value in notice.headers().items():
                        headers[field] = value
            await send(message)

        await self.app(scope, receive, send_with_fields)


def deprecation_of(dependant: Dependant) -> Deprecation | None:
    for dep in dependant.dependencies:
        notice = getattr(dep.call, _DEPRECATION_STATE, None)
        if isinstance(notice, Deprecation):
            return notice
    return None


def public_rule() -> Any:
    """`Depends(public)`: a route anyone may read (the partner document itself, a test app)."""
    return Depends(public)


# --- which routes ----------------------------------------------------------------------------


def _depends_on(dependant: Dependant, call: Callable[..., object]) -> bool:
    return any(dep.call is call or _depends_on(dep, call) for dep in dependant.dependencies)


def partner_routes(app: FastAPI) -> Iterator[RouteContext]:
    """The routes of the partner document, with their full paths."""
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute):
            continue
        if not context.include_in_schema or not (context.path or "").startswith("/api/v1/"):
            continue
        if context.path in (PARTNER_OPENAPI_URL, PARTNER_DOCS_URL):
            continue
        dependant = context.dependant
        if _depends_on(dependant, distributor_system) or _depends_on(dependant, public):
            yield context


# --- the document ------------------------------------------------------------------------------


@cache
def examples() -> dict[str, dict[str, Any]]:
    """Per operation id: `request` (a body) and `response` (the success answer's body)."""
    text = resources.files("cybercare.api").joinpath("partner_examples.json").read_text("utf-8")
    recorded: dict[str, dict[str, Any]] = json.loads(text)
    return recorded


def _schema_defs(model: type[Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    defs[schema.get("title", model.__name__)] = schema
    return defs


def _problem_answer(status: int, description: str | None = None) -> dict[str, Any]:
    example = {
        "type": PROBLEM_TYPES + ERROR_CODES.get(status, "forbidden"),
        "title": "Error",
        "status": status,
        "detail": ERROR_ANSWERS.get(status, "Refused"),
        "code": ERROR_CODES.get(status, "forbidden"),
    }
    answer: dict[str, Any] = {
        "description": description or ERROR_ANSWERS.get(status, "Refused"),
        "content": {PROBLEM_JSON: {"schema": PROBLEM_REF, "example": example}},
    }
    if status == 401:
        answer["headers"] = {"WWW-Authenticate": {"schema": _STRING, "description": "`Bearer`"}}
    if status == 429:
        answer["headers"] = copy.deepcopy(TOO_MANY_REQUESTS["headers"])
    if status == 503:
        answer["headers"] = {"Retry-After": {"schema": _STRING, "description": "Seconds"}}
    return answer


def _statuses(context: RouteContext, operation: dict[str, Any]) -> set[int]:
    dependant = context.dependant
    statuses = {413, 422, 503}
    if _depends_on(dependant, distributor_system):
        statuses |= {401, 429}
    if _depends_on(dependant, idempotent_request):
        statuses |= {400, 409, 422}
    if dependant.path_params or _on_test_clock(context):
        statuses.add(404)
    if "requestBody" in operation:
        statuses.add(400)  # a body that is not JSON
    declared = {int(code) for code in operation.get("responses", {}) if code[0] in "45"}
    return statuses | declared


def _on_test_clock(context: RouteContext) -> bool:
    """A keyed route reading the request's container takes `Cybercare-Test-Clock`."""
    dependant = context.dependant
    return _depends_on(dependant, distributor_system) and _depends_on(dependant, get_container)


def _operation(context: RouteContext, operation: dict[str, Any]) -> None:
    operation_id = operation.get("operationId", "")
    example = examples().get(operation_id, {})
    idempotent = _depends_on(context.dependant, idempotent_request)
    keyed = _depends_on(context.dependant, distributor_system)
    if idempotent:
        parameters = operation.setdefault("parameters", [])
        parameters.insert(0, dict(IDEMPOTENCY_KEY))
    if _on_test_clock(context):
        operation.setdefault("parameters", []).append(dict(TEST_CLOCK))
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None and "request" in example:
        body["example"] = example["request"]
    responses = operation.setdefault("responses", {})
    statuses = _statuses(context, operation)
    notice = deprecation_of(context.dependant)
    if notice is not None:
        operation["deprecated"] = True
    for code in sorted(statuses):
        described = responses.get(str(code), {}).get("description")
        if described == "Validation Error":  # FastAPI's, for its HTTPValidationError
            described = None
        responses[str(code)] = _problem_answer(code, described)
    for code, answer in responses.items():
        headers = answer.setdefault("headers", {})
        if keyed:
            headers.update(copy.deepcopy(RATE_LIMIT_HEADERS))
        if notice is not None:
            headers.update(
                {
                    name: {"schema": _STRING, "description": f"e.g. `{value}`"}
                    for name, value in notice.headers().items()
                }
            )
        if code.startswith("2"):
            if idempotent:
                headers.update(copy.deepcopy(REPLAYED))
            for media, content in answer.get("content", {}).items():
                if "response" in example and media == example.get("media", "application/json"):
                    content["example"] = example["response"]
        if not headers:
            del answer["headers"]
    operation["responses"] = dict(sorted(responses.items()))


def _webhooks() -> dict[str, Any]:
    """One delivery per event type: a POST of the event (the feed's very object) to the
    partner's endpoint, signed with Standard Webhooks."""
    deliveries: dict[str, Any] = {}
    header = {"in": "header", "required": True}
    for model in (*EVENT_MODELS, *WEBHOOK_ONLY_MODELS):
        name = event_type(model)
        deliveries[name] = {
            "post": {
                "operationId": "on" + "".join(p.title() for p in name.replace("_", ".").split(".")),
                "summary": f"`{name}`",
                "description": " ".join((model.__doc__ or name).split()),
                "tags": ["events"],
                "parameters": [
                    {
                        **header,
                        "name": ID_HEADER,
                        "description": "The event id: the receiver's dedupe key",
                        "schema": _STRING,
                    },
                    {
                        **header,
                        "name": TIMESTAMP_HEADER,
                        "description": "Seconds since the epoch when signed; refuse one more "
                        "than 5 minutes away from your clock",
                        "schema": {"type": "string", "pattern": "^[0-9]+$"},
                    },
                    {
                        **header,
                        "name": SIGNATURE_HEADER,
                        "description": "Space-separated `v1,<base64 HMAC-SHA256>` of "
                        "`{webhook-id}.{webhook-timestamp}.{body}` with each secret (`whsec_…`) "
                        "you may hold: one match is enough. Verify with a Standard Webhooks "
                        "library (https://www.standardwebhooks.com).",
                        "schema": _STRING,
                    },
                    {
                        **header,
                        "name": EVENT_TYPE_HEADER,
                        "description": "The event's `type` (also in the body), to route it "
                        "before parsing; not signed: trust the body once verified",
                        "schema": {"type": "string", "enum": [name]},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                        }
                    },
                },
                "responses": {
                    "2XX": {"description": "Received: any 2xx within 15 s acknowledges it"},
                    "default": {"description": "Anything else: the delivery is retried"},
                },
            }
        }
    return deliveries


def build_partner_openapi(app: FastAPI) -> dict[str, Any]:
    routes = list(partner_routes(app))
    document = get_openapi(
        title=TITLE,
        version=CONTRACT_VERSION,
        openapi_version="3.1.0",
        description=DESCRIPTION,
        routes=routes,
        tags=TAGS,
        servers=[{"url": "/", "description": "This installation"}],
    )
    by_path = {
        (method.lower(), context.path): context
        for context in routes
        for method in context.methods or ()
    }
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            _operation(by_path[(method, path)], operation)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas.update(_schema_defs(Problem))
    for model in (*EVENT_MODELS, *WEBHOOK_ONLY_MODELS):
        schemas.update(_schema_defs(model))
    document["webhooks"] = _webhooks()
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    return document


def partner_openapi(app: FastAPI) -> dict[str, Any]:
    made: dict[str, Any] | None = getattr(app.state, "partner_openapi", None)
    if made is None:
        made = build_partner_openapi(app)
        app.state.partner_openapi = made
    return made


def install(app: FastAPI) -> None:
    """Serve the partner document and its browsable page (after every router is included)."""
    router = APIRouter(dependencies=[Depends(public)], include_in_schema=False)

    @router.get(PARTNER_OPENAPI_URL)
    async def partner_document(request: Request) -> JSONResponse:
        return JSONResponse(partner_openapi(request.app))

    @router.get(PARTNER_DOCS_URL)
    async def partner_docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=PARTNER_OPENAPI_URL, title=TITLE)

    app.include_router(router)
    app.add_middleware(DeprecationHeaders)


__all__ = ["EventBase", "deprecated", "install", "partner_openapi"]
