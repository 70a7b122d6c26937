from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.affiliate_succession_relationships import (
        AffiliateSuccessionRelationships,
    )


T = TypeVar("T", bound="AffiliateSuccession")


@_attrs_define
class AffiliateSuccession:
    """
    Attributes:
        died_on (datetime.date):
        new_affiliate_id (str): An adult insured member who takes over
        relationships (AffiliateSuccessionRelationships): Each other member's relationship to the new affiliate (Art.
            2.2)
    """

    died_on: datetime.date
    new_affiliate_id: str
    relationships: AffiliateSuccessionRelationships

    def to_dict(self) -> dict[str, Any]:
        died_on = self.died_on.isoformat()

        new_affiliate_id = self.new_affiliate_id

        relationships = self.relationships.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "died_on": died_on,
                "new_affiliate_id": new_affiliate_id,
                "relationships": relationships,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affiliate_succession_relationships import (
            AffiliateSuccessionRelationships,  # noqa: PLC0415
        )

        d = dict(src_dict)
        died_on = datetime.date.fromisoformat(d.pop("died_on"))

        new_affiliate_id = d.pop("new_affiliate_id")

        relationships = AffiliateSuccessionRelationships.from_dict(
            d.pop("relationships")
        )

        affiliate_succession = cls(
            died_on=died_on,
            new_affiliate_id=new_affiliate_id,
            relationships=relationships,
        )

        return affiliate_succession
