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


T = TypeVar("T", bound="AffiliationTerminationNotified")


@_attrs_define
class AffiliationTerminationNotified:
    """Notice of termination or non-renewal was given (Art. 9.4, 9.5): cover ends on
    `data.effective_date`.

        Attributes:
            id (str): Unique; the same id travels in webhook deliveries
            cursor (str): Pass as `after` to read what follows this event
            affiliation_id (None | str):
            occurred_at (str): ISO 8601 instant
            type_ (Literal['affiliation.termination_notified']):
            data (AffiliationChangeData):
    """

    id: str
    cursor: str
    affiliation_id: None | str
    occurred_at: str
    type_: Literal["affiliation.termination_notified"]
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

        type_ = cast(Literal["affiliation.termination_notified"], d.pop("type"))
        if type_ != "affiliation.termination_notified":
            raise ValueError(
                f"type must match const 'affiliation.termination_notified', got '{type_}'"
            )

        data = AffiliationChangeData.from_dict(d.pop("data"))

        affiliation_termination_notified = cls(
            id=id,
            cursor=cursor,
            affiliation_id=affiliation_id,
            occurred_at=occurred_at,
            type_=type_,
            data=data,
        )

        affiliation_termination_notified.additional_properties = d
        return affiliation_termination_notified

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
