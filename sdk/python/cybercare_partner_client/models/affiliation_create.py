from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_in import AddressIn
    from ..models.affiliate_in import AffiliateIn
    from ..models.affiliation_create_prevention_declarations import (
        AffiliationCreatePreventionDeclarations,
    )
    from ..models.mandate_create import MandateCreate
    from ..models.member_in import MemberIn


T = TypeVar("T", bound="AffiliationCreate")


@_attrs_define
class AffiliationCreate:
    """
    Attributes:
        customer_ref (str): The distributor's customer reference
        terms_token (str): From POST /quotes: proof the customer saw the terms
        start_date (datetime.date): Activation date, not before today (Art. 3.2)
        affiliate (AffiliateIn):
        address (AddressIn):
        prevention_declarations (AffiliationCreatePreventionDeclarations): Answers to each prevention obligation of Art.
            7.1
        members (list[MemberIn] | Unset):
        privacy_notice_version (None | str | Unset): The privacy notice version (GDPR art. 13) presented to the customer
            with the quote (`privacy_notice.version`): recorded as shown to the affiliate. Omitted: the affiliate reads the
            notice in the portal at their first visit
        mandate (MandateCreate | None | Unset): A SEPA Core mandate signed on paper: the premiums are then collected by
            direct debit by the insurer instead of billed by the distributor
    """

    customer_ref: str
    terms_token: str
    start_date: datetime.date
    affiliate: AffiliateIn
    address: AddressIn
    prevention_declarations: AffiliationCreatePreventionDeclarations
    members: list[MemberIn] | Unset = UNSET
    privacy_notice_version: None | str | Unset = UNSET
    mandate: MandateCreate | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.mandate_create import MandateCreate  # noqa: PLC0415

        customer_ref = self.customer_ref

        terms_token = self.terms_token

        start_date = self.start_date.isoformat()

        affiliate = self.affiliate.to_dict()

        address = self.address.to_dict()

        prevention_declarations = self.prevention_declarations.to_dict()

        members: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = []
            for members_item_data in self.members:
                members_item = members_item_data.to_dict()
                members.append(members_item)

        privacy_notice_version: None | str | Unset
        if isinstance(self.privacy_notice_version, Unset):
            privacy_notice_version = UNSET
        else:
            privacy_notice_version = self.privacy_notice_version

        mandate: dict[str, Any] | None | Unset
        if isinstance(self.mandate, Unset):
            mandate = UNSET
        elif isinstance(self.mandate, MandateCreate):
            mandate = self.mandate.to_dict()
        else:
            mandate = self.mandate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customer_ref": customer_ref,
                "terms_token": terms_token,
                "start_date": start_date,
                "affiliate": affiliate,
                "address": address,
                "prevention_declarations": prevention_declarations,
            }
        )
        if members is not UNSET:
            field_dict["members"] = members
        if privacy_notice_version is not UNSET:
            field_dict["privacy_notice_version"] = privacy_notice_version
        if mandate is not UNSET:
            field_dict["mandate"] = mandate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_in import AddressIn  # noqa: PLC0415
        from ..models.affiliate_in import AffiliateIn  # noqa: PLC0415
        from ..models.affiliation_create_prevention_declarations import (
            AffiliationCreatePreventionDeclarations,  # noqa: PLC0415
        )
        from ..models.mandate_create import MandateCreate  # noqa: PLC0415
        from ..models.member_in import MemberIn  # noqa: PLC0415

        d = dict(src_dict)
        customer_ref = d.pop("customer_ref")

        terms_token = d.pop("terms_token")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        affiliate = AffiliateIn.from_dict(d.pop("affiliate"))

        address = AddressIn.from_dict(d.pop("address"))

        prevention_declarations = AffiliationCreatePreventionDeclarations.from_dict(
            d.pop("prevention_declarations")
        )

        _members = d.pop("members", UNSET)
        members: list[MemberIn] | Unset = UNSET
        if _members is not UNSET:
            members = []
            for members_item_data in _members:
                members_item = MemberIn.from_dict(members_item_data)

                members.append(members_item)

        def _parse_privacy_notice_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        privacy_notice_version = _parse_privacy_notice_version(
            d.pop("privacy_notice_version", UNSET)
        )

        def _parse_mandate(data: object) -> MandateCreate | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mandate_type_0 = MandateCreate.from_dict(data)

                return mandate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MandateCreate | None | Unset, data)

        mandate = _parse_mandate(d.pop("mandate", UNSET))

        affiliation_create = cls(
            customer_ref=customer_ref,
            terms_token=terms_token,
            start_date=start_date,
            affiliate=affiliate,
            address=address,
            prevention_declarations=prevention_declarations,
            members=members,
            privacy_notice_version=privacy_notice_version,
            mandate=mandate,
        )

        return affiliation_create
