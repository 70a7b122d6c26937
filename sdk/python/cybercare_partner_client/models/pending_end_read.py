from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PendingEndRead")


@_attrs_define
class PendingEndRead:
    """
    Attributes:
        notice_on (datetime.date):
        effective_date (datetime.date):
        by (str):
        article (str):
    """

    notice_on: datetime.date
    effective_date: datetime.date
    by: str
    article: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        notice_on = self.notice_on.isoformat()

        effective_date = self.effective_date.isoformat()

        by = self.by

        article = self.article

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "notice_on": notice_on,
                "effective_date": effective_date,
                "by": by,
                "article": article,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notice_on = datetime.date.fromisoformat(d.pop("notice_on"))

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        by = d.pop("by")

        article = d.pop("article")

        pending_end_read = cls(
            notice_on=notice_on,
            effective_date=effective_date,
            by=by,
            article=article,
        )

        pending_end_read.additional_properties = d
        return pending_end_read

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
