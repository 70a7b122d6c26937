from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mandate_read_channel import MandateReadChannel
from ..models.mandate_read_status import MandateReadStatus

T = TypeVar("T", bound="MandateRead")


@_attrs_define
class MandateRead:
    """
    Attributes:
        reference (str):
        affiliation_id (str):
        holder (str):
        iban (str):
        bic (str):
        signature_date (datetime.date):
        channel (MandateReadChannel):
        status (MandateReadStatus):
        amendment_pending (bool): The next collection carries the amendment
        last_collection_on (datetime.date | None):
        lapses_on (datetime.date | None): 36 months without a collection (EPC rulebook)
        ended_on (datetime.date | None):
        consent_at (datetime.datetime | None):
    """

    reference: str
    affiliation_id: str
    holder: str
    iban: str
    bic: str
    signature_date: datetime.date
    channel: MandateReadChannel
    status: MandateReadStatus
    amendment_pending: bool
    last_collection_on: datetime.date | None
    lapses_on: datetime.date | None
    ended_on: datetime.date | None
    consent_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        affiliation_id = self.affiliation_id

        holder = self.holder

        iban = self.iban

        bic = self.bic

        signature_date = self.signature_date.isoformat()

        channel = self.channel.value

        status = self.status.value

        amendment_pending = self.amendment_pending

        last_collection_on: None | str
        if isinstance(self.last_collection_on, datetime.date):
            last_collection_on = self.last_collection_on.isoformat()
        else:
            last_collection_on = self.last_collection_on

        lapses_on: None | str
        if isinstance(self.lapses_on, datetime.date):
            lapses_on = self.lapses_on.isoformat()
        else:
            lapses_on = self.lapses_on

        ended_on: None | str
        if isinstance(self.ended_on, datetime.date):
            ended_on = self.ended_on.isoformat()
        else:
            ended_on = self.ended_on

        consent_at: None | str
        if isinstance(self.consent_at, datetime.datetime):
            consent_at = self.consent_at.isoformat()
        else:
            consent_at = self.consent_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reference": reference,
                "affiliation_id": affiliation_id,
                "holder": holder,
                "iban": iban,
                "bic": bic,
                "signature_date": signature_date,
                "channel": channel,
                "status": status,
                "amendment_pending": amendment_pending,
                "last_collection_on": last_collection_on,
                "lapses_on": lapses_on,
                "ended_on": ended_on,
                "consent_at": consent_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reference = d.pop("reference")

        affiliation_id = d.pop("affiliation_id")

        holder = d.pop("holder")

        iban = d.pop("iban")

        bic = d.pop("bic")

        signature_date = datetime.date.fromisoformat(d.pop("signature_date"))

        channel = MandateReadChannel(d.pop("channel"))

        status = MandateReadStatus(d.pop("status"))

        amendment_pending = d.pop("amendment_pending")

        def _parse_last_collection_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_collection_on_type_0 = datetime.date.fromisoformat(data)

                return last_collection_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        last_collection_on = _parse_last_collection_on(d.pop("last_collection_on"))

        def _parse_lapses_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lapses_on_type_0 = datetime.date.fromisoformat(data)

                return lapses_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        lapses_on = _parse_lapses_on(d.pop("lapses_on"))

        def _parse_ended_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_on_type_0 = datetime.date.fromisoformat(data)

                return ended_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ended_on = _parse_ended_on(d.pop("ended_on"))

        def _parse_consent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consent_at_type_0 = datetime.datetime.fromisoformat(data)

                return consent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        consent_at = _parse_consent_at(d.pop("consent_at"))

        mandate_read = cls(
            reference=reference,
            affiliation_id=affiliation_id,
            holder=holder,
            iban=iban,
            bic=bic,
            signature_date=signature_date,
            channel=channel,
            status=status,
            amendment_pending=amendment_pending,
            last_collection_on=last_collection_on,
            lapses_on=lapses_on,
            ended_on=ended_on,
            consent_at=consent_at,
        )

        mandate_read.additional_properties = d
        return mandate_read

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
