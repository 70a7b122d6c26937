from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AddressIn")


@_attrs_define
class AddressIn:
    """
    Attributes:
        street (str):
        number (str):
        postcode (str):
        city (str):
        box (None | str | Unset):
        country (Literal['BE'] | Unset): The insured household lives in Belgium (Art. 3.3) Default: 'BE'.
    """

    street: str
    number: str
    postcode: str
    city: str
    box: None | str | Unset = UNSET
    country: Literal["BE"] | Unset = "BE"

    def to_dict(self) -> dict[str, Any]:
        street = self.street

        number = self.number

        postcode = self.postcode

        city = self.city

        box: None | str | Unset
        if isinstance(self.box, Unset):
            box = UNSET
        else:
            box = self.box

        country = self.country

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "street": street,
                "number": number,
                "postcode": postcode,
                "city": city,
            }
        )
        if box is not UNSET:
            field_dict["box"] = box
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        street = d.pop("street")

        number = d.pop("number")

        postcode = d.pop("postcode")

        city = d.pop("city")

        def _parse_box(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        box = _parse_box(d.pop("box", UNSET))

        country = cast(Literal["BE"] | Unset, d.pop("country", UNSET))
        if country != "BE" and not isinstance(country, Unset):
            raise ValueError(f"country must match const 'BE', got '{country}'")

        address_in = cls(
            street=street,
            number=number,
            postcode=postcode,
            city=city,
            box=box,
            country=country,
        )

        return address_in
