from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.test_clock_read_status import TestClockReadStatus

T = TypeVar("T", bound="TestClockRead")


@_attrs_define
class TestClockRead:
    """
    Attributes:
        id (str):
        name (str):
        frozen_time (datetime.datetime):
        status (TestClockReadStatus): `advancing` while the days up to `advancing_to` are being run
        advancing_to (datetime.datetime | None):
        created_at (datetime.datetime):
        affiliations (list[str]): The affiliations on this clock
    """

    id: str
    name: str
    frozen_time: datetime.datetime
    status: TestClockReadStatus
    advancing_to: datetime.datetime | None
    created_at: datetime.datetime
    affiliations: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        frozen_time = self.frozen_time.isoformat()

        status = self.status.value

        advancing_to: None | str
        if isinstance(self.advancing_to, datetime.datetime):
            advancing_to = self.advancing_to.isoformat()
        else:
            advancing_to = self.advancing_to

        created_at = self.created_at.isoformat()

        affiliations = self.affiliations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "frozen_time": frozen_time,
                "status": status,
                "advancing_to": advancing_to,
                "created_at": created_at,
                "affiliations": affiliations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        frozen_time = datetime.datetime.fromisoformat(d.pop("frozen_time"))

        status = TestClockReadStatus(d.pop("status"))

        def _parse_advancing_to(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                advancing_to_type_0 = datetime.datetime.fromisoformat(data)

                return advancing_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        advancing_to = _parse_advancing_to(d.pop("advancing_to"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        affiliations = cast(list[str], d.pop("affiliations"))

        test_clock_read = cls(
            id=id,
            name=name,
            frozen_time=frozen_time,
            status=status,
            advancing_to=advancing_to,
            created_at=created_at,
            affiliations=affiliations,
        )

        test_clock_read.additional_properties = d
        return test_clock_read

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
