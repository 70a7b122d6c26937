from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.line_error_read import LineErrorRead


T = TypeVar("T", bound="PaymentResultsRead")


@_attrs_define
class PaymentResultsRead:
    """
    Attributes:
        applied (int):
        already_applied (int):
        collected (str): EUR collected by this file, e.g. 9.98
        errors (list[LineErrorRead]):
    """

    applied: int
    already_applied: int
    collected: str
    errors: list[LineErrorRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        applied = self.applied

        already_applied = self.already_applied

        collected = self.collected

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applied": applied,
                "already_applied": already_applied,
                "collected": collected,
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_error_read import LineErrorRead  # noqa: PLC0415

        d = dict(src_dict)
        applied = d.pop("applied")

        already_applied = d.pop("already_applied")

        collected = d.pop("collected")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = LineErrorRead.from_dict(errors_item_data)

            errors.append(errors_item)

        payment_results_read = cls(
            applied=applied,
            already_applied=already_applied,
            collected=collected,
            errors=errors,
        )

        payment_results_read.additional_properties = d
        return payment_results_read

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
