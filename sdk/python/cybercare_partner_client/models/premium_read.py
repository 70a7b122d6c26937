from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tax_period_read import TaxPeriodRead


T = TypeVar("T", bound="PremiumRead")


@_attrs_define
class PremiumRead:
    """
    Attributes:
        article (str):
        gross_monthly (str):
        tax_table (list[TaxPeriodRead]):
    """

    article: str
    gross_monthly: str
    tax_table: list[TaxPeriodRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        article = self.article

        gross_monthly = self.gross_monthly

        tax_table = []
        for tax_table_item_data in self.tax_table:
            tax_table_item = tax_table_item_data.to_dict()
            tax_table.append(tax_table_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "article": article,
                "gross_monthly": gross_monthly,
                "tax_table": tax_table,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tax_period_read import TaxPeriodRead  # noqa: PLC0415

        d = dict(src_dict)
        article = d.pop("article")

        gross_monthly = d.pop("gross_monthly")

        tax_table = []
        _tax_table = d.pop("tax_table")
        for tax_table_item_data in _tax_table:
            tax_table_item = TaxPeriodRead.from_dict(tax_table_item_data)

            tax_table.append(tax_table_item)

        premium_read = cls(
            article=article,
            gross_monthly=gross_monthly,
            tax_table=tax_table,
        )

        premium_read.additional_properties = d
        return premium_read

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
