from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MemberRead")


@_attrs_define
class MemberRead:
    """
    Attributes:
        person_id (str):
        given_name (str):
        family_name (str):
        birth_date (datetime.date):
        language (str):
        relationship (str):
        insured (bool):
        joined_on (datetime.date):
        left_on (datetime.date | None):
    """

    person_id: str
    given_name: str
    family_name: str
    birth_date: datetime.date
    language: str
    relationship: str
    insured: bool
    joined_on: datetime.date
    left_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        person_id = self.person_id

        given_name = self.given_name

        family_name = self.family_name

        birth_date = self.birth_date.isoformat()

        language = self.language

        relationship = self.relationship

        insured = self.insured

        joined_on = self.joined_on.isoformat()

        left_on: None | str
        if isinstance(self.left_on, datetime.date):
            left_on = self.left_on.isoformat()
        else:
            left_on = self.left_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "person_id": person_id,
                "given_name": given_name,
                "family_name": family_name,
                "birth_date": birth_date,
                "language": language,
                "relationship": relationship,
                "insured": insured,
                "joined_on": joined_on,
                "left_on": left_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        person_id = d.pop("person_id")

        given_name = d.pop("given_name")

        family_name = d.pop("family_name")

        birth_date = datetime.date.fromisoformat(d.pop("birth_date"))

        language = d.pop("language")

        relationship = d.pop("relationship")

        insured = d.pop("insured")

        joined_on = datetime.date.fromisoformat(d.pop("joined_on"))

        def _parse_left_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                left_on_type_0 = datetime.date.fromisoformat(data)

                return left_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        left_on = _parse_left_on(d.pop("left_on"))

        member_read = cls(
            person_id=person_id,
            given_name=given_name,
            family_name=family_name,
            birth_date=birth_date,
            language=language,
            relationship=relationship,
            insured=insured,
            joined_on=joined_on,
            left_on=left_on,
        )

        member_read.additional_properties = d
        return member_read

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
