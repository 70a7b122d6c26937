"""Art. 5: yearly pots per household — money and cases, partial settlement, no sub-limit."""

from __future__ import annotations

from dataclasses import replace

from cybercare.cover.domain import Consumption, Outcome
from cybercare.product.model import ProductVersion
from tests.cover.builders import (
    ONLINE,
    balance,
    circumstances,
    codes,
    decide_claim,
    family_code,
    member,
    policy,
    usage,
)


def test_art_5_claim_within_the_pot_is_paid_in_full(product: ProductVersion) -> None:
    decision = decide_claim(
        product, claimed_cents=49_999, pots=usage(balance(ONLINE, used_cents=1))
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.payable_cents == 49_999
    assert decision.consumption == Consumption(ONLINE, 49_999, 1)
    assert codes(decision) == ["pot.within_limit"]


def test_art_5_1_limits_are_per_household_and_ecom_payf_share_a_pot(
    product: ProductVersion,
) -> None:
    partner = member("partner", relationship=family_code(product, "partner", "spouse"))
    spent = usage(balance(ONLINE, used_cents=480_000, cases_used=2))  # the affiliate's ECOM cases

    decision = decide_claim(
        product,
        on_policy=policy(members=(partner,)),
        insured_person_id="partner",
        guarantee="PAYF",
        claimed_cents=50_000,
        pots=spent,
    )

    assert decision.outcome is Outcome.PARTIALLY_ACCEPTED
    assert decision.payable_cents == 20_000


def test_art_5_2_fourth_erep_case_is_declined(product: ProductVersion) -> None:
    three_cases = usage(balance("EREP_POT", used_cents=90_000, cases_used=3))

    decision = decide_claim(product, guarantee="EREP", claimed_cents=10_000, pots=three_cases)

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["pot.cases_exhausted"]
    reason = decision.reasons[0]
    assert str(reason.article) == "Art. 5.2"
    assert (reason.params["used"], reason.params["limit"]) == (3, 3)
    assert (decision.payable_cents, decision.consumption) == (0, None)


def test_art_5_2_second_claim_on_an_accepted_case_counts_no_new_case(
    product: ProductVersion,
) -> None:
    three_cases = usage(balance("EREP_POT", used_cents=90_000, cases_used=3))

    decision = decide_claim(
        product, guarantee="EREP", claimed_cents=10_000, pots=three_cases, already_counted=True
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.consumption == Consumption("EREP_POT", 10_000, 0)


def test_art_5_2_a_case_counts_even_when_it_ends_in_services_only(product: ProductVersion) -> None:
    decision = decide_claim(product, guarantee="EREP", claimed_cents=0)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.consumption == Consumption("EREP_POT", 0, 1)


def test_art_5_2_last_case_held_by_a_case_in_flight_goes_to_a_handler(
    product: ProductVersion,
) -> None:
    held = usage(balance("DATA_POT", reserved_cents=20_000, cases_reserved=1))

    decision = decide_claim(product, guarantee="DATA", claimed_cents=10_000, pots=held)

    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert codes(decision) == ["pot.cases_held_by_reservations"]
    assert (decision.consumption, decision.proposal) == (None, None)


def test_art_5_3_partial_settlement_pays_what_is_left_with_the_figures(
    product: ProductVersion,
) -> None:
    nearly_spent = usage(balance(ONLINE, used_cents=430_000, reserved_cents=20_000, cases_used=1))

    decision = decide_claim(product, claimed_cents=80_000, pots=nearly_spent)

    assert decision.outcome is Outcome.PARTIALLY_ACCEPTED
    assert decision.payable_cents == 50_000
    assert decision.consumption == Consumption(ONLINE, 50_000, 1)
    reason = decision.reasons[0]
    assert (reason.code, str(reason.article)) == ("pot.partial_settlement", "Art. 5.3")
    assert reason.params == {
        "pot": ONLINE,
        "due_cents": 80_000,
        "limit_cents": 500_000,
        "used_cents": 430_000,
        "reserved_cents": 20_000,
        "left_cents": 50_000,
        "payable_cents": 50_000,
    }


def test_art_5_3_nothing_left_in_the_pot_is_declined(product: ProductVersion) -> None:
    spent = usage(balance("DATA_POT", used_cents=80_000))

    decision = decide_claim(product, guarantee="DATA", claimed_cents=5_000, pots=spent)

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["pot.exhausted"]
    assert str(decision.reasons[0].article) == "Art. 5.3"


def test_art_5_3_money_held_by_cases_in_flight_goes_to_a_handler(product: ProductVersion) -> None:
    held = usage(balance(ONLINE, used_cents=400_000, reserved_cents=100_000, cases_used=1))

    decision = decide_claim(product, claimed_cents=5_000, pots=held)

    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert codes(decision) == ["pot.held_by_reservations"]
    assert decision.payable_cents == 0


def test_art_5_3_the_case_own_reservation_is_counted_once_and_released(
    product: ProductVersion,
) -> None:
    mine = usage(balance(ONLINE, used_cents=400_000, reserved_cents=100_000, cases_reserved=1))

    decision = decide_claim(
        product, claimed_cents=100_000, pots=mine, reservation_cents=100_000, case_reserved=True
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.consumption == Consumption(
        ONLINE, 100_000, 1, released_cents=100_000, released_cases=1
    )
    after = mine.after(decision.consumption).balance(ONLINE)
    assert (after.used_cents, after.reserved_cents, after.cases_used, after.cases_reserved) == (
        500_000,
        0,
        1,
        0,
    )


def test_art_5_3_a_declined_claim_gives_its_money_back_and_the_case_keeps_its_place(
    product: ProductVersion,
) -> None:
    mine = usage(balance(ONLINE, reserved_cents=30_000, cases_reserved=1))

    decision = decide_claim(
        product,
        pots=mine,
        reservation_cents=30_000,
        case_reserved=True,
        facts=circumstances(seller_professional=False),
    )

    assert decision.outcome is Outcome.DECLINED
    assert decision.consumption == Consumption(ONLINE, 0, 0, released_cents=30_000)


def test_art_5_4_no_per_claim_sub_limit_nor_minimum_in_the_reference_product(
    product: ProductVersion,
) -> None:
    tiny = decide_claim(product, claimed_cents=1)
    whole_pot = decide_claim(product, claimed_cents=500_000)

    assert (tiny.outcome, tiny.payable_cents) == (Outcome.ACCEPTED, 1)
    assert (whole_pot.outcome, whole_pot.payable_cents) == (Outcome.ACCEPTED, 500_000)
    check = next(c for c in tiny.trace if c.rule == "claim.per_claim")
    assert (check.code, check.params["per_claim_limit_cents"], check.params["minimum_cents"]) == (
        "claim.no_per_claim_limit",
        None,
        0,
    )


def test_art_5_4_sub_limit_and_minimum_are_product_data(product: ProductVersion) -> None:
    limited = replace(
        product,
        cover_start=replace(
            product.cover_start, per_claim_limit_cents=100_000, minimum_claim_cents=2_000
        ),
    )

    capped = decide_claim(limited, claimed_cents=150_000)
    too_small = decide_claim(limited, claimed_cents=1_999)

    assert (capped.outcome, capped.payable_cents) == (Outcome.PARTIALLY_ACCEPTED, 100_000)
    assert codes(capped) == ["claim.per_claim_limit"]
    assert (too_small.outcome, codes(too_small)) == (Outcome.DECLINED, ["claim.below_minimum"])
    assert str(too_small.reasons[0].article) == "Art. 5.4"


def test_art_10_1_declines_and_partial_settlements_state_the_complaints_path(
    product: ProductVersion,
) -> None:
    declined = decide_claim(product, facts=circumstances(seller_professional=False))
    partial = decide_claim(product, claimed_cents=600_000)
    accepted = decide_claim(product)

    for decision in (declined, partial):
        notice = decision.notices[-1]
        assert (notice.code, str(notice.article)) == ("complaints.path", "Art. 10.1")
        assert notice.params["ombudsman"] == product.complaints.ombudsman.name
    assert accepted.notices == ()
