from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.document_read import DocumentRead
    from ..models.limit_read import LimitRead
    from ..models.premium_quote_read import PremiumQuoteRead
    from ..models.privacy_notice_read import PrivacyNoticeRead


T = TypeVar("T", bound="QuoteRead")


@_attrs_define
class QuoteRead:
    """
    Attributes:
        product_code (str):
        product_version (str):
        start_date (datetime.date):
        premium (PremiumQuoteRead):
        limits (list[LimitRead]):
        documents (list[DocumentRead]): The terms the customer must be shown
        terms_token (str): Pass it to POST /affiliations
        valid_until (datetime.datetime):
        privacy_notice (None | PrivacyNoticeRead | Unset): The privacy notice in effect, to present with the terms (GDPR
            art. 13)
    """

    product_code: str
    product_version: str
    start_date: datetime.date
    premium: PremiumQuoteRead
    limits: list[LimitRead]
    documents: list[DocumentRead]
    terms_token: str
    valid_until: datetime.datetime
    privacy_notice: None | PrivacyNoticeRead | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.privacy_notice_read import PrivacyNoticeRead  # noqa: PLC0415

        product_code = self.product_code

        product_version = self.product_version

        start_date = self.start_date.isoformat()

        premium = self.premium.to_dict()

        limits = []
        for limits_item_data in self.limits:
            limits_item = limits_item_data.to_dict()
            limits.append(limits_item)

        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)

        terms_token = self.terms_token

        valid_until = self.valid_until.isoformat()

        privacy_notice: dict[str, Any] | None | Unset
        if isinstance(self.privacy_notice, Unset):
            privacy_notice = UNSET
        elif isinstance(self.privacy_notice, PrivacyNoticeRead):
            privacy_notice = self.privacy_notice.to_dict()
        else:
            privacy_notice = self.privacy_notice

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_code": product_code,
                "product_version": product_version,
                "start_date": start_date,
                "premium": premium,
                "limits": limits,
                "documents": documents,
                "terms_token": terms_token,
                "valid_until": valid_until,
            }
        )
        if privacy_notice is not UNSET:
            field_dict["privacy_notice"] = privacy_notice

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.document_read import DocumentRead  # noqa: PLC0415
        from ..models.limit_read import LimitRead  # noqa: PLC0415
        from ..models.premium_quote_read import PremiumQuoteRead  # noqa: PLC0415
        from ..models.privacy_notice_read import PrivacyNoticeRead  # noqa: PLC0415

        d = dict(src_dict)
        product_code = d.pop("product_code")

        product_version = d.pop("product_version")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        premium = PremiumQuoteRead.from_dict(d.pop("premium"))

        limits = []
        _limits = d.pop("limits")
        for limits_item_data in _limits:
            limits_item = LimitRead.from_dict(limits_item_data)

            limits.append(limits_item)

        documents = []
        _documents = d.pop("documents")
        for documents_item_data in _documents:
            documents_item = DocumentRead.from_dict(documents_item_data)

            documents.append(documents_item)

        terms_token = d.pop("terms_token")

        valid_until = datetime.datetime.fromisoformat(d.pop("valid_until"))

        def _parse_privacy_notice(data: object) -> None | PrivacyNoticeRead | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                privacy_notice_type_0 = PrivacyNoticeRead.from_dict(data)

                return privacy_notice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PrivacyNoticeRead | Unset, data)

        privacy_notice = _parse_privacy_notice(d.pop("privacy_notice", UNSET))

        quote_read = cls(
            product_code=product_code,
            product_version=product_version,
            start_date=start_date,
            premium=premium,
            limits=limits,
            documents=documents,
            terms_token=terms_token,
            valid_until=valid_until,
            privacy_notice=privacy_notice,
        )

        quote_read.additional_properties = d
        return quote_read

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
