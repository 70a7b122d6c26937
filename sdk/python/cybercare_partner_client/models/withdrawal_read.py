from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reason_read import ReasonRead


T = TypeVar("T", bound="WithdrawalRead")


@_attrs_define
class WithdrawalRead:
    """
    Attributes:
        affiliation_id (str):
        notified_on (datetime.date):
        deadline (datetime.date): Last day to withdraw (Art. 9.3)
        effective_date (datetime.date):
        article (str):
        covered_days (int):
        premium_due (str):
        charged (str):
        refund (str):
        refund_due_by (datetime.date):
        reasons (list[ReasonRead]):
    """

    affiliation_id: str
    notified_on: datetime.date
    deadline: datetime.date
    effective_date: datetime.date
    article: str
    covered_days: int
    premium_due: str
    charged: str
    refund: str
    refund_due_by: datetime.date
    reasons: list[ReasonRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affiliation_id = self.affiliation_id

        notified_on = self.notified_on.isoformat()

        deadline = self.deadline.isoformat()

        effective_date = self.effective_date.isoformat()

        article = self.article

        covered_days = self.covered_days

        premium_due = self.premium_due

        charged = self.charged

        refund = self.refund

        refund_due_by = self.refund_due_by.isoformat()

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affiliation_id": affiliation_id,
                "notified_on": notified_on,
                "deadline": deadline,
                "effective_date": effective_date,
                "article": article,
                "covered_days": covered_days,
                "premium_due": premium_due,
                "charged": charged,
                "refund": refund,
                "refund_due_by": refund_due_by,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason_read import ReasonRead  # noqa: PLC0415

        d = dict(src_dict)
        affiliation_id = d.pop("affiliation_id")

        notified_on = datetime.date.fromisoformat(d.pop("notified_on"))

        deadline = datetime.date.fromisoformat(d.pop("deadline"))

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        article = d.pop("article")

        covered_days = d.pop("covered_days")

        premium_due = d.pop("premium_due")

        charged = d.pop("charged")

        refund = d.pop("refund")

        refund_due_by = datetime.date.fromisoformat(d.pop("refund_due_by"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ReasonRead.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        withdrawal_read = cls(
            affiliation_id=affiliation_id,
            notified_on=notified_on,
            deadline=deadline,
            effective_date=effective_date,
            article=article,
            covered_days=covered_days,
            premium_due=premium_due,
            charged=charged,
            refund=refund,
            refund_due_by=refund_due_by,
            reasons=reasons,
        )

        withdrawal_read.additional_properties = d
        return withdrawal_read

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
