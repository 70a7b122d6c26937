"""The partner's events, typed: one model per event type, a union discriminated by `type`.

The same event travels in the feed (`GET /api/v1/events`) and in webhook deliveries (the
partner document's `webhooks` section). `data` always names the affiliation and the customer;
each type adds its own fields. Fields may be added to `data` (a minor change, see
docs/partner-api-changelog.md): a client must ignore the ones it does not know.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from cybercare.household.domain import HouseholdChangeKind, Relationship
from cybercare.partners.webhooks import DISABLED_EVENT_TYPE
from cybercare.policy.domain import AffiliationChangeKind


class EventData(BaseModel):
    model_config = ConfigDict(extra="allow")

    affiliation_id: str = Field(examples=["aff_7QK2M9X1PA3M"])
    customer_ref: str = Field(examples=["CUST-0001"])


class ProductRef(BaseModel):
    code: str = Field(examples=["cyber-care-be"])
    version: str = Field(examples=["2021-12"])


class SubscribedData(EventData):
    product: ProductRef
    start_date: str = Field(description="ISO date", examples=["2026-11-27"])
    insured_count: int = Field(ge=0, examples=[3])


class AffiliationChangeData(EventData):
    effective_date: str = Field(description="ISO date", examples=["2027-11-27"])
    article: str = Field(description="The article of the terms applied", examples=["Art. 9.2"])
    # A Literal, not TerminationBy itself: the SDKs' generated names stay those of 1.1.0.
    by: Literal["affiliate", "insurer", "distributor"] | None = Field(
        None, description="Who gave notice (terminations; the insurer's for unpaid premiums)"
    )


class HouseholdChangeData(EventData):
    effective_date: str = Field(description="ISO date", examples=["2026-12-01"])
    article: str = Field(examples=["Art. 9.7"])
    person_id: str | None = Field(
        description="The member concerned; null on `household.address_changed` (the household)",
        examples=["per_3XK9Q2M7ZP1A"],
    )
    relationship: Relationship | None = None
    insured: bool | None = Field(None, description="Insured from `effective_date` on")
    postcode: str | None = Field(None, description="On an address change", examples=["1000"])


class WebhookEndpointDisabledData(BaseModel):
    """Names the endpoint, not an affiliation: the event is the distributor's own."""

    model_config = ConfigDict(extra="allow")

    endpoint_id: int = Field(examples=[12])
    url: str = Field(examples=["https://hooks.partner.example/cybercare"])
    reason: Literal["failing"] = Field(description="Why: its deliveries failed for days")
    failing_since: str | None = Field(
        description="ISO 8601 instant of the first failure in a row",
        examples=["2026-11-24T09:00:00+00:00"],
    )


class EventBase(BaseModel):
    id: str = Field(description="Unique; the same id travels in webhook deliveries")
    cursor: str = Field(description="Pass as `after` to read what follows this event")
    affiliation_id: str | None
    occurred_at: str = Field(description="ISO 8601 instant", examples=["2026-11-27T09:00:00+00:00"])


class AffiliationSubscribed(EventBase):
    """A household was subscribed (Art. 3.2): cover starts on `data.start_date`."""

    type: Literal["affiliation.subscribed"]
    data: SubscribedData


class AffiliationWithdrawn(EventBase):
    """The affiliate withdrew within 14 days (Art. 9.3): cover ended on notification."""

    type: Literal["affiliation.withdrawn"]
    data: AffiliationChangeData


class AffiliationTerminationNotified(EventBase):
    """Notice of termination or non-renewal was given (Art. 9.4, 9.5): cover ends on
    `data.effective_date`."""

    type: Literal["affiliation.termination_notified"]
    data: AffiliationChangeData


class AffiliationTerminated(EventBase):
    """The affiliation ended on `data.effective_date`."""

    type: Literal["affiliation.terminated"]
    data: AffiliationChangeData


class AffiliationSuspended(EventBase):
    """Cover is suspended for unpaid premiums after the formal notice."""

    type: Literal["affiliation.suspended"]
    data: AffiliationChangeData


class AffiliationSuspensionLifted(EventBase):
    """The premiums were paid: cover resumes."""

    type: Literal["affiliation.suspension_lifted"]
    data: AffiliationChangeData


class AffiliationRenewed(EventBase):
    """The affiliation renewed tacitly for another insurance year (Art. 9.2)."""

    type: Literal["affiliation.renewed"]
    data: AffiliationChangeData


