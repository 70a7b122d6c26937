from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PremiumQuoteRead")


@_attrs_define
class PremiumQuoteRead:
    """
    Attributes:
        gross_monthly (str):
        net_monthly (str):
        tax_monthly (str):
        tax_rate_percent (str):
        tax_valid_from (datetime.date):
        article (str):
    """

    gross_monthly: str
    net_monthly: str
    tax_monthly: str
    tax_rate_percent: str
    tax_valid_from: datetime.date
    article: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        gross_monthly = self.gross_monthly

        net_monthly = self.net_monthly

        tax_monthly = self.tax_monthly

        tax_rate_percent = self.tax_rate_percent

        tax_valid_from = self.tax_valid_from.isoformat()

        article = self.article

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "gross_monthly": gross_monthly,
                "net_monthly": net_monthly,
                "tax_monthly": tax_monthly,
                "tax_rate_percent": tax_rate_percent,
                "tax_valid_from": tax_valid_from,
                "article": article,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        gross_monthly = d.pop("gross_monthly")

        net_monthly = d.pop("net_monthly")

        tax_monthly = d.pop("tax_monthly")

        tax_rate_percent = d.pop("tax_rate_percent")

        tax_valid_from = datetime.date.fromisoformat(d.pop("tax_valid_from"))

        article = d.pop("article")

        premium_quote_read = cls(
            gross_monthly=gross_monthly,
            net_monthly=net_monthly,
            tax_monthly=tax_monthly,
            tax_rate_percent=tax_rate_percent,
            tax_valid_from=tax_valid_from,
            article=article,
        )

        premium_quote_read.additional_properties = d
        return premium_quote_read

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
