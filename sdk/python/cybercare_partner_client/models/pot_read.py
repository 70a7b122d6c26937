from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PotRead")


@_attrs_define
class PotRead:
    """
    Attributes:
        code (str):
        article (str):
        label (str):
        guarantees (list[str]):
        money_limit (None | str): Per insurance year
        case_limit (int | None):
    """

    code: str
    article: str
    label: str
    guarantees: list[str]
    money_limit: None | str
    case_limit: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        article = self.article

        label = self.label

        guarantees = self.guarantees

        money_limit: None | str
        money_limit = self.money_limit

        case_limit: int | None
        case_limit = self.case_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "article": article,
                "label": label,
                "guarantees": guarantees,
                "money_limit": money_limit,
                "case_limit": case_limit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        article = d.pop("article")

        label = d.pop("label")

        guarantees = cast(list[str], d.pop("guarantees"))

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

        pot_read = cls(
            code=code,
            article=article,
            label=label,
            guarantees=guarantees,
            money_limit=money_limit,
            case_limit=case_limit,
        )

        pot_read.additional_properties = d
        return pot_read

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