class HouseholdMemberJoined(EventBase):
    """A person joined the household (Art. 9.7); `data.insured` says whether they are covered."""

    type: Literal["household.member_joined"]
    data: HouseholdChangeData


class HouseholdMemberLeft(EventBase):
    """A member left the household from `data.effective_date` (Art. 9.7)."""

    type: Literal["household.member_left"]
    data: HouseholdChangeData


class HouseholdRelationshipRedeclared(EventBase):
    """A member's relationship to the affiliate was declared anew (Art. 2.4)."""

    type: Literal["household.relationship_redeclared"]
    data: HouseholdChangeData


class HouseholdAddressChanged(EventBase):
    """The household moved (Art. 3.3, 9.7): `data.postcode` is the new one."""

    type: Literal["household.address_changed"]
    data: HouseholdChangeData


class HouseholdAffiliateDied(EventBase):
    """The affiliate died (Art. 2.4)."""

    type: Literal["household.affiliate_died"]
    data: HouseholdChangeData


class HouseholdAffiliateReplaced(EventBase):
    """An adult member became the affiliate after the affiliate's death (Art. 2.4)."""

    type: Literal["household.affiliate_replaced"]
    data: HouseholdChangeData


class WebhookEndpointDisabled(EventBase):
    """A webhook endpoint was disabled after failing for days (docs/outbox.md): its deliveries
    wait until it is enabled again (POST /webhook-endpoints/{id}/enable). Pushed to the
    distributor's other active endpoints; `affiliation_id` is null."""

    type: Literal["webhook_endpoint.disabled"]
    data: WebhookEndpointDisabledData


EVENT_MODELS: tuple[type[EventBase], ...] = (
    AffiliationSubscribed,
    AffiliationWithdrawn,
    AffiliationTerminationNotified,
    AffiliationTerminated,
    AffiliationSuspended,
    AffiliationSuspensionLifted,
    AffiliationRenewed,
    HouseholdMemberJoined,
    HouseholdMemberLeft,
    HouseholdRelationshipRedeclared,
    HouseholdAddressChanged,
    HouseholdAffiliateDied,
    HouseholdAffiliateReplaced,
    WebhookEndpointDisabled,
)


class WebhookTestData(BaseModel):
    model_config = ConfigDict(extra="allow")

    endpoint_id: int = Field(examples=[12])
    distributor: str = Field(examples=["proximus"])


class WebhookTest(BaseModel):
    """A test delivery asked with `sendWebhookTestEvent`: to that endpoint only, whatever its
    event types; not in the feed (no `cursor`)."""

    id: str = Field(description="Unique: the delivery's `webhook-id`")
    type: Literal["webhook.test"]
    occurred_at: str = Field(description="ISO 8601 instant", examples=["2026-11-27T09:00:00+00:00"])
    data: WebhookTestData


# Delivered by webhook only, never in the feed.
WEBHOOK_ONLY_MODELS: tuple[type[BaseModel], ...] = (WebhookTest,)

Event = Annotated[
    AffiliationSubscribed
    | AffiliationWithdrawn
    | AffiliationTerminationNotified
    | AffiliationTerminated
    | AffiliationSuspended
    | AffiliationSuspensionLifted
    | AffiliationRenewed
    | HouseholdMemberJoined
    | HouseholdMemberLeft
    | HouseholdRelationshipRedeclared
    | HouseholdAddressChanged
    | HouseholdAffiliateDied
    | HouseholdAffiliateReplaced
    | WebhookEndpointDisabled,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def event_type(model: type[BaseModel]) -> str:
    literal: str = model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    return literal


def emitted_types() -> set[str]:
    """Every type the platform publishes (policy.service: the affiliation's and the
    household's changes; partners.webhooks: an endpoint disabled): each must have its model
    above (a test says so)."""
    return (
        {f"affiliation.{kind.value}" for kind in AffiliationChangeKind}
        | {f"household.{kind.value}" for kind in HouseholdChangeKind}
        | {DISABLED_EVENT_TYPE}
    )


def event_read(event: dict[str, Any]) -> Event:
    return EVENT_ADAPTER.validate_python(event)


class EventPage(BaseModel):
    events: list[Event]
    next_cursor: str = Field(description="The cursor to continue from (unchanged when empty)")
    has_more: bool = Field(
        description="True when more events follow `next_cursor` now: read again at once"
    )
