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
    from ..models.webhook_test_data import WebhookTestData


T = TypeVar("T", bound="WebhookTest")


@_attrs_define
class WebhookTest:
    """A test delivery asked with `sendWebhookTestEvent`: to that endpoint only, whatever its
    event types; not in the feed (no `cursor`).

        Attributes:
            id (str): Unique: the delivery's `webhook-id`
            type_ (Literal['webhook.test']):
            occurred_at (str): ISO 8601 instant
            data (WebhookTestData):
    """

    id: str
    type_: Literal["webhook.test"]
    occurred_at: str
    data: WebhookTestData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        occurred_at = self.occurred_at

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "occurred_at": occurred_at,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_test_data import WebhookTestData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["webhook.test"], d.pop("type"))
        if type_ != "webhook.test":
            raise ValueError(f"type must match const 'webhook.test', got '{type_}'")

        occurred_at = d.pop("occurred_at")

        data = WebhookTestData.from_dict(d.pop("data"))

        webhook_test = cls(
            id=id,
            type_=type_,
            occurred_at=occurred_at,
            data=data,
        )

        webhook_test.additional_properties = d
        return webhook_test

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
