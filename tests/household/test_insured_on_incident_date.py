"""Who was insured on an incident's day (Art. 2.1, 2.3, 9.7), as pure rules: a member who left is
insured for every day before leaving and none after; a person who joined is insured from that
day; a housemate is never insured, and only a housemate is refused under Art. 2.3."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cybercare.household.domain import (
    Person,
    Relationship,
    add_member,
    ever_insured,
    member_leaves,
    new_household,
    not_insured_on,
)
from cybercare.kernel.clauses import Art
from cybercare.product.catalog import reference_product
from tests.policy.builders import address

FAMILY = reference_product().household.family_relationships
START = date(2025, 1, 6)
AN = Person("an", "An", "Peeters", date(1980, 5, 1), "nl")
CAS = Person("cas", "Cas", "Peeters", date(2000, 3, 4), "nl")
FRANK = Person("frank", "Frank", "Janssens", date(1990, 1, 1), "fr")


@given(
    joined=st.integers(min_value=0, max_value=300),
    stayed=st.integers(min_value=1, max_value=300),
    incident=st.integers(min_value=0, max_value=900),
)
def test_art_2_1_a_member_is_insured_exactly_on_the_days_of_membership(
    joined: int, stayed: int, incident: int
) -> None:
    joined_on = START + timedelta(days=joined)
    left_on = joined_on + timedelta(days=stayed)
    household = new_household(AN, address(), START)
    household = add_member(household, CAS, Relationship.CHILD, joined_on, FAMILY).household
    household = member_leaves(household, CAS.person_id, left_on).household
    day = START + timedelta(days=incident)
    expected = None if joined_on <= day < left_on else Art("2.1")
    assert not_insured_on(household, CAS.person_id, day, FAMILY) == expected
    assert ever_insured(household, CAS.person_id, FAMILY)


@given(incident=st.integers(min_value=0, max_value=900))
def test_art_2_3_only_a_housemate_living_there_that_day_is_refused_under_2_3(
    incident: int,
) -> None:
    household = new_household(AN, address(), START)
    household = add_member(
        household, FRANK, Relationship.OTHER, START, FAMILY, insured=False
    ).household
    household = member_leaves(household, FRANK.person_id, START + timedelta(days=400)).household
    day = START + timedelta(days=incident)
    expected = Art("2.3") if incident < 400 else Art("2.1")
    assert not_insured_on(household, FRANK.person_id, day, FAMILY) == expected
    assert not ever_insured(household, FRANK.person_id, FAMILY)
