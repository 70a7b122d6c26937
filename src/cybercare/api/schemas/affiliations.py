"""Request and response shapes of the distributor's affiliation API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from cybercare.api.schemas.days import InputDate
from cybercare.api.schemas.mandates import MandateCreate
from cybercare.household import validation
from cybercare.kernel.clauses import Reason
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.money import format_amount
from cybercare.policy.lifecycle import TerminationPreview, WithdrawalPreview
from cybercare.policy.views import AffiliationView

Language = Literal["nl", "fr", "de", "en"]
Relationship = Literal[
    "spouse",
    "partner",
    "child",
    "parent",
    "grandparent",
    "grandchild",
    "sibling",
    "partner_child",
    "partner_parent",
    "partner_grandparent",
    "partner_grandchild",
    "partner_sibling",
    "other",
]
CustomerRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


def _check(func: object, value: object, *args: object) -> object:
    """Run a validator of cybercare.household.validation and turn its refusal into a field error."""
    try:
        return func(value, *args, "value")  # type: ignore[operator]
    except InvalidInput as error:
        raise ValueError(error.reason) from None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AddressIn(Strict):
    street: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    number: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    box: Annotated[str, StringConstraints(max_length=20)] | None = None
    postcode: str = Field(examples=["1000"])
    city: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    country: Literal["BE"] = Field(
        default="BE", description="The insured household lives in Belgium (Art. 3.3)"
    )

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        return str(_check(validation.belgian_postcode, value))


class PersonIn(Strict):
    given_name: str = Field(examples=["Marie"])
    family_name: str = Field(examples=["Dubois"])
    birth_date: InputDate = Field(examples=["1984-05-17"])
    language: Language = Field(default="nl", description="Art. 11.4")
    email: str | None = Field(default=None, examples=["marie.dubois@example.be"])
    phone: str | None = Field(default=None, examples=["+32 470 12 34 56"])
    national_register_number: str | None = Field(
        default=None, description="Optional Belgian national register number"
    )

    @field_validator("given_name", "family_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return str(_check(validation.person_name, value))

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else str(_check(validation.email_address, value))

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else str(_check(validation.phone_number, value))


class MemberIn(PersonIn):
    relationship: Relationship = Field(
        description="Relationship to the affiliate (Art. 2.2); `other` is a housemate who is "
        "recorded but not insured (Art. 2.3)"
    )


class AffiliateIn(PersonIn):
    email: str = Field(examples=["marie.dubois@example.be"])


class AffiliationCreate(Strict):
    customer_ref: CustomerRef = Field(description="The distributor's customer reference")
    terms_token: str = Field(description="From POST /quotes: proof the customer saw the terms")
    start_date: InputDate = Field(description="Activation date, not before today (Art. 3.2)")
    affiliate: AffiliateIn
    members: list[MemberIn] = Field(default_factory=list, max_length=30)
    address: AddressIn
    prevention_declarations: dict[str, bool] = Field(
        description="Answers to each prevention obligation of Art. 7.1",
        examples=[
            {
                "credentials_kept_in_household": True,
                "pays_on_secure_pages": True,
                "effective_antivirus": True,
                "no_suspicious_emails_opened": True,
                "balances_checked_biweekly": True,
            }
        ],
    )
    privacy_notice_version: str | None = Field(
        default=None,
        max_length=20,
        description=(
            "The privacy notice version (GDPR art. 13) presented to the customer with the quote "
            "(`privacy_notice.version`): recorded as shown to the affiliate. Omitted: the "
            "affiliate reads the notice in the portal at their first visit"
        ),
        examples=["2025-01"],
    )
    mandate: MandateCreate | None = Field(
        default=None,
        description=(
            "A SEPA Core mandate signed on paper: the premiums are then collected by direct "
            "debit by the insurer instead of billed by the distributor"
        ),
    )


class MemberCreate(MemberIn):
    joined_on: InputDate = Field(description="Effective date of joining the household (Art. 9.7)")


class MemberDeparture(Strict):
    left_on: InputDate = Field(description="First day the person no longer lives there (Art. 9.7)")


class HouseholdMove(Strict):
    address: AddressIn
    moved_on: InputDate = Field(description="First day at the new main residence (Art. 9.7)")
    moving: list[str] | None = Field(
        default=None,
        description="Person ids who move; the others leave the household that day. "
        "Omitted: everyone moves.",
    )


class AffiliateSuccession(Strict):
    died_on: InputDate
    new_affiliate_id: str = Field(description="An adult insured member who takes over")
    relationships: dict[str, Relationship] = Field(
        description="Each other member's relationship to the new affiliate (Art. 2.2)"
    )


class WithdrawalCreate(Strict):
    notified_on: InputDate | None = Field(default=None, description="Default: today")


class TerminationCreate(Strict):
    notice_on: InputDate | None = Field(default=None, description="Default: today")
    by: Literal["affiliate", "distributor"] = Field(
        default="affiliate",
        description="`affiliate`: termination with notice (Art. 9.4); "
        "`distributor`: non-renewal at the end of the insurance year (Art. 9.5)",
    )


class ReasonRead(BaseModel):
    code: str
    article: str
    params: dict[str, object]


class MemberRead(BaseModel):
    person_id: str
    given_name: str
    family_name: str
    birth_date: date
    language: str
    relationship: str
    insured: bool
    joined_on: date
    left_on: date | None


class AddressRead(BaseModel):
    street: str
    number: str
    box: str | None
    postcode: str
    city: str
    country: str


class PeriodRead(BaseModel):
    status: str
    start_date: date
    end_date: date | None
    article: str | None


class PendingEndRead(BaseModel):
    notice_on: date
    effective_date: date
    by: str
    article: str


class AffiliationRead(BaseModel):
    id: str
    customer_ref: str
    product_code: str
    product_version: str
    subscribed_on: date
    start_date: date
    status: str = Field(description="active, suspended, withdrawn, terminated or pending_start")
    insurance_year_start: date | None
    insurance_year_end: date | None = Field(description="Last day of the insurance year")
    renews_on: date | None = Field(description="Next tacit renewal (Art. 9.2)")
    pending_end: PendingEndRead | None
    status_periods: list[PeriodRead]
    members: list[MemberRead]
    address: AddressRead | None
    prevention_declarations: dict[str, bool]
    reasons: list[ReasonRead] = Field(default_factory=list)


class WithdrawalRead(BaseModel):
    affiliation_id: str
    notified_on: date
    deadline: date = Field(description="Last day to withdraw (Art. 9.3)")
    effective_date: date
    article: str
    covered_days: int
    premium_due: str
    charged: str
    refund: str = Field(examples=["2.33"])
    refund_due_by: date
    reasons: list[ReasonRead]


class TerminationRead(BaseModel):
    affiliation_id: str
    by: str
    notice_on: date
    effective_date: date
    article: str
    reasons: list[ReasonRead]


def reasons_read(reasons: tuple[Reason, ...]) -> list[ReasonRead]:
    return [ReasonRead(**reason.as_dict()) for reason in reasons]


def affiliation_read(view: AffiliationView) -> AffiliationRead:
    year = view.insurance_year
    pending = view.pending_end
    address = view.address
    return AffiliationRead(
        id=view.affiliation_id,
        customer_ref=view.customer_ref,
        product_code=view.product_code,
        product_version=view.product_version,
        subscribed_on=view.subscribed_on,
        start_date=view.start_date,
        status=view.status,
        insurance_year_start=year.start if year else None,
        insurance_year_end=year.last_day if year else None,
        renews_on=view.renews_on,
        pending_end=PendingEndRead(
            notice_on=pending.notice_on,
            effective_date=pending.effective_date,
            by=pending.by.value,
            article=str(pending.article),
        )
        if pending
        else None,
        status_periods=[
            PeriodRead(
                status=p.status.value,
                start_date=p.start,
                end_date=p.end - timedelta(days=1) if p.end else None,
                article=str(p.article) if p.article else None,
            )
            for p in view.periods
        ],
        members=[
            MemberRead(
                person_id=m.person_id,
                given_name=m.given_name,
                family_name=m.family_name,
                birth_date=m.birth_date,
                language=m.language,
                relationship=m.relationship.value,
                insured=m.insured,
                joined_on=m.joined_on,
                left_on=m.left_on,
            )
            for m in view.members
        ],
        address=AddressRead(
            street=address.street,
            number=address.number,
            box=address.box,
            postcode=address.postcode,
            city=address.city,
            country=address.country,
        )
        if address
        else None,
        prevention_declarations=view.prevention_declarations,
        reasons=reasons_read(view.reasons),
    )


def withdrawal_read(preview: WithdrawalPreview) -> WithdrawalRead:
    return WithdrawalRead(
        affiliation_id=preview.affiliation_id,
        notified_on=preview.notified_on,
        deadline=preview.deadline,
        effective_date=preview.effective_date,
        article=str(preview.article),
        covered_days=preview.covered_days,
        premium_due=format_amount(preview.premium_due_cents),
        charged=format_amount(preview.charged_cents),
        refund=format_amount(preview.refund_cents),
        refund_due_by=preview.refund_due_by,
        reasons=reasons_read(preview.reasons),
    )


def termination_read(preview: TerminationPreview) -> TerminationRead:
    return TerminationRead(
        affiliation_id=preview.affiliation_id,
        by=preview.by.value,
        notice_on=preview.notice_on,
        effective_date=preview.effective_date,
        article=str(preview.article),
        reasons=reasons_read(preview.reasons),
    )
