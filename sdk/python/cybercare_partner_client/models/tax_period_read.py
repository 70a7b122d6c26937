from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TaxPeriodRead")


@_attrs_define
class TaxPeriodRead:
    """
    Attributes:
        valid_from (datetime.date):
        rate_percent (str):
        net_monthly (str):
        tax_monthly (str):
    """

    valid_from: datetime.date
    rate_percent: str
    net_monthly: str
    tax_monthly: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        valid_from = self.valid_from.isoformat()

        rate_percent = self.rate_percent

        net_monthly = self.net_monthly

        tax_monthly = self.tax_monthly

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid_from": valid_from,
                "rate_percent": rate_percent,
                "net_monthly": net_monthly,
                "tax_monthly": tax_monthly,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        rate_percent = d.pop("rate_percent")

        net_monthly = d.pop("net_monthly")

        tax_monthly = d.pop("tax_monthly")

        tax_period_read = cls(
            valid_from=valid_from,
            rate_percent=rate_percent,
            net_monthly=net_monthly,
            tax_monthly=tax_monthly,
        )

        tax_period_read.additional_properties = d
        return tax_period_read

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
