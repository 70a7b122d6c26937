"""Webhook endpoints as the distributor manages them (issue 18): `WebhookEndpointCreate` in,
`WebhookEndpointRead` out (`WebhookEndpointCreated` adds the secret, shown once)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercare.api.problems import PROBLEM_JSON
from cybercare.api.schemas.problems import Problem
from cybercare.outbox.endpoints import Endpoint
from cybercare.partners.webhooks import EndpointPage, Replay

EventType = Annotated[str, StringConstraints(min_length=3, max_length=64, strip_whitespace=True)]
EVENT_TYPES_FIELD = Field(
    default=None,
    description="The event types to receive (null: every type, including types added later)",
    examples=[["affiliation.subscribed", "affiliation.terminated"]],
    max_length=64,
)


def problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "model": Problem,
        "content": {PROBLEM_JSON: {}},
    }


class WebhookEndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: Annotated[str, StringConstraints(min_length=8, max_length=2048)] = Field(
        description="Absolute https URL receiving the POSTs",
        examples=["https://hooks.partner.example/cybercare"],
    )
    event_types: list[EventType] | None = EVENT_TYPES_FIELD


class WebhookEventTypesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_types: list[EventType] | None = EVENT_TYPES_FIELD


class WebhookRotationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grace_seconds: int = Field(
        default=86400,
        ge=0,
        le=7 * 86400,
        description="How long the old secret keeps signing beside the new one (0: stop at once)",
    )


class WebhookReplayCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    after: str = Field(
        default="",
        pattern="^[0-9]{0,18}$",
        description="A feed cursor (an event's `cursor`); empty: from the first event",
    )
    limit: int = Field(default=100, ge=1, le=1000)


class WebhookEndpointRead(BaseModel):
    id: int
    url: str
    event_types: list[str] | None
    secret_version: int
    previous_secret_until: str | None = Field(
        description="Until then deliveries are also signed with the previous secret"
    )
    active: bool
    disabled_reason: str | None = Field(examples=["partner", "failing", "operator"])
    failing_since: str | None = Field(description="First failure of the current failing streak")
    paused_until: str | None = Field(description="Circuit open: one probe is sent after this")
    created_at: str | None


class WebhookEndpointCreated(WebhookEndpointRead):
    secret: str = Field(
        description="The signing secret (`whsec_…`), shown once: verify with standardwebhooks"
    )


class WebhookEndpointPage(BaseModel):
    endpoints: list[WebhookEndpointRead]
    has_more: bool
    next_cursor: str | None = Field(description="Pass as `after` for the next page")


class WebhookTestSent(BaseModel):
    event_id: str = Field(description="The test event's id: its `webhook-id` header")


class WebhookReplayRead(BaseModel):
    endpoint_id: int
    events: int
    queued: int
    next_cursor: str


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def endpoint_read(endpoint: Endpoint) -> WebhookEndpointRead:
    return WebhookEndpointRead(**_fields(endpoint))


def endpoint_created(endpoint: Endpoint, secret: str) -> WebhookEndpointCreated:
    return WebhookEndpointCreated(**_fields(endpoint), secret=secret)


def _fields(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "event_types": list(endpoint.event_types) if endpoint.event_types is not None else None,
        "secret_version": endpoint.secret_version,
        "previous_secret_until": _iso(endpoint.previous_secret_until),
        "active": endpoint.active,
        "disabled_reason": endpoint.disabled_reason,
        "failing_since": _iso(endpoint.failing_since),
        "paused_until": _iso(endpoint.circuit_open_until),
        "created_at": _iso(endpoint.created_at),
    }


def page_read(page: EndpointPage) -> WebhookEndpointPage:
    return WebhookEndpointPage(
        endpoints=[endpoint_read(e) for e in page.endpoints],
        has_more=page.has_more,
        next_cursor=page.next_cursor,
    )


def replay_read(replay: Replay) -> WebhookReplayRead:
    return WebhookReplayRead(
        endpoint_id=replay.endpoint_id,
        events=replay.events,
        queued=replay.queued,
        next_cursor=replay.next_cursor,
    )
