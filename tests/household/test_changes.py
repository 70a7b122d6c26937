"""Art. 9.7 moves and the death of the affiliate; Art. 2.4 minors and their representatives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cybercare.household.domain import (
    Household,
    HouseholdChangeKind,
    Person,
    Relationship,
    add_member,
    address_on,
    affiliate_dies,
    affiliate_on,
    insured_on,
    is_minor,
    legal_representatives_of,
    living_there_on,
    move_household,
)
from cybercare.kernel.errors import Conflict, InvalidInput
from tests.policy.builders import address, family, household, person

START = date(2024, 1, 15)
DIED = date(2024, 6, 10)
NEXT_DAY = DIED + timedelta(days=1)
SPOUSE = person(person_id="p_spouse", given_name="Bart", birth_date=date(1979, 2, 3))
CHILD = person(person_id="p_child", given_name="Dirk", birth_date=date(2006, 6, 10))  # 18 on DIED
MOTHER = person(person_id="p_mother", given_name="Els", birth_date=date(1950, 1, 1))
SISTER_IN_LAW = person(person_id="p_sister_in_law", given_name="Fien")
FLATMATE = person(person_id="p_flatmate", given_name="Chris")
NEW_HOME = address(street="Meir", number="1", postcode="2000", city="Antwerpen")


def _ids(people: tuple[Person, ...]) -> list[str]:
    return [p.person_id for p in people]


def _family_home() -> Household:
    home = household()
    for member, relationship in (
        (SPOUSE, Relationship.SPOUSE),
        (CHILD, Relationship.CHILD),
        (MOTHER, Relationship.PARENT),
        (SISTER_IN_LAW, Relationship.PARTNER_SIBLING),
    ):
        home = add_member(home, member, relationship, START, family()).household
    return add_member(home, FLATMATE, Relationship.OTHER, START, family(), insured=False).household


RELATIVE_TO_SPOUSE = {
    "p_child": Relationship.CHILD,
    "p_mother": Relationship.OTHER,  # the late affiliate's mother is no family of the spouse
    "p_sister_in_law": Relationship.SIBLING,
    "p_flatmate": Relationship.OTHER,
}


# --- moving (Art. 9.7, 3.3) -----------------------------------------------------------------


def test_art_9_7_move_sets_the_new_address_and_members_who_stay_behind_leave() -> None:
    moved_on = date(2024, 7, 1)
    update = move_household(_family_home(), NEW_HOME, moved_on, {"p_spouse"}, ("BE",))
    home = update.household
    assert address_on(home, moved_on - timedelta(days=1)) == address()
    assert address_on(home, moved_on) == NEW_HOME
    assert _ids(living_there_on(home, moved_on - timedelta(days=1))) == [
        "p_affiliate",
        "p_spouse",
        "p_child",
        "p_mother",
        "p_sister_in_law",
        "p_flatmate",
    ]
    assert _ids(living_there_on(home, moved_on)) == ["p_affiliate", "p_spouse"]
    kinds = [(c.kind, c.person_id) for c in update.changes]
    assert kinds == [
        (HouseholdChangeKind.ADDRESS_CHANGED, None),
        (HouseholdChangeKind.MEMBER_LEFT, "p_child"),
        (HouseholdChangeKind.MEMBER_LEFT, "p_mother"),
        (HouseholdChangeKind.MEMBER_LEFT, "p_sister_in_law"),
        (HouseholdChangeKind.MEMBER_LEFT, "p_flatmate"),
    ]
    assert all(c.effective_date == moved_on for c in update.changes)


def test_art_3_3_a_move_abroad_is_refused() -> None:
    abroad = address(street="Rue de Rivoli", postcode="75001", city="Paris", country="FR")
    with pytest.raises(Conflict) as refused:
        move_household(household(), abroad, date(2024, 7, 1), (), ("BE",))
    assert refused.value.code == "household.residence_abroad"
    assert refused.value.clause == "Art. 3.3"


def test_art_9_7_a_move_must_follow_the_current_address() -> None:
    with pytest.raises(Conflict) as refused:
        move_household(household(), NEW_HOME, START, (), ("BE",))
    assert refused.value.code == "household.move_out_of_order"
    moved = move_household(household(), NEW_HOME, date(2024, 7, 1), (), ("BE",)).household
    assert len(moved.addresses) == 2


def test_art_9_7_only_members_can_move_along() -> None:
    with pytest.raises(InvalidInput) as refused:
        move_household(household(), NEW_HOME, date(2024, 7, 1), {"p_stranger"}, ("BE",))
    assert refused.value.field == "moving"


# --- death of the affiliate (Art. 9.7) ------------------------------------------------------


def test_art_9_7_on_death_an_adult_member_takes_over_and_the_contract_follows() -> None:
    update = affiliate_dies(_family_home(), DIED, "p_spouse", RELATIVE_TO_SPOUSE, family())
    home = update.household
    assert affiliate_on(home, DIED) == person()
    assert affiliate_on(home, NEXT_DAY) == SPOUSE
    assert [(m.person_id, m.joined_on, m.left_on) for m in home.affiliates] == [
        ("p_affiliate", START, NEXT_DAY),
        ("p_spouse", NEXT_DAY, None),
    ]
    assert _ids(insured_on(home, DIED, family())) == [
        "p_affiliate",
        "p_spouse",
        "p_child",
        "p_mother",
        "p_sister_in_law",
    ]
    assert sorted(_ids(insured_on(home, NEXT_DAY, family()))) == [
        "p_child",
        "p_sister_in_law",
        "p_spouse",
    ]
    assert "p_mother" in _ids(living_there_on(home, NEXT_DAY))  # a housemate now (Art. 2.3)
    changes = [
        (c.kind, c.person_id, c.effective_date, c.relationship, c.insured) for c in update.changes
    ]
    assert changes == [
        (HouseholdChangeKind.AFFILIATE_DIED, "p_affiliate", DIED, Relationship.AFFILIATE, False),
        (
            HouseholdChangeKind.AFFILIATE_REPLACED,
            "p_spouse",
            NEXT_DAY,
            Relationship.AFFILIATE,
            True,
        ),
        (
            HouseholdChangeKind.RELATIONSHIP_REDECLARED,
            "p_mother",
            NEXT_DAY,
            Relationship.OTHER,
            False,
        ),
        (
            HouseholdChangeKind.RELATIONSHIP_REDECLARED,
            "p_sister_in_law",
            NEXT_DAY,
            Relationship.SIBLING,
            True,
        ),
    ]


def test_art_9_7_the_history_before_the_death_is_kept() -> None:
    before = _family_home()
    after = affiliate_dies(before, DIED, "p_spouse", RELATIVE_TO_SPOUSE, family()).household
    for day in (START, DIED):
        assert insured_on(after, day, family()) == insured_on(before, day, family())


@pytest.mark.parametrize(
    ("died_on", "accepted"),
    [(DIED - timedelta(days=1), False), (DIED, True), (DIED + timedelta(days=1), True)],
)
def test_art_9_7_the_new_affiliate_must_be_18_on_the_day_of_death(
    died_on: date, accepted: bool
) -> None:
    relative_to_child = {
        "p_spouse": Relationship.PARENT,
        "p_mother": Relationship.GRANDPARENT,
        "p_sister_in_law": Relationship.OTHER,
        "p_flatmate": Relationship.OTHER,
    }
    if accepted:
        home = affiliate_dies(_family_home(), died_on, "p_child", relative_to_child, family())
        assert affiliate_on(home.household, died_on + timedelta(days=1)) == CHILD
        return
    with pytest.raises(Conflict) as refused:
        affiliate_dies(_family_home(), died_on, "p_child", relative_to_child, family())
    assert refused.value.code == "household.successor_is_minor"
    assert refused.value.clause == "Art. 2.4"


def test_art_9_7_a_housemate_cannot_take_over() -> None:
    with pytest.raises(Conflict) as refused:
        affiliate_dies(_family_home(), DIED, "p_flatmate", RELATIVE_TO_SPOUSE, family())
    assert refused.value.code == "household.successor_not_insured"


def test_art_9_7_every_other_member_is_declared_relative_to_the_new_affiliate() -> None:
    incomplete = {k: v for k, v in RELATIVE_TO_SPOUSE.items() if k != "p_mother"}
    with pytest.raises(InvalidInput) as refused:
        affiliate_dies(_family_home(), DIED, "p_spouse", incomplete, family())
    assert "p_mother" in refused.value.reason
    with pytest.raises(InvalidInput):
        affiliate_dies(
            _family_home(),
            DIED,
            "p_spouse",
            RELATIVE_TO_SPOUSE | {"p_affiliate": Relationship.OTHER},
            family(),
        )


def test_art_9_7_the_same_death_cannot_be_recorded_twice() -> None:
    once = affiliate_dies(_family_home(), DIED, "p_spouse", RELATIVE_TO_SPOUSE, family())
    with pytest.raises(Conflict) as refused:
        affiliate_dies(once.household, DIED, "p_spouse", RELATIVE_TO_SPOUSE, family())
    assert refused.value.code == "household.affiliate_already_replaced"


def test_art_9_7_a_death_before_later_recorded_joins_is_refused() -> None:
    home = add_member(
        _family_home(),
        person(person_id="p_baby", birth_date=date(2024, 8, 1)),
        Relationship.CHILD,
        date(2024, 8, 1),
        family(),
    ).household
    with pytest.raises(Conflict) as refused:
        affiliate_dies(home, DIED, "p_spouse", RELATIVE_TO_SPOUSE, family())
    assert refused.value.code == "household.later_changes_recorded"


# --- minors (Art. 2.4, 11.3) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "minor"),
    [(date(2024, 6, 9), True), (date(2024, 6, 10), False), (date(2024, 6, 11), False)],
)
def test_art_2_4_a_member_is_a_minor_until_their_18th_birthday(day: date, minor: bool) -> None:
    assert is_minor(CHILD, day) is minor


def test_art_2_4_someone_born_on_29_february_comes_of_age_on_1_march_in_common_years() -> None:
    leapling = person(birth_date=date(2008, 2, 29))
    assert is_minor(leapling, date(2026, 2, 28))
    assert not is_minor(leapling, date(2026, 3, 1))


def test_art_11_3_a_minor_child_is_represented_by_the_affiliate_and_their_spouse() -> None:
    day = date(2024, 3, 1)
    assert _ids(legal_representatives_of(_family_home(), "p_child", day)) == [
        "p_affiliate",
        "p_spouse",
    ]
    assert legal_representatives_of(_family_home(), "p_child", DIED) == ()  # now an adult


def test_art_11_3_a_partners_minor_child_is_represented_by_the_partner_only() -> None:
    kid = person(person_id="p_kid", birth_date=date(2015, 1, 1))
    home = add_member(_family_home(), kid, Relationship.PARTNER_CHILD, START, family()).household
    assert _ids(legal_representatives_of(home, "p_kid", START)) == ["p_spouse"]


def test_art_11_3_a_minor_grandchild_has_no_representative_in_the_household() -> None:
    kid = person(person_id="p_kid", birth_date=date(2015, 1, 1))
    home = add_member(_family_home(), kid, Relationship.GRANDCHILD, START, family()).household
    assert legal_representatives_of(home, "p_kid", START) == ()


def test_art_11_3_representatives_only_for_members() -> None:
    with pytest.raises(Conflict) as refused:
        legal_representatives_of(_family_home(), "p_child", START - timedelta(days=1))
    assert refused.value.code == "household.not_a_member"
