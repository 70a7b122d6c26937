from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_read import AddressRead
    from ..models.affiliation_read_prevention_declarations import (
        AffiliationReadPreventionDeclarations,
    )
    from ..models.member_read import MemberRead
    from ..models.pending_end_read import PendingEndRead
    from ..models.period_read import PeriodRead
    from ..models.reason_read import ReasonRead


T = TypeVar("T", bound="AffiliationRead")


@_attrs_define
class AffiliationRead:
    """
    Attributes:
        id (str):
        customer_ref (str):
        product_code (str):
        product_version (str):
        subscribed_on (datetime.date):
        start_date (datetime.date):
        status (str): active, suspended, withdrawn, terminated or pending_start
        insurance_year_start (datetime.date | None):
        insurance_year_end (datetime.date | None): Last day of the insurance year
        renews_on (datetime.date | None): Next tacit renewal (Art. 9.2)
        pending_end (None | PendingEndRead):
        status_periods (list[PeriodRead]):
        members (list[MemberRead]):
        address (AddressRead | None):
        prevention_declarations (AffiliationReadPreventionDeclarations):
        reasons (list[ReasonRead] | Unset):
    """

    id: str
    customer_ref: str
    product_code: str
    product_version: str
    subscribed_on: datetime.date
    start_date: datetime.date
    status: str
    insurance_year_start: datetime.date | None
    insurance_year_end: datetime.date | None
    renews_on: datetime.date | None
    pending_end: None | PendingEndRead
    status_periods: list[PeriodRead]
    members: list[MemberRead]
    address: AddressRead | None
    prevention_declarations: AffiliationReadPreventionDeclarations
    reasons: list[ReasonRead] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_read import AddressRead  # noqa: PLC0415
        from ..models.pending_end_read import PendingEndRead  # noqa: PLC0415

        id = self.id

        customer_ref = self.customer_ref

        product_code = self.product_code

        product_version = self.product_version

        subscribed_on = self.subscribed_on.isoformat()

        start_date = self.start_date.isoformat()

        status = self.status

        insurance_year_start: None | str
        if isinstance(self.insurance_year_start, datetime.date):
            insurance_year_start = self.insurance_year_start.isoformat()
        else:
            insurance_year_start = self.insurance_year_start

        insurance_year_end: None | str
        if isinstance(self.insurance_year_end, datetime.date):
            insurance_year_end = self.insurance_year_end.isoformat()
        else:
            insurance_year_end = self.insurance_year_end

        renews_on: None | str
        if isinstance(self.renews_on, datetime.date):
            renews_on = self.renews_on.isoformat()
        else:
            renews_on = self.renews_on

        pending_end: dict[str, Any] | None
        if isinstance(self.pending_end, PendingEndRead):
            pending_end = self.pending_end.to_dict()
        else:
            pending_end = self.pending_end

        status_periods = []
        for status_periods_item_data in self.status_periods:
            status_periods_item = status_periods_item_data.to_dict()
            status_periods.append(status_periods_item)

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        address: dict[str, Any] | None
        if isinstance(self.address, AddressRead):
            address = self.address.to_dict()
        else:
            address = self.address

        prevention_declarations = self.prevention_declarations.to_dict()

        reasons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reasons, Unset):
            reasons = []
            for reasons_item_data in self.reasons:
                reasons_item = reasons_item_data.to_dict()
                reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_ref": customer_ref,
                "product_code": product_code,
                "product_version": product_version,
                "subscribed_on": subscribed_on,
                "start_date": start_date,
                "status": status,
                "insurance_year_start": insurance_year_start,
                "insurance_year_end": insurance_year_end,
                "renews_on": renews_on,
                "pending_end": pending_end,
                "status_periods": status_periods,
                "members": members,
                "address": address,
                "prevention_declarations": prevention_declarations,
            }
        )
        if reasons is not UNSET:
            field_dict["reasons"] = reasons

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_read import AddressRead  # noqa: PLC0415
        from ..models.affiliation_read_prevention_declarations import (
            AffiliationReadPreventionDeclarations,  # noqa: PLC0415
        )
        from ..models.member_read import MemberRead  # noqa: PLC0415
        from ..models.pending_end_read import PendingEndRead  # noqa: PLC0415
        from ..models.period_read import PeriodRead  # noqa: PLC0415
        from ..models.reason_read import ReasonRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        customer_ref = d.pop("customer_ref")

        product_code = d.pop("product_code")

        product_version = d.pop("product_version")

        subscribed_on = datetime.date.fromisoformat(d.pop("subscribed_on"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        status = d.pop("status")

        def _parse_insurance_year_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                insurance_year_start_type_0 = datetime.date.fromisoformat(data)

                return insurance_year_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        insurance_year_start = _parse_insurance_year_start(
            d.pop("insurance_year_start")
        )

        def _parse_insurance_year_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                insurance_year_end_type_0 = datetime.date.fromisoformat(data)

                return insurance_year_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        insurance_year_end = _parse_insurance_year_end(d.pop("insurance_year_end"))

        def _parse_renews_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                renews_on_type_0 = datetime.date.fromisoformat(data)

                return renews_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        renews_on = _parse_renews_on(d.pop("renews_on"))

        def _parse_pending_end(data: object) -> None | PendingEndRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pending_end_type_0 = PendingEndRead.from_dict(data)

                return pending_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PendingEndRead, data)

        pending_end = _parse_pending_end(d.pop("pending_end"))

        status_periods = []
        _status_periods = d.pop("status_periods")
        for status_periods_item_data in _status_periods:
            status_periods_item = PeriodRead.from_dict(status_periods_item_data)

            status_periods.append(status_periods_item)

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberRead.from_dict(members_item_data)

            members.append(members_item)

        def _parse_address(data: object) -> AddressRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = AddressRead.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AddressRead | None, data)

        address = _parse_address(d.pop("address"))

        prevention_declarations = AffiliationReadPreventionDeclarations.from_dict(
            d.pop("prevention_declarations")
        )

        _reasons = d.pop("reasons", UNSET)
        reasons: list[ReasonRead] | Unset = UNSET
        if _reasons is not UNSET:
            reasons = []
            for reasons_item_data in _reasons:
                reasons_item = ReasonRead.from_dict(reasons_item_data)

                reasons.append(reasons_item)

        affiliation_read = cls(
            id=id,
            customer_ref=customer_ref,
            product_code=product_code,
            product_version=product_version,
            subscribed_on=subscribed_on,
            start_date=start_date,
            status=status,
            insurance_year_start=insurance_year_start,
            insurance_year_end=insurance_year_end,
            renews_on=renews_on,
            pending_end=pending_end,
            status_periods=status_periods,
            members=members,
            address=address,
            prevention_declarations=prevention_declarations,
            reasons=reasons,
        )

        affiliation_read.additional_properties = d
        return affiliation_read

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
