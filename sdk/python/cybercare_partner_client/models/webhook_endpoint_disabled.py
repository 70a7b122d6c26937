from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.webhook_endpoint_disabled_data import WebhookEndpointDisabledData


T = TypeVar("T", bound="WebhookEndpointDisabled")


@_attrs_define
class WebhookEndpointDisabled:
    """A webhook endpoint was disabled after failing for days (docs/outbox.md): its deliveries
    wait until it is enabled again (POST /webhook-endpoints/{id}/enable). Pushed to the
    distributor's other active endpoints; `affiliation_id` is null.

        Attributes:
            id (str): Unique; the same id travels in webhook deliveries
            cursor (str): Pass as `after` to read what follows this event
            affiliation_id (None | str):
            occurred_at (str): ISO 8601 instant
            type_ (Literal['webhook_endpoint.disabled']):
            data (WebhookEndpointDisabledData): Names the endpoint, not an affiliation: the event is the distributor's own.
    """

    id: str
    cursor: str
    affiliation_id: None | str
    occurred_at: str
    type_: Literal["webhook_endpoint.disabled"]
    data: WebhookEndpointDisabledData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        cursor = self.cursor

        affiliation_id: None | str
        affiliation_id = self.affiliation_id

        occurred_at = self.occurred_at

        type_ = self.type_

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "cursor": cursor,
                "affiliation_id": affiliation_id,
                "occurred_at": occurred_at,
                "type": type_,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_endpoint_disabled_data import WebhookEndpointDisabledData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        cursor = d.pop("cursor")

        def _parse_affiliation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        affiliation_id = _parse_affiliation_id(d.pop("affiliation_id"))

        occurred_at = d.pop("occurred_at")

        type_ = cast(Literal["webhook_endpoint.disabled"], d.pop("type"))
        if type_ != "webhook_endpoint.disabled":
            raise ValueError(
                f"type must match const 'webhook_endpoint.disabled', got '{type_}'"
            )

        data = WebhookEndpointDisabledData.from_dict(d.pop("data"))

        webhook_endpoint_disabled = cls(
            id=id,
            cursor=cursor,
            affiliation_id=affiliation_id,
            occurred_at=occurred_at,
            type_=type_,
            data=data,
        )

        webhook_endpoint_disabled.additional_properties = d
        return webhook_endpoint_disabled

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
