from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookReplayRead")


@_attrs_define
class WebhookReplayRead:
    """
    Attributes:
        endpoint_id (int):
        events (int):
        queued (int):
        next_cursor (str):
    """

    endpoint_id: int
    events: int
    queued: int
    next_cursor: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        endpoint_id = self.endpoint_id

        events = self.events

        queued = self.queued

        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "endpoint_id": endpoint_id,
                "events": events,
                "queued": queued,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        endpoint_id = d.pop("endpoint_id")

        events = d.pop("events")

        queued = d.pop("queued")

        next_cursor = d.pop("next_cursor")

        webhook_replay_read = cls(
            endpoint_id=endpoint_id,
            events=events,
            queued=queued,
            next_cursor=next_cursor,
        )

        webhook_replay_read.additional_properties = d
        return webhook_replay_read

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
