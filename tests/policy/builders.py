"""Builders for household and policy scenarios: plain functions with keyword defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from cybercare.household.domain import Address, Household, Person, new_household
from cybercare.policy.domain import Affiliation, subscribe
from cybercare.product.catalog import reference_product
from cybercare.product.model import ProductVersion

SUBSCRIBED_ON = date(2024, 1, 15)


def product(**changes: Any) -> ProductVersion:
    """The reference product (Cyber Care Belgium 2021-12), with `changes` to its fields."""
    return replace(reference_product(), **changes)


def family(product_version: ProductVersion | None = None) -> tuple[str, ...]:
    return (product_version or reference_product()).household.family_relationships


def declarations(product_version: ProductVersion | None = None, **answers: bool) -> dict[str, bool]:
    """Every prevention obligation of Art. 7.1 answered "yes", except the ones in `answers`."""
    items = (product_version or reference_product()).obligations.items
    return {item.code: answers.get(item.code, True) for item in items}


def affiliation(
    *,
    affiliation_id: str = "aff_1",
    subscribed_on: date = SUBSCRIBED_ON,
    start_date: date | None = None,
    product_version: ProductVersion | None = None,
) -> Affiliation:
    """A fresh affiliation, active from `start_date` (default: the subscription date)."""
    version = product_version or reference_product()
    return subscribe(
        affiliation_id,
        version,
        subscribed_on,
        start_date or subscribed_on,
        declarations(version),
    ).affiliation


def person(
    *,
    person_id: str = "p_affiliate",
    given_name: str = "An",
    family_name: str = "Peeters",
    birth_date: date = date(1980, 5, 1),
    language: str = "nl",
    email: str | None = None,
    phone: str | None = None,
    national_register_number: str | None = None,
) -> Person:
    return Person(
        person_id=person_id,
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        language=language,
        email=email,
        phone=phone,
        national_register_number=national_register_number,
    )


def address(
    *,
    street: str = "Rue de la Loi",
    number: str = "16",
    postcode: str = "1000",
    city: str = "Brussels",
    country: str = "BE",
    box: str | None = None,
) -> Address:
    return Address(street, number, postcode, city, country, box)


def household(
    *,
    start_date: date = SUBSCRIBED_ON,
    affiliate: Person | None = None,
    at: Address | None = None,
) -> Household:
    """The household at subscription: the affiliate alone at the address."""
    return new_household(affiliate or person(), at or address(), start_date)
