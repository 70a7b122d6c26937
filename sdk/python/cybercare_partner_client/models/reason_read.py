from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reason_read_params import ReasonReadParams


T = TypeVar("T", bound="ReasonRead")


@_attrs_define
class ReasonRead:
    """
    Attributes:
        code (str):
        article (str):
        params (ReasonReadParams):
    """

    code: str
    article: str
    params: ReasonReadParams
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        article = self.article

        params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "article": article,
                "params": params,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason_read_params import ReasonReadParams  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        article = d.pop("article")

        params = ReasonReadParams.from_dict(d.pop("params"))

        reason_read = cls(
            code=code,
            article=article,
            params=params,
        )

        reason_read.additional_properties = d
        return reason_read

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
