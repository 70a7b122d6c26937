from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reason_read import ReasonRead


T = TypeVar("T", bound="TerminationRead")


@_attrs_define
class TerminationRead:
    """
    Attributes:
        affiliation_id (str):
        by (str):
        notice_on (datetime.date):
        effective_date (datetime.date):
        article (str):
        reasons (list[ReasonRead]):
    """

    affiliation_id: str
    by: str
    notice_on: datetime.date
    effective_date: datetime.date
    article: str
    reasons: list[ReasonRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affiliation_id = self.affiliation_id

        by = self.by

        notice_on = self.notice_on.isoformat()

        effective_date = self.effective_date.isoformat()

        article = self.article

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affiliation_id": affiliation_id,
                "by": by,
                "notice_on": notice_on,
                "effective_date": effective_date,
                "article": article,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason_read import ReasonRead  # noqa: PLC0415

        d = dict(src_dict)
        affiliation_id = d.pop("affiliation_id")

        by = d.pop("by")

        notice_on = datetime.date.fromisoformat(d.pop("notice_on"))

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        article = d.pop("article")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ReasonRead.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        termination_read = cls(
            affiliation_id=affiliation_id,
            by=by,
            notice_on=notice_on,
            effective_date=effective_date,
            article=article,
            reasons=reasons,
        )

        termination_read.additional_properties = d
        return termination_read

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
