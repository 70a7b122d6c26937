"""Request and response shapes of SEPA direct-debit mandates in the distributor API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercare.api.schemas.days import InputDate
from cybercare.billing.mandate_service import MandateDetails, MandateView


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Reference = Annotated[str, StringConstraints(min_length=1, max_length=35)]
Holder = Annotated[str, StringConstraints(min_length=1, max_length=70)]
Iban = Annotated[str, StringConstraints(min_length=15, max_length=42)]
Bic = Annotated[str, StringConstraints(min_length=8, max_length=11)]


class MandateCreate(Strict):
    """A SEPA Core mandate the affiliate signed on paper (EPC SDD Core rulebook)."""

    reference: Reference = Field(
        description="Unique mandate reference: A-Z a-z 0-9 / - ? : ( ) . , ' + (no space)",
        examples=["PXM-2026-000123"],
    )
    holder: Holder = Field(description="The account holder's name", examples=["An Peeters"])
    iban: Iban = Field(examples=["BE71096123456769"])
    bic: Bic | None = Field(
        default=None, description="Optional: the BIC of the IBAN's bank code (derived if omitted)"
    )
    signature_date: InputDate = Field(
        description="The date the mandate was signed, not in the future"
    )

    def details(self) -> MandateDetails:
        return MandateDetails(self.reference, self.holder, self.iban, self.signature_date, self.bic)


class MandateUpdate(Strict):
    """An amendment: a new account and/or holder. The next collection reports it."""

    holder: Holder | None = None
    iban: Iban | None = None
    bic: Bic | None = None


class MandateRead(BaseModel):
    reference: str
    affiliation_id: str
    holder: str
    iban: str
    bic: str
    signature_date: date
    channel: Literal["paper", "e_mandate"]
    status: Literal["active", "amended", "cancelled", "lapsed"]
    amendment_pending: bool = Field(description="The next collection carries the amendment")
    last_collection_on: date | None
    lapses_on: date | None = Field(description="36 months without a collection (EPC rulebook)")
    ended_on: date | None
    consent_at: datetime | None


def mandate_read(view: MandateView) -> MandateRead:
    return MandateRead(
        reference=view.reference,
        affiliation_id=view.affiliation_id,
        holder=view.holder_name,
        iban=view.iban,
        bic=view.bic,
        signature_date=view.signature_date,
        channel=view.channel,
        status=view.status,
        amendment_pending=view.amendment_pending,
        last_collection_on=view.last_collection_on,
        lapses_on=view.lapses_on,
        ended_on=view.ended_on,
        consent_at=view.consent_at,
    )
