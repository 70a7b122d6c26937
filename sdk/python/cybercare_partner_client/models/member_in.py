from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.member_in_language import MemberInLanguage
from ..models.member_in_relationship import MemberInRelationship
from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberIn")


@_attrs_define
class MemberIn:
    """
    Attributes:
        given_name (str):
        family_name (str):
        birth_date (datetime.date):
        relationship (MemberInRelationship): Relationship to the affiliate (Art. 2.2); `other` is a housemate who is
            recorded but not insured (Art. 2.3)
        language (MemberInLanguage | Unset): Art. 11.4 Default: MemberInLanguage.NL.
        email (None | str | Unset):
        phone (None | str | Unset):
        national_register_number (None | str | Unset): Optional Belgian national register number
    """

    given_name: str
    family_name: str
    birth_date: datetime.date
    relationship: MemberInRelationship
    language: MemberInLanguage | Unset = MemberInLanguage.NL
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    national_register_number: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        given_name = self.given_name

        family_name = self.family_name

        birth_date = self.birth_date.isoformat()

        relationship = self.relationship.value

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        national_register_number: None | str | Unset
        if isinstance(self.national_register_number, Unset):
            national_register_number = UNSET
        else:
            national_register_number = self.national_register_number

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "given_name": given_name,
                "family_name": family_name,
                "birth_date": birth_date,
                "relationship": relationship,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if national_register_number is not UNSET:
            field_dict["national_register_number"] = national_register_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        given_name = d.pop("given_name")

        family_name = d.pop("family_name")

        birth_date = datetime.date.fromisoformat(d.pop("birth_date"))

        relationship = MemberInRelationship(d.pop("relationship"))

        _language = d.pop("language", UNSET)
        language: MemberInLanguage | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = MemberInLanguage(_language)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_national_register_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        national_register_number = _parse_national_register_number(
            d.pop("national_register_number", UNSET)
        )

        member_in = cls(
            given_name=given_name,
            family_name=family_name,
            birth_date=birth_date,
            relationship=relationship,
            language=language,
            email=email,
            phone=phone,
            national_register_number=national_register_number,
        )

        return member_in
