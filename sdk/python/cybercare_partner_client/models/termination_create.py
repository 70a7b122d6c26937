from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.termination_create_by import TerminationCreateBy
from ..types import UNSET, Unset

T = TypeVar("T", bound="TerminationCreate")


@_attrs_define
class TerminationCreate:
    """
    Attributes:
        notice_on (datetime.date | None | Unset): Default: today
        by (TerminationCreateBy | Unset): `affiliate`: termination with notice (Art. 9.4); `distributor`: non-renewal at
            the end of the insurance year (Art. 9.5) Default: TerminationCreateBy.AFFILIATE.
    """

    notice_on: datetime.date | None | Unset = UNSET
    by: TerminationCreateBy | Unset = TerminationCreateBy.AFFILIATE

    def to_dict(self) -> dict[str, Any]:
        notice_on: None | str | Unset
        if isinstance(self.notice_on, Unset):
            notice_on = UNSET
        elif isinstance(self.notice_on, datetime.date):
            notice_on = self.notice_on.isoformat()
        else:
            notice_on = self.notice_on

        by: str | Unset = UNSET
        if not isinstance(self.by, Unset):
            by = self.by.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if notice_on is not UNSET:
            field_dict["notice_on"] = notice_on
        if by is not UNSET:
            field_dict["by"] = by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_notice_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                notice_on_type_0 = datetime.date.fromisoformat(data)

                return notice_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        notice_on = _parse_notice_on(d.pop("notice_on", UNSET))

        _by = d.pop("by", UNSET)
        by: TerminationCreateBy | Unset
        if isinstance(_by, Unset):
            by = UNSET
        else:
            by = TerminationCreateBy(_by)

        termination_create = cls(
            notice_on=notice_on,
            by=by,
        )

        return termination_create
