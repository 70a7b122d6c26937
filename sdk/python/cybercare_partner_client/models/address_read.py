from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AddressRead")


@_attrs_define
class AddressRead:
    """
    Attributes:
        street (str):
        number (str):
        box (None | str):
        postcode (str):
        city (str):
        country (str):
    """

    street: str
    number: str
    box: None | str
    postcode: str
    city: str
    country: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        street = self.street

        number = self.number

        box: None | str
        box = self.box

        postcode = self.postcode

        city = self.city

        country = self.country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "street": street,
                "number": number,
                "box": box,
                "postcode": postcode,
                "city": city,
                "country": country,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        street = d.pop("street")

        number = d.pop("number")

        def _parse_box(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        box = _parse_box(d.pop("box"))

        postcode = d.pop("postcode")

        city = d.pop("city")

        country = d.pop("country")

        address_read = cls(
            street=street,
            number=number,
            box=box,
            postcode=postcode,
            city=city,
            country=country,
        )

        address_read.additional_properties = d
        return address_read

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
