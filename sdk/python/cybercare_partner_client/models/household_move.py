from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_in import AddressIn


T = TypeVar("T", bound="HouseholdMove")


@_attrs_define
class HouseholdMove:
    """
    Attributes:
        address (AddressIn):
        moved_on (datetime.date): First day at the new main residence (Art. 9.7)
        moving (list[str] | None | Unset): Person ids who move; the others leave the household that day. Omitted:
            everyone moves.
    """

    address: AddressIn
    moved_on: datetime.date
    moving: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        address = self.address.to_dict()

        moved_on = self.moved_on.isoformat()

        moving: list[str] | None | Unset
        if isinstance(self.moving, Unset):
            moving = UNSET
        elif isinstance(self.moving, list):
            moving = self.moving

        else:
            moving = self.moving

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "moved_on": moved_on,
            }
        )
        if moving is not UNSET:
            field_dict["moving"] = moving

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_in import AddressIn  # noqa: PLC0415

        d = dict(src_dict)
        address = AddressIn.from_dict(d.pop("address"))

        moved_on = datetime.date.fromisoformat(d.pop("moved_on"))

        def _parse_moving(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                moving_type_0 = cast(list[str], data)

                return moving_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        moving = _parse_moving(d.pop("moving", UNSET))

        household_move = cls(
            address=address,
            moved_on=moved_on,
            moving=moving,
        )

        return household_move
