from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.relationship import Relationship
from ..types import UNSET, Unset

T = TypeVar("T", bound="HouseholdChangeData")


@_attrs_define
class HouseholdChangeData:
    """
    Attributes:
        affiliation_id (str):
        customer_ref (str):
        effective_date (str): ISO date
        article (str):
        person_id (None | str): The member concerned; null on `household.address_changed` (the household)
        relationship (None | Relationship | Unset):
        insured (bool | None | Unset): Insured from `effective_date` on
        postcode (None | str | Unset): On an address change
    """

    affiliation_id: str
    customer_ref: str
    effective_date: str
    article: str
    person_id: None | str
    relationship: None | Relationship | Unset = UNSET
    insured: bool | None | Unset = UNSET
    postcode: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affiliation_id = self.affiliation_id

        customer_ref = self.customer_ref

        effective_date = self.effective_date

        article = self.article

        person_id: None | str
        person_id = self.person_id

        relationship: None | str | Unset
        if isinstance(self.relationship, Unset):
            relationship = UNSET
        elif isinstance(self.relationship, Relationship):
            relationship = self.relationship.value
        else:
            relationship = self.relationship

        insured: bool | None | Unset
        if isinstance(self.insured, Unset):
            insured = UNSET
        else:
            insured = self.insured

        postcode: None | str | Unset
        if isinstance(self.postcode, Unset):
            postcode = UNSET
        else:
            postcode = self.postcode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affiliation_id": affiliation_id,
                "customer_ref": customer_ref,
                "effective_date": effective_date,
                "article": article,
                "person_id": person_id,
            }
        )
        if relationship is not UNSET:
            field_dict["relationship"] = relationship
        if insured is not UNSET:
            field_dict["insured"] = insured
        if postcode is not UNSET:
            field_dict["postcode"] = postcode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        affiliation_id = d.pop("affiliation_id")

        customer_ref = d.pop("customer_ref")

        effective_date = d.pop("effective_date")

        article = d.pop("article")

        def _parse_person_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        person_id = _parse_person_id(d.pop("person_id"))

        def _parse_relationship(data: object) -> None | Relationship | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                relationship_type_0 = Relationship(data)

                return relationship_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Relationship | Unset, data)

        relationship = _parse_relationship(d.pop("relationship", UNSET))

        def _parse_insured(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        insured = _parse_insured(d.pop("insured", UNSET))

        def _parse_postcode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postcode = _parse_postcode(d.pop("postcode", UNSET))

        household_change_data = cls(
            affiliation_id=affiliation_id,
            customer_ref=customer_ref,
            effective_date=effective_date,
            article=article,
            person_id=person_id,
            relationship=relationship,
            insured=insured,
            postcode=postcode,
        )

        household_change_data.additional_properties = d
        return household_change_data

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
