from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestClockCreate")


@_attrs_define
class TestClockCreate:
    """
    Attributes:
        name (str): A label for the scenario
        frozen_time (datetime.datetime | None | Unset): Where the clock starts (an instant with its offset); default:
            now
    """

    name: str
    frozen_time: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        frozen_time: None | str | Unset
        if isinstance(self.frozen_time, Unset):
            frozen_time = UNSET
        elif isinstance(self.frozen_time, datetime.datetime):
            frozen_time = self.frozen_time.isoformat()
        else:
            frozen_time = self.frozen_time

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if frozen_time is not UNSET:
            field_dict["frozen_time"] = frozen_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_frozen_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                frozen_time_type_0 = datetime.datetime.fromisoformat(data)

                return frozen_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        frozen_time = _parse_frozen_time(d.pop("frozen_time", UNSET))

        test_clock_create = cls(
            name=name,
            frozen_time=frozen_time,
        )

        return test_clock_create
