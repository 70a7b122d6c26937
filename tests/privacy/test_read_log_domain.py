"""The read log's rules, pure: the function a read is made in, a purpose with its case, and
whose reads a member sees (Art. 11.3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.household.domain import Person, Relationship, add_member, new_household
from cybercare.identity.domain import Principal, Role, UserKind
from cybercare.kernel.errors import InvalidInput
from cybercare.privacy.read_log import (
    FUNCTION_ORDER,
    Read,
    ReadKind,
    ReadLogRefused,
    ReadPurpose,
    affiliation_file_read,
    persons_whose_reads_they_see,
    staff_function,
)
from cybercare.product.catalog import reference_product
from tests.policy.builders import address

TODAY = date(2026, 11, 27)
START = date(2025, 1, 6)


def _household():  # type: ignore[no-untyped-def]
    family = reference_product().household.family_relationships
    an = Person("per_an", "An", "Peeters", date(1980, 5, 1), "nl")
    household = new_household(an, address(), START)
    for person, relationship in (
        (Person("per_bram", "Bram", "Peeters", date(1979, 2, 3), "nl"), Relationship.PARTNER),
        (Person("per_cas", "Cas", "Peeters", date(2000, 3, 4), "nl"), Relationship.CHILD),
        (Person("per_dina", "Dina", "Peeters", date(2014, 6, 7), "nl"), Relationship.CHILD),
    ):
        household = add_member(household, person, relationship, START, family).household
    return household


def _member(person_id: str) -> Principal:
    return Principal(
        "u_" + person_id, UserKind.MEMBER, person_id, "nl", person_id=person_id, household_id="hh"
    )


@given(st.sets(st.sampled_from(list(Role)), min_size=1), st.sampled_from(list(ReadKind)))
def test_a_read_is_made_in_one_of_the_roles_the_staff_member_holds(
    roles: set[Role], kind: ReadKind
) -> None:
    assert staff_function(roles, kind) in roles


def test_art_11_2_psychological_notes_are_read_as_the_psychologist() -> None:
    roles = {Role.SUPERVISOR, Role.PSYCHOLOGICAL, Role.LEGAL}
    assert staff_function(roles, ReadKind.PSYCHOLOGICAL_NOTES) is Role.PSYCHOLOGICAL
    assert staff_function({Role.LEGAL, Role.SUPERVISOR}, ReadKind.CASE) is Role.LEGAL
    assert FUNCTION_ORDER[-1] is Role.ADMIN


def test_a_person_without_a_role_reads_in_no_function() -> None:
    with pytest.raises(InvalidInput):
        staff_function(set(), ReadKind.CASE)


@pytest.mark.parametrize("purpose", [ReadPurpose.CASE, ReadPurpose.CLAIM])
def test_a_read_for_a_case_or_a_claim_names_its_case(purpose: ReadPurpose) -> None:
    with pytest.raises(InvalidInput):
        Read(ReadKind.CASE, purpose, "hh", ("per_an",))


def test_a_search_names_no_case() -> None:
    with pytest.raises(InvalidInput):
        Read(ReadKind.AFFILIATION_FILE, ReadPurpose.SEARCH, "hh", ("per_an",), "case_1")


@pytest.mark.parametrize(
    ("opened_from", "purpose"),
    [
        ("search", ReadPurpose.SEARCH),
        ("dashboard", ReadPurpose.DASHBOARD),
        ("", ReadPurpose.LOOKUP),
        ("x", ReadPurpose.LOOKUP),
    ],
)
def test_the_household_file_says_where_it_was_opened_from(
    opened_from: str, purpose: ReadPurpose
) -> None:
    assert affiliation_file_read("hh", ("per_an",), opened_from).purpose is purpose


def test_art_11_3_the_affiliate_sees_their_own_reads_and_the_minors() -> None:
    assert persons_whose_reads_they_see(_member("per_an"), _household(), TODAY) == {
        "per_an",
        "per_dina",
    }


def test_art_11_3_an_adult_child_sees_only_their_own_reads() -> None:
    assert persons_whose_reads_they_see(_member("per_cas"), _household(), TODAY) == {"per_cas"}


def test_art_11_3_a_minor_turned_adult_is_no_longer_represented() -> None:
    later = date(2032, 6, 7)  # Dina's 18th birthday
    assert persons_whose_reads_they_see(_member("per_an"), _household(), later) == {"per_an"}


def test_art_11_3_staff_are_refused_the_members_view() -> None:
    staff = Principal("u_staff", UserKind.STAFF, "Staff", "nl", roles=frozenset({Role.ADMIN}))
    with pytest.raises(ReadLogRefused):
        persons_whose_reads_they_see(staff, _household(), TODAY)
