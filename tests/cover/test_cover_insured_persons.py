"""Art. 2: who is insured — the affiliate and family under the same roof, on the incident date."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.cover.domain import Outcome
from cybercare.kernel.errors import InvalidInput
from cybercare.product.model import ProductVersion
from tests.cover.builders import DAY, START, codes, decide_claim, family_code, member, policy


def test_art_2_1_affiliate_at_main_residence_is_insured(product: ProductVersion) -> None:
    decision = decide_claim(product)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.payable_cents == 10_000
    rules = {check.rule: check.code for check in decision.trace}
    assert rules["insured.relationship"] == "insured.affiliate"
    assert rules["insured.main_residence"] == "insured.at_main_residence"


def test_art_2_1_person_outside_the_household_is_not_insured(product: ProductVersion) -> None:
    decision = decide_claim(product, insured_person_id="a-stranger")

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["insured.not_in_household"]
    assert str(decision.reasons[0].article) == "Art. 2.1"


def test_art_2_1_family_member_living_elsewhere_is_not_insured(product: ProductVersion) -> None:
    student = member(
        "kid", relationship=family_code(product, "child"), lives_at_main_residence=False
    )

    decision = decide_claim(product, on_policy=policy(members=(student,)), insured_person_id="kid")

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["insured.not_at_main_residence"]


def test_art_2_1_member_is_insured_only_while_in_the_household(product: ProductVersion) -> None:
    relationship = family_code(product, "partner", "spouse")
    history = (
        member("ex", relationship=relationship, member_to=date(2024, 3, 1)),
        member("new", relationship=relationship, member_from=date(2024, 6, 1)),
    )
    household = policy(members=history)

    left = decide_claim(product, on_policy=household, insured_person_id="ex")
    not_yet = decide_claim(product, on_policy=household, insured_person_id="new")
    later = decide_claim(
        product, on_policy=household, insured_person_id="new", discovery_date=date(2024, 6, 1)
    )

    assert codes(left) == ["insured.not_member_on_date"]
    assert codes(not_yet) == ["insured.not_member_on_date"]
    assert later.outcome is Outcome.ACCEPTED


def test_art_2_2_every_family_relationship_is_insured(product: ProductVersion) -> None:
    for relationship in product.household.family_relationships:
        relative = member("relative", relationship=relationship)

        decision = decide_claim(
            product, on_policy=policy(members=(relative,)), insured_person_id="relative"
        )

        assert decision.outcome is Outcome.ACCEPTED, relationship
        check = next(c for c in decision.trace if c.rule == "insured.relationship")
        assert (check.code, str(check.article)) == ("insured.family_member", "Art. 2.2")


def test_art_2_3_housemate_who_is_not_family_is_refused(product: ProductVersion) -> None:
    lodger = member("lodger", relationship="other")  # domiciled at the address, not family

    decision = decide_claim(
        product, on_policy=policy(members=(lodger,)), insured_person_id="lodger"
    )

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["insured.not_family"]
    assert str(decision.reasons[0].article) == "Art. 2.3"


def test_art_2_3_unknown_relationship_code_is_refused_as_input(product: ProductVersion) -> None:
    cousin = member("cousin", relationship="second_cousin_twice_removed")

    with pytest.raises(InvalidInput, match="relationship"):
        decide_claim(product, on_policy=policy(members=(cousin,)), insured_person_id="cousin")


def test_art_2_4_minor_is_insured_and_handled_with_legal_representative(
    product: ProductVersion,
) -> None:
    child = member("kid", relationship=family_code(product, "child"), birth_date=date(2012, 9, 1))

    decision = decide_claim(
        product, on_policy=policy(members=(child,)), guarantee="EREP", insured_person_id="kid"
    )

    assert decision.outcome is Outcome.ACCEPTED
    age = next(c for c in decision.trace if c.rule == "insured.age")
    assert (age.code, age.params["age"], str(age.article)) == ("insured.minor", 11, "Art. 2.4")
    assert [n.code for n in decision.notices] == ["insured.legal_representative"]


def test_art_2_4_no_age_limit_for_the_eldest(product: ProductVersion) -> None:
    grandparent = member(
        "nan",
        relationship=family_code(product, "grandparent", "parent"),
        birth_date=date(1920, 1, 1),
    )

    decision = decide_claim(
        product, on_policy=policy(members=(grandparent,)), insured_person_id="nan"
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.notices == ()


def test_art_2_1_dates_of_membership_use_the_incident_date(product: ProductVersion) -> None:
    # occurred while a member, discovered after leaving: the occurrence date counts (Art. 3.4)
    leaver = member("leaver", relationship=family_code(product, "sibling"), member_to=DAY)

    decision = decide_claim(
        product,
        on_policy=policy(members=(leaver,)),
        insured_person_id="leaver",
        occurrence_date=date(2024, 4, 20),
        discovery_date=DAY,
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.incident_date == date(2024, 4, 20)
    assert decision.incident_date > START
