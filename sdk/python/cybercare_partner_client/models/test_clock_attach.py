from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TestClockAttach")


@_attrs_define
class TestClockAttach:
    """
    Attributes:
        affiliation_id (str):
    """

    affiliation_id: str

    def to_dict(self) -> dict[str, Any]:
        affiliation_id = self.affiliation_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "affiliation_id": affiliation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        affiliation_id = d.pop("affiliation_id")

        test_clock_attach = cls(
            affiliation_id=affiliation_id,
        )

        return test_clock_attach
