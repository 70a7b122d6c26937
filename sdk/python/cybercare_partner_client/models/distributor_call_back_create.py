from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.distributor_call_back_create_language_type_0 import (
    DistributorCallBackCreateLanguageType0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="DistributorCallBackCreate")


@_attrs_define
class DistributorCallBackCreate:
    """
    Attributes:
        person_id (str): Who needs help: the member, or a minor they represent
        phone (str): The number to call back: E.164 (+32470123456) or Belgian national
        what_is_happening (str): One sentence
        urgency_reason (str): distress, ongoing_harassment or ongoing_fraud
        requested_by_person_id (str): The member signed in to the distributor's app, who asks (Art. 11.3)
        guarantee_code (None | str | Unset): ASSIST, EREP, IDT, PAYF, ECOM, DATA, or null: an agent triages
        language (DistributorCallBackCreateLanguageType0 | None | Unset):
    """

    person_id: str
    phone: str
    what_is_happening: str
    urgency_reason: str
    requested_by_person_id: str
    guarantee_code: None | str | Unset = UNSET
    language: DistributorCallBackCreateLanguageType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        person_id = self.person_id

        phone = self.phone

        what_is_happening = self.what_is_happening

        urgency_reason = self.urgency_reason

        requested_by_person_id = self.requested_by_person_id

        guarantee_code: None | str | Unset
        if isinstance(self.guarantee_code, Unset):
            guarantee_code = UNSET
        else:
            guarantee_code = self.guarantee_code

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, DistributorCallBackCreateLanguageType0):
            language = self.language.value
        else:
            language = self.language

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "person_id": person_id,
                "phone": phone,
                "what_is_happening": what_is_happening,
                "urgency_reason": urgency_reason,
                "requested_by_person_id": requested_by_person_id,
            }
        )
        if guarantee_code is not UNSET:
            field_dict["guarantee_code"] = guarantee_code
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        person_id = d.pop("person_id")

        phone = d.pop("phone")

        what_is_happening = d.pop("what_is_happening")

        urgency_reason = d.pop("urgency_reason")

        requested_by_person_id = d.pop("requested_by_person_id")

        def _parse_guarantee_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        guarantee_code = _parse_guarantee_code(d.pop("guarantee_code", UNSET))

        def _parse_language(
            data: object,
        ) -> DistributorCallBackCreateLanguageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = DistributorCallBackCreateLanguageType0(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DistributorCallBackCreateLanguageType0 | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        distributor_call_back_create = cls(
            person_id=person_id,
            phone=phone,
            what_is_happening=what_is_happening,
            urgency_reason=urgency_reason,
            requested_by_person_id=requested_by_person_id,
            guarantee_code=guarantee_code,
            language=language,
        )

        return distributor_call_back_create
