from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MemberDeparture")


@_attrs_define
class MemberDeparture:
    """
    Attributes:
        left_on (datetime.date): First day the person no longer lives there (Art. 9.7)
    """

    left_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        left_on = self.left_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "left_on": left_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        left_on = datetime.date.fromisoformat(d.pop("left_on"))

        member_departure = cls(
            left_on=left_on,
        )

        return member_departure
