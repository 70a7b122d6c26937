from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RadarReportReceipt")


@_attrs_define
class RadarReportReceipt:
    """That the report arrived and by when the team answers; the answer is the member's, in
    their portal (Art. 11.1).

        Attributes:
            report_id (str):
            received_at (datetime.datetime):
            urgent (bool):
            answer_due_at (datetime.datetime):
    """

    report_id: str
    received_at: datetime.datetime
    urgent: bool
    answer_due_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        report_id = self.report_id

        received_at = self.received_at.isoformat()

        urgent = self.urgent

        answer_due_at = self.answer_due_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "report_id": report_id,
                "received_at": received_at,
                "urgent": urgent,
                "answer_due_at": answer_due_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        report_id = d.pop("report_id")

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        urgent = d.pop("urgent")

        answer_due_at = datetime.datetime.fromisoformat(d.pop("answer_due_at"))

        radar_report_receipt = cls(
            report_id=report_id,
            received_at=received_at,
            urgent=urgent,
            answer_due_at=answer_due_at,
        )

        radar_report_receipt.additional_properties = d
        return radar_report_receipt

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
