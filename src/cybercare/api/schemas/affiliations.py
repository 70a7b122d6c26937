"""Request and response shapes of the distributor's affiliation API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from cybercare.household import validation
from cybercare.kernel.errors import InvalidInput

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
    birth_date: date = Field(examples=["1984-05-17"])
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
    start_date: date = Field(description="Activation date, not before today (Art. 3.2)")
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
