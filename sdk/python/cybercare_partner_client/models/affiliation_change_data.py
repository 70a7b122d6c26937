from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.affiliation_change_data_by_type_0 import AffiliationChangeDataByType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="AffiliationChangeData")


@_attrs_define
class AffiliationChangeData:
    """
    Attributes:
        affiliation_id (str):
        customer_ref (str):
        effective_date (str): ISO date
        article (str): The article of the terms applied
        by (AffiliationChangeDataByType0 | None | Unset): Who gave notice (terminations; the insurer's for unpaid
            premiums)
    """

    affiliation_id: str
    customer_ref: str
    effective_date: str
    article: str
    by: AffiliationChangeDataByType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affiliation_id = self.affiliation_id

        customer_ref = self.customer_ref

        effective_date = self.effective_date

        article = self.article

        by: None | str | Unset
        if isinstance(self.by, Unset):
            by = UNSET
        elif isinstance(self.by, AffiliationChangeDataByType0):
            by = self.by.value
        else:
            by = self.by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affiliation_id": affiliation_id,
                "customer_ref": customer_ref,
                "effective_date": effective_date,
                "article": article,
            }
        )
        if by is not UNSET:
            field_dict["by"] = by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        affiliation_id = d.pop("affiliation_id")

        customer_ref = d.pop("customer_ref")

        effective_date = d.pop("effective_date")

        article = d.pop("article")

        def _parse_by(data: object) -> AffiliationChangeDataByType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                by_type_0 = AffiliationChangeDataByType0(data)

                return by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AffiliationChangeDataByType0 | None | Unset, data)

        by = _parse_by(d.pop("by", UNSET))

        affiliation_change_data = cls(
            affiliation_id=affiliation_id,
            customer_ref=customer_ref,
            effective_date=effective_date,
            article=article,
            by=by,
        )

        affiliation_change_data.additional_properties = d
        return affiliation_change_data

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
