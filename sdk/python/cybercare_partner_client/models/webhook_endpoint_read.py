from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookEndpointRead")


@_attrs_define
class WebhookEndpointRead:
    """
    Attributes:
        id (int):
        url (str):
        event_types (list[str] | None):
        secret_version (int):
        previous_secret_until (None | str): Until then deliveries are also signed with the previous secret
        active (bool):
        disabled_reason (None | str):
        failing_since (None | str): First failure of the current failing streak
        paused_until (None | str): Circuit open: one probe is sent after this
        created_at (None | str):
    """

    id: int
    url: str
    event_types: list[str] | None
    secret_version: int
    previous_secret_until: None | str
    active: bool
    disabled_reason: None | str
    failing_since: None | str
    paused_until: None | str
    created_at: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        event_types: list[str] | None
        if isinstance(self.event_types, list):
            event_types = self.event_types

        else:
            event_types = self.event_types

        secret_version = self.secret_version

        previous_secret_until: None | str
        previous_secret_until = self.previous_secret_until

        active = self.active

        disabled_reason: None | str
        disabled_reason = self.disabled_reason

        failing_since: None | str
        failing_since = self.failing_since

        paused_until: None | str
        paused_until = self.paused_until

        created_at: None | str
        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "event_types": event_types,
                "secret_version": secret_version,
                "previous_secret_until": previous_secret_until,
                "active": active,
                "disabled_reason": disabled_reason,
                "failing_since": failing_since,
                "paused_until": paused_until,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        def _parse_event_types(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                event_types_type_0 = cast(list[str], data)

                return event_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        event_types = _parse_event_types(d.pop("event_types"))

        secret_version = d.pop("secret_version")

        def _parse_previous_secret_until(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_secret_until = _parse_previous_secret_until(
            d.pop("previous_secret_until")
        )

        active = d.pop("active")

        def _parse_disabled_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason"))

        def _parse_failing_since(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))

        def _parse_paused_until(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        paused_until = _parse_paused_until(d.pop("paused_until"))

        def _parse_created_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_at = _parse_created_at(d.pop("created_at"))

        webhook_endpoint_read = cls(
            id=id,
            url=url,
            event_types=event_types,
            secret_version=secret_version,
            previous_secret_until=previous_secret_until,
            active=active,
            disabled_reason=disabled_reason,
            failing_since=failing_since,
            paused_until=paused_until,
            created_at=created_at,
        )

        webhook_endpoint_read.additional_properties = d
        return webhook_endpoint_read

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
