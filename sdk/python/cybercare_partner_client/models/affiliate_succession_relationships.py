from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.affiliate_succession_relationships_additional_property import (
    AffiliateSuccessionRelationshipsAdditionalProperty,
)

T = TypeVar("T", bound="AffiliateSuccessionRelationships")


@_attrs_define
class AffiliateSuccessionRelationships:
    """Each other member's relationship to the new affiliate (Art. 2.2)"""

    additional_properties: dict[
        str, AffiliateSuccessionRelationshipsAdditionalProperty
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        affiliate_succession_relationships = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = AffiliateSuccessionRelationshipsAdditionalProperty(
                prop_dict
            )

            additional_properties[prop_name] = additional_property

        affiliate_succession_relationships.additional_properties = additional_properties
        return affiliate_succession_relationships

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(
        self, key: str
    ) -> AffiliateSuccessionRelationshipsAdditionalProperty:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: AffiliateSuccessionRelationshipsAdditionalProperty
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
