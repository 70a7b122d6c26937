from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TimersRead")


@_attrs_define
class TimersRead:
    """
    Attributes:
        duration_months (int):
        tacit_renewal (bool):
        withdrawal_days (int):
        termination_minimum_run_months (int):
        termination_notice_months (int):
        insurer_notice_months_before_year_end (int):
        formal_notice_days (int):
        termination_days_after_suspension (int):
        declaration_deadline_days (int):
        urgent_first_contact_hours (int):
        normal_first_contact_working_days (int):
        decision_days_after_complete_file (int):
        payment_days_after_decision (int):
    """

    duration_months: int
    tacit_renewal: bool
    withdrawal_days: int
    termination_minimum_run_months: int
    termination_notice_months: int
    insurer_notice_months_before_year_end: int
    formal_notice_days: int
    termination_days_after_suspension: int
    declaration_deadline_days: int
    urgent_first_contact_hours: int
    normal_first_contact_working_days: int
    decision_days_after_complete_file: int
    payment_days_after_decision: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duration_months = self.duration_months

        tacit_renewal = self.tacit_renewal

        withdrawal_days = self.withdrawal_days

        termination_minimum_run_months = self.termination_minimum_run_months

        termination_notice_months = self.termination_notice_months

        insurer_notice_months_before_year_end = (
            self.insurer_notice_months_before_year_end
        )

        formal_notice_days = self.formal_notice_days

        termination_days_after_suspension = self.termination_days_after_suspension

        declaration_deadline_days = self.declaration_deadline_days

        urgent_first_contact_hours = self.urgent_first_contact_hours

        normal_first_contact_working_days = self.normal_first_contact_working_days

        decision_days_after_complete_file = self.decision_days_after_complete_file

        payment_days_after_decision = self.payment_days_after_decision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duration_months": duration_months,
                "tacit_renewal": tacit_renewal,
                "withdrawal_days": withdrawal_days,
                "termination_minimum_run_months": termination_minimum_run_months,
                "termination_notice_months": termination_notice_months,
                "insurer_notice_months_before_year_end": insurer_notice_months_before_year_end,
                "formal_notice_days": formal_notice_days,
                "termination_days_after_suspension": termination_days_after_suspension,
                "declaration_deadline_days": declaration_deadline_days,
                "urgent_first_contact_hours": urgent_first_contact_hours,
                "normal_first_contact_working_days": normal_first_contact_working_days,
                "decision_days_after_complete_file": decision_days_after_complete_file,
                "payment_days_after_decision": payment_days_after_decision,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duration_months = d.pop("duration_months")

        tacit_renewal = d.pop("tacit_renewal")

        withdrawal_days = d.pop("withdrawal_days")

        termination_minimum_run_months = d.pop("termination_minimum_run_months")

        termination_notice_months = d.pop("termination_notice_months")

        insurer_notice_months_before_year_end = d.pop(
            "insurer_notice_months_before_year_end"
        )

        formal_notice_days = d.pop("formal_notice_days")

        termination_days_after_suspension = d.pop("termination_days_after_suspension")

        declaration_deadline_days = d.pop("declaration_deadline_days")

        urgent_first_contact_hours = d.pop("urgent_first_contact_hours")

        normal_first_contact_working_days = d.pop("normal_first_contact_working_days")

        decision_days_after_complete_file = d.pop("decision_days_after_complete_file")

        payment_days_after_decision = d.pop("payment_days_after_decision")

        timers_read = cls(
            duration_months=duration_months,
            tacit_renewal=tacit_renewal,
            withdrawal_days=withdrawal_days,
            termination_minimum_run_months=termination_minimum_run_months,
            termination_notice_months=termination_notice_months,
            insurer_notice_months_before_year_end=insurer_notice_months_before_year_end,
            formal_notice_days=formal_notice_days,
            termination_days_after_suspension=termination_days_after_suspension,
            declaration_deadline_days=declaration_deadline_days,
            urgent_first_contact_hours=urgent_first_contact_hours,
            normal_first_contact_working_days=normal_first_contact_working_days,
            decision_days_after_complete_file=decision_days_after_complete_file,
            payment_days_after_decision=payment_days_after_decision,
        )

        timers_read.additional_properties = d
        return timers_read

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
