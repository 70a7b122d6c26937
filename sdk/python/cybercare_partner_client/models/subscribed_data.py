from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.product_ref import ProductRef


T = TypeVar("T", bound="SubscribedData")


@_attrs_define
class SubscribedData:
    """
    Attributes:
        affiliation_id (str):
        customer_ref (str):
        product (ProductRef):
        start_date (str): ISO date
        insured_count (int):
    """

    affiliation_id: str
    customer_ref: str
    product: ProductRef
    start_date: str
    insured_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affiliation_id = self.affiliation_id

        customer_ref = self.customer_ref

        product = self.product.to_dict()

        start_date = self.start_date

        insured_count = self.insured_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affiliation_id": affiliation_id,
                "customer_ref": customer_ref,
                "product": product,
                "start_date": start_date,
                "insured_count": insured_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.product_ref import ProductRef  # noqa: PLC0415

        d = dict(src_dict)
        affiliation_id = d.pop("affiliation_id")

        customer_ref = d.pop("customer_ref")

        product = ProductRef.from_dict(d.pop("product"))

        start_date = d.pop("start_date")

        insured_count = d.pop("insured_count")

        subscribed_data = cls(
            affiliation_id=affiliation_id,
            customer_ref=customer_ref,
            product=product,
            start_date=start_date,
            insured_count=insured_count,
        )

        subscribed_data.additional_properties = d
        return subscribed_data

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
