from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookEndpointDisabledData")


@_attrs_define
class WebhookEndpointDisabledData:
    """Names the endpoint, not an affiliation: the event is the distributor's own.

    Attributes:
        endpoint_id (int):
        url (str):
        reason (Literal['failing']): Why: its deliveries failed for days
        failing_since (None | str): ISO 8601 instant of the first failure in a row
    """

    endpoint_id: int
    url: str
    reason: Literal["failing"]
    failing_since: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        endpoint_id = self.endpoint_id

        url = self.url

        reason = self.reason

        failing_since: None | str
        failing_since = self.failing_since

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "endpoint_id": endpoint_id,
                "url": url,
                "reason": reason,
                "failing_since": failing_since,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        endpoint_id = d.pop("endpoint_id")

        url = d.pop("url")

        reason = cast(Literal["failing"], d.pop("reason"))
        if reason != "failing":
            raise ValueError(f"reason must match const 'failing', got '{reason}'")

        def _parse_failing_since(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))

        webhook_endpoint_disabled_data = cls(
            endpoint_id=endpoint_id,
            url=url,
            reason=reason,
            failing_since=failing_since,
        )

        webhook_endpoint_disabled_data.additional_properties = d
        return webhook_endpoint_disabled_data

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
