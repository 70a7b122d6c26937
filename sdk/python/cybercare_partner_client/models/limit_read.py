from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LimitRead")


@_attrs_define
class LimitRead:
    """
    Attributes:
        guarantee (str):
        label (str):
        article (str):
        pot (None | str):
        money_limit (None | str): Per household and insurance year (Art. 5)
        case_limit (int | None):
    """

    guarantee: str
    label: str
    article: str
    pot: None | str
    money_limit: None | str
    case_limit: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        guarantee = self.guarantee

        label = self.label

        article = self.article

        pot: None | str
        pot = self.pot

        money_limit: None | str
        money_limit = self.money_limit

        case_limit: int | None
        case_limit = self.case_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "guarantee": guarantee,
                "label": label,
                "article": article,
                "pot": pot,
                "money_limit": money_limit,
                "case_limit": case_limit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        guarantee = d.pop("guarantee")

        label = d.pop("label")

        article = d.pop("article")

        def _parse_pot(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pot = _parse_pot(d.pop("pot"))

        def _parse_money_limit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        money_limit = _parse_money_limit(d.pop("money_limit"))

        def _parse_case_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        case_limit = _parse_case_limit(d.pop("case_limit"))

        limit_read = cls(
            guarantee=guarantee,
            label=label,
            article=article,
            pot=pot,
            money_limit=money_limit,
            case_limit=case_limit,
        )

        limit_read.additional_properties = d
        return limit_read

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
