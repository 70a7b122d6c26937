from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.assistance_line_read import AssistanceLineRead


T = TypeVar("T", bound="DistributorCallBackRead")


@_attrs_define
class DistributorCallBackRead:
    """What the distributor's app may tell the member: who is called, on which number, by when,
    and the line to ring meanwhile. Nothing of the case it opened (Art. 11.1): no case id, no
    team (a counsellor calling would tell the distributor someone is in distress), no guarantee
    or urgency as triaged (docs/privacy-minimisation.md).

        Attributes:
            person_id (str):
            phone (str): E.164
            call_before (datetime.datetime): The first-contact deadline (Art. 8.4), UTC
            assistance_line (AssistanceLineRead | None):
    """

    person_id: str
    phone: str
    call_before: datetime.datetime
    assistance_line: AssistanceLineRead | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.assistance_line_read import AssistanceLineRead  # noqa: PLC0415

        person_id = self.person_id

        phone = self.phone

        call_before = self.call_before.isoformat()

        assistance_line: dict[str, Any] | None
        if isinstance(self.assistance_line, AssistanceLineRead):
            assistance_line = self.assistance_line.to_dict()
        else:
            assistance_line = self.assistance_line

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "person_id": person_id,
                "phone": phone,
                "call_before": call_before,
                "assistance_line": assistance_line,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assistance_line_read import AssistanceLineRead  # noqa: PLC0415

        d = dict(src_dict)
        person_id = d.pop("person_id")

        phone = d.pop("phone")

        call_before = datetime.datetime.fromisoformat(d.pop("call_before"))

        def _parse_assistance_line(data: object) -> AssistanceLineRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assistance_line_type_0 = AssistanceLineRead.from_dict(data)

                return assistance_line_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AssistanceLineRead | None, data)

        assistance_line = _parse_assistance_line(d.pop("assistance_line"))

        distributor_call_back_read = cls(
            person_id=person_id,
            phone=phone,
            call_before=call_before,
            assistance_line=assistance_line,
        )

        distributor_call_back_read.additional_properties = d
        return distributor_call_back_read

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
