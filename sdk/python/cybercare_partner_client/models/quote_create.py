from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="QuoteCreate")


@_attrs_define
class QuoteCreate:
    """
    Attributes:
        product_code (str | Unset):  Default: 'cyber-care-be'.
        start_date (datetime.date | None | Unset): Default: today
        language (str | Unset):  Default: 'nl'.
    """

    product_code: str | Unset = "cyber-care-be"
    start_date: datetime.date | None | Unset = UNSET
    language: str | Unset = "nl"

    def to_dict(self) -> dict[str, Any]:
        product_code = self.product_code

        start_date: None | str | Unset
        if isinstance(self.start_date, Unset):
            start_date = UNSET
        elif isinstance(self.start_date, datetime.date):
            start_date = self.start_date.isoformat()
        else:
            start_date = self.start_date

        language = self.language

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if product_code is not UNSET:
            field_dict["product_code"] = product_code
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_code = d.pop("product_code", UNSET)

        def _parse_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_date_type_0 = datetime.date.fromisoformat(data)

                return start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        start_date = _parse_start_date(d.pop("start_date", UNSET))

        language = d.pop("language", UNSET)

        quote_create = cls(
            product_code=product_code,
            start_date=start_date,
            language=language,
        )

        return quote_create
