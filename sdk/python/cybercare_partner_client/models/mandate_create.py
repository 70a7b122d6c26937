from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MandateCreate")


@_attrs_define
class MandateCreate:
    """A SEPA Core mandate the affiliate signed on paper (EPC SDD Core rulebook).

    Attributes:
        reference (str): Unique mandate reference: A-Z a-z 0-9 / - ? : ( ) . , ' + (no space)
        holder (str): The account holder's name
        iban (str):
        signature_date (datetime.date): The date the mandate was signed, not in the future
        bic (None | str | Unset): Optional: the BIC of the IBAN's bank code (derived if omitted)
    """

    reference: str
    holder: str
    iban: str
    signature_date: datetime.date
    bic: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        holder = self.holder

        iban = self.iban

        signature_date = self.signature_date.isoformat()

        bic: None | str | Unset
        if isinstance(self.bic, Unset):
            bic = UNSET
        else:
            bic = self.bic

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference": reference,
                "holder": holder,
                "iban": iban,
                "signature_date": signature_date,
            }
        )
        if bic is not UNSET:
            field_dict["bic"] = bic

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reference = d.pop("reference")

        holder = d.pop("holder")

        iban = d.pop("iban")

        signature_date = datetime.date.fromisoformat(d.pop("signature_date"))

        def _parse_bic(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bic = _parse_bic(d.pop("bic", UNSET))

        mandate_create = cls(
            reference=reference,
            holder=holder,
            iban=iban,
            signature_date=signature_date,
            bic=bic,
        )

        return mandate_create
