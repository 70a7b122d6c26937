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
    from ..models.affiliation_change_data import AffiliationChangeData


T = TypeVar("T", bound="AffiliationRenewed")


@_attrs_define
class AffiliationRenewed:
    """The affiliation renewed tacitly for another insurance year (Art. 9.2).

    Attributes:
        id (str): Unique; the same id travels in webhook deliveries
        cursor (str): Pass as `after` to read what follows this event
        affiliation_id (None | str):
        occurred_at (str): ISO 8601 instant
        type_ (Literal['affiliation.renewed']):
        data (AffiliationChangeData):
    """

    id: str
    cursor: str
    affiliation_id: None | str
    occurred_at: str
    type_: Literal["affiliation.renewed"]
    data: AffiliationChangeData
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
        from ..models.affiliation_change_data import AffiliationChangeData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        cursor = d.pop("cursor")

        def _parse_affiliation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        affiliation_id = _parse_affiliation_id(d.pop("affiliation_id"))

        occurred_at = d.pop("occurred_at")

        type_ = cast(Literal["affiliation.renewed"], d.pop("type"))
        if type_ != "affiliation.renewed":
            raise ValueError(
                f"type must match const 'affiliation.renewed', got '{type_}'"
            )

        data = AffiliationChangeData.from_dict(d.pop("data"))

        affiliation_renewed = cls(
            id=id,
            cursor=cursor,
            affiliation_id=affiliation_id,
            occurred_at=occurred_at,
            type_=type_,
            data=data,
        )

        affiliation_renewed.additional_properties = d
        return affiliation_renewed

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
