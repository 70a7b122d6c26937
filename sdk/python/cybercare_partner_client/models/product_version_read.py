from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.clause_read import ClauseRead
    from ..models.guarantee_read import GuaranteeRead
    from ..models.pot_read import PotRead
    from ..models.premium_read import PremiumRead
    from ..models.timers_read import TimersRead


T = TypeVar("T", bound="ProductVersionRead")


@_attrs_define
class ProductVersionRead:
    """
    Attributes:
        code (str):
        version (str):
        title (str):
        distributors (list[str]):
        sales_open_from (datetime.date):
        sales_closed_from (datetime.date | None): Closed to new business from (Art. 1.4)
        open_to_new_business (bool):
        language (str):
        guarantees (list[GuaranteeRead]):
        pots (list[PotRead]):
        exclusions (list[ClauseRead]):
        obligations (list[ClauseRead]):
        premium (PremiumRead):
        timers (TimersRead):
    """

    code: str
    version: str
    title: str
    distributors: list[str]
    sales_open_from: datetime.date
    sales_closed_from: datetime.date | None
    open_to_new_business: bool
    language: str
    guarantees: list[GuaranteeRead]
    pots: list[PotRead]
    exclusions: list[ClauseRead]
    obligations: list[ClauseRead]
    premium: PremiumRead
    timers: TimersRead
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

        language = self.language

        guarantees = []
        for guarantees_item_data in self.guarantees:
            guarantees_item = guarantees_item_data.to_dict()
            guarantees.append(guarantees_item)

        pots = []
        for pots_item_data in self.pots:
            pots_item = pots_item_data.to_dict()
            pots.append(pots_item)

        exclusions = []
        for exclusions_item_data in self.exclusions:
            exclusions_item = exclusions_item_data.to_dict()
            exclusions.append(exclusions_item)

        obligations = []
        for obligations_item_data in self.obligations:
            obligations_item = obligations_item_data.to_dict()
            obligations.append(obligations_item)

        premium = self.premium.to_dict()

        timers = self.timers.to_dict()

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
                "language": language,
                "guarantees": guarantees,
                "pots": pots,
                "exclusions": exclusions,
                "obligations": obligations,
                "premium": premium,
                "timers": timers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.clause_read import ClauseRead  # noqa: PLC0415
        from ..models.guarantee_read import GuaranteeRead  # noqa: PLC0415
        from ..models.pot_read import PotRead  # noqa: PLC0415
        from ..models.premium_read import PremiumRead  # noqa: PLC0415
        from ..models.timers_read import TimersRead  # noqa: PLC0415

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

        language = d.pop("language")

        guarantees = []
        _guarantees = d.pop("guarantees")
        for guarantees_item_data in _guarantees:
            guarantees_item = GuaranteeRead.from_dict(guarantees_item_data)

            guarantees.append(guarantees_item)

        pots = []
        _pots = d.pop("pots")
        for pots_item_data in _pots:
            pots_item = PotRead.from_dict(pots_item_data)

            pots.append(pots_item)

        exclusions = []
        _exclusions = d.pop("exclusions")
        for exclusions_item_data in _exclusions:
            exclusions_item = ClauseRead.from_dict(exclusions_item_data)

            exclusions.append(exclusions_item)

        obligations = []
        _obligations = d.pop("obligations")
        for obligations_item_data in _obligations:
            obligations_item = ClauseRead.from_dict(obligations_item_data)

            obligations.append(obligations_item)

        premium = PremiumRead.from_dict(d.pop("premium"))

        timers = TimersRead.from_dict(d.pop("timers"))

        product_version_read = cls(
            code=code,
            version=version,
            title=title,
            distributors=distributors,
            sales_open_from=sales_open_from,
            sales_closed_from=sales_closed_from,
            open_to_new_business=open_to_new_business,
            language=language,
            guarantees=guarantees,
            pots=pots,
            exclusions=exclusions,
            obligations=obligations,
            premium=premium,
            timers=timers,
        )

        product_version_read.additional_properties = d
        return product_version_read

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
