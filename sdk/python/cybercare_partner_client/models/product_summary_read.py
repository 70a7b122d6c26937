from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProductSummaryRead")


@_attrs_define
class ProductSummaryRead:
    """
    Attributes:
        code (str):
        version (str):
        title (str):
        distributors (list[str]):
        sales_open_from (datetime.date):
        sales_closed_from (datetime.date | None): Closed to new business from (Art. 1.4)
        open_to_new_business (bool):
    """

    code: str
    version: str
    title: str
    distributors: list[str]
    sales_open_from: datetime.date
    sales_closed_from: datetime.date | None
    open_to_new_business: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        version = self.version

        title = self.title

        distributors = self.distributors

        sales_open_from = self.sales_open_from.isoformat()

        sales_closed_from: None | str
        if isinstance(self.sales_closed_from, datetime.date):
            sales_closed_from = self.sales_closed_from.isoformat()
        else:
            sales_closed_from = self.sales_closed_from

        open_to_new_business = self.open_to_new_business

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "version": version,
                "title": title,
                "distributors": distributors,
                "sales_open_from": sales_open_from,
                "sales_closed_from": sales_closed_from,
                "open_to_new_business": open_to_new_business,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        version = d.pop("version")

        title = d.pop("title")

        distributors = cast(list[str], d.pop("distributors"))

        sales_open_from = datetime.date.fromisoformat(d.pop("sales_open_from"))

        def _parse_sales_closed_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sales_closed_from_type_0 = datetime.date.fromisoformat(data)

                return sales_closed_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        sales_closed_from = _parse_sales_closed_from(d.pop("sales_closed_from"))

        open_to_new_business = d.pop("open_to_new_business")

        product_summary_read = cls(
            code=code,
            version=version,
            title=title,
            distributors=distributors,
            sales_open_from=sales_open_from,
            sales_closed_from=sales_closed_from,
            open_to_new_business=open_to_new_business,
        )

        product_summary_read.additional_properties = d
        return product_summary_read

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
