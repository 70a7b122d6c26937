"""Art. 2 and 9.7: who joins, who leaves, who was insured on a given day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.household.domain import (
    HouseholdChangeKind,
    Membership,
    NotFamily,
    Person,
    Relationship,
    add_member,
    check_new_member,
    insured_on,
    living_there_on,
    member_leaves,
)
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, DomainError
from tests.policy.builders import family, household, person

START = date(2024, 1, 15)
JOINED = date(2024, 3, 1)
LEFT = date(2024, 9, 1)
SPOUSE = person(person_id="p_spouse", given_name="Bart", birth_date=date(1979, 2, 3))
FLATMATE = person(person_id="p_flatmate", given_name="Chris", family_name="Janssens")


def _ids(people: tuple[Person, ...]) -> list[str]:
    return [p.person_id for p in people]


def test_art_2_1_the_affiliate_alone_is_insured_from_the_start() -> None:
    home = household()
    assert _ids(insured_on(home, START, family())) == ["p_affiliate"]
    assert insured_on(home, START - timedelta(days=1), family()) == ()


def test_art_9_7_who_was_insured_on_the_join_and_leave_days() -> None:
    home = add_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family()).household
    home = member_leaves(home, "p_spouse", LEFT).household
    insured = {
        day: _ids(insured_on(home, day, family()))
        for day in (JOINED - timedelta(days=1), JOINED, LEFT - timedelta(days=1), LEFT)
    }
    assert insured == {
        date(2024, 2, 29): ["p_affiliate"],
        date(2024, 3, 1): ["p_affiliate", "p_spouse"],
        date(2024, 8, 31): ["p_affiliate", "p_spouse"],
        date(2024, 9, 1): ["p_affiliate"],
    }


def test_art_9_7_a_member_joins_with_a_change_record() -> None:
    update = add_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family())
    (change,) = update.changes
    assert change.kind is HouseholdChangeKind.MEMBER_JOINED
    assert (change.person_id, change.effective_date, change.article) == (
        "p_spouse",
        JOINED,
        Art("9.7"),
    )
    assert (change.relationship, change.insured) == (Relationship.SPOUSE, True)
    assert check_new_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family()).code == (
        "household.family_member_insured"
    )


def test_art_9_7_leaving_keeps_the_history() -> None:
    home = add_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family()).household
    update = member_leaves(home, "p_spouse", LEFT)
    assert Membership("p_spouse", Relationship.SPOUSE, JOINED, LEFT) in update.household.memberships
    assert update.household.person("p_spouse") == SPOUSE
    (change,) = update.changes
    assert (change.kind, change.effective_date, change.insured) == (
        HouseholdChangeKind.MEMBER_LEFT,
        LEFT,
        False,
    )


def test_art_2_3_a_housemate_joining_as_insured_is_refused() -> None:
    with pytest.raises(NotFamily) as refused:
        add_member(household(), FLATMATE, Relationship.OTHER, JOINED, family())
    assert refused.value.code == "household.not_family"
    assert refused.value.clause == "Art. 2.3"


def test_art_2_3_a_housemate_is_recorded_as_living_there_but_not_insured() -> None:
    update = add_member(household(), FLATMATE, Relationship.OTHER, JOINED, family(), insured=False)
    assert update.changes[0].insured is False
    home = update.household
    assert _ids(living_there_on(home, JOINED)) == ["p_affiliate", "p_flatmate"]
    assert _ids(insured_on(home, JOINED, family())) == ["p_affiliate"]
    reason = check_new_member(
        household(), FLATMATE, Relationship.OTHER, JOINED, family(), insured=False
    )
    assert (reason.code, reason.article) == ("household.housemate_not_insured", Art("2.3"))


def test_art_2_2_a_relationship_outside_the_product_list_is_not_family() -> None:
    narrow = tuple(r for r in family() if r != "partner_sibling")
    sibling_in_law = person(person_id="p_in_law")
    with pytest.raises(NotFamily) as refused:
        add_member(household(), sibling_in_law, Relationship.PARTNER_SIBLING, JOINED, narrow)
    assert refused.value.clause == "Art. 2.2"
    recorded = add_member(
        household(), sibling_in_law, Relationship.PARTNER_SIBLING, JOINED, narrow, insured=False
    ).household
    assert _ids(insured_on(recorded, JOINED, narrow)) == ["p_affiliate"]
    assert _ids(insured_on(recorded, JOINED, family())) == ["p_affiliate", "p_in_law"]


def test_art_2_1_family_living_there_cannot_be_recorded_as_not_insured() -> None:
    with pytest.raises(Conflict) as refused:
        add_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family(), insured=False)
    assert refused.value.code == "household.family_is_insured"
    assert refused.value.clause == "Art. 2.1"


def test_art_9_7_the_same_person_twice_at_once_is_refused() -> None:
    home = add_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family()).household
    with pytest.raises(Conflict) as refused:
        add_member(home, SPOUSE, Relationship.PARTNER, date(2024, 5, 1), family())
    assert refused.value.code == "household.already_member"
    left = member_leaves(home, "p_spouse", LEFT).household
    with pytest.raises(Conflict):
        add_member(left, SPOUSE, Relationship.SPOUSE, LEFT - timedelta(days=1), family())
    back = add_member(left, SPOUSE, Relationship.SPOUSE, LEFT, family()).household
    assert _ids(insured_on(back, LEFT, family())) == ["p_affiliate", "p_spouse"]


@pytest.mark.parametrize(("offset", "accepted"), [(-1, False), (0, True), (1, True)])
def test_art_9_7_joining_before_the_affiliation_start_is_refused(
    offset: int, accepted: bool
) -> None:
    joined_on = START + timedelta(days=offset)
    if accepted:
        add_member(household(), SPOUSE, Relationship.SPOUSE, joined_on, family())
        return
    with pytest.raises(Conflict) as refused:
        add_member(household(), SPOUSE, Relationship.SPOUSE, joined_on, family())
    assert refused.value.code == "household.join_before_start"


def test_art_9_7_nobody_joins_as_the_affiliate() -> None:
    with pytest.raises(Conflict) as refused:
        add_member(household(), SPOUSE, Relationship.AFFILIATE, JOINED, family())
    assert refused.value.code == "household.affiliate_exists"


def test_art_9_7_the_affiliate_cannot_just_leave() -> None:
    with pytest.raises(Conflict) as refused:
        member_leaves(household(), "p_affiliate", LEFT)
    assert refused.value.code == "household.affiliate_cannot_leave"


def test_art_9_7_a_member_cannot_leave_on_the_day_they_join_or_when_not_a_member() -> None:
    home = add_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family()).household
    with pytest.raises(Conflict) as refused:
        member_leaves(home, "p_spouse", JOINED)
    assert refused.value.code == "household.not_a_member"
    with pytest.raises(Conflict):
        member_leaves(home, "p_nobody", LEFT)


def test_art_9_7_a_recorded_departure_can_be_brought_forward() -> None:
    home = add_member(household(), SPOUSE, Relationship.SPOUSE, JOINED, family()).household
    home = member_leaves(home, "p_spouse", LEFT).household
    earlier = member_leaves(home, "p_spouse", date(2024, 6, 1)).household
    assert _ids(insured_on(earlier, date(2024, 6, 1), family())) == ["p_affiliate"]


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["p_spouse", "p_child", "p_flatmate"]),
        st.booleans(),
        st.integers(0, 400),
    ),
    max_size=15,
)


@given(EVENTS)
def test_art_2_the_insured_are_always_among_those_living_there(
    events: list[tuple[str, bool, int]],
) -> None:
    relationships = {
        "p_spouse": Relationship.SPOUSE,
        "p_child": Relationship.CHILD,
        "p_flatmate": Relationship.OTHER,
    }
    home = household()
    for person_id, joins, offset in events:
        day = START + timedelta(days=offset)
        relationship = relationships[person_id]
        try:
            if joins:
                home = add_member(
                    home,
                    person(person_id=person_id),
                    relationship,
                    day,
                    family(),
                    insured=relationship != Relationship.OTHER,
                ).household
            else:
                home = member_leaves(home, person_id, day).household
        except DomainError:
            pass
    for offset in range(0, 420, 7):
        day = START + timedelta(days=offset)
        insured = set(_ids(insured_on(home, day, family())))
        living = _ids(living_there_on(home, day))
        assert insured <= set(living)
        assert "p_flatmate" not in insured
        assert len(living) == len(set(living))  # nobody twice at once
