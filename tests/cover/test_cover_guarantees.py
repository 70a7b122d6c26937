"""Art. 4: what each guarantee gives and the conditions it sets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cybercare.cover.domain import Outcome
from cybercare.product.model import ProductVersion
from tests.cover.builders import (
    DAY,
    ONLINE,
    balance,
    circumstances,
    codes,
    decide_claim,
    usage,
)

EXHAUSTED = usage(
    balance("EREP_POT", used_cents=500_000, cases_used=3),
    balance(ONLINE, used_cents=500_000, cases_used=3),
    balance("DATA_POT", used_cents=80_000, cases_used=1),
)


def test_art_4_1_assistance_line_is_an_unlimited_service(product: ProductVersion) -> None:
    decision = decide_claim(product, guarantee="ASSIST", claimed_cents=0, pots=EXHAUSTED)

    assert decision.outcome is Outcome.ACCEPTED
    assert (decision.payable_cents, decision.consumption) == (0, None)
    assert codes(decision) == ["settlement.service_unlimited"]
    assert str(decision.reasons[0].article) == "Art. 4.1"


def test_art_4_2_erep_services_are_borne_within_the_erep_pot(product: ProductVersion) -> None:
    decision = decide_claim(product, guarantee="EREP", claimed_cents=120_000)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.consumption is not None
    assert (decision.consumption.pot, decision.consumption.amount_cents) == ("EREP_POT", 120_000)
    assert decision.consumption.cases == 1


def test_art_4_3_identity_theft_counts_cases_for_reporting_only(product: ProductVersion) -> None:
    decision = decide_claim(product, guarantee="IDT", claimed_cents=0, pots=EXHAUSTED)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.payable_cents == 0
    consumption = decision.consumption
    assert consumption is not None
    assert (consumption.pot, consumption.cases, consumption.reporting_only) == (None, 1, True)
    assert codes(decision) == ["settlement.service_cases_reported"]


def test_art_4_4_payf_reimburses_what_the_bank_definitively_refused(
    product: ProductVersion,
) -> None:
    decision = decide_claim(product, guarantee="PAYF", claimed_cents=45_000)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.payable_cents == 45_000
    assert decision.consumption is not None
    assert decision.consumption.pot == ONLINE


def test_art_4_4_payf_declined_while_the_bank_has_not_refused(product: ProductVersion) -> None:
    decision = decide_claim(
        product, guarantee="PAYF", facts=circumstances(bank_refused_definitively=False)
    )

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["payf.bank_not_refused"]
    assert str(decision.reasons[0].article) == "Art. 4.4"


def test_art_4_4_payf_help_with_the_dispute_needs_no_refusal(product: ProductVersion) -> None:
    decision = decide_claim(
        product,
        guarantee="PAYF",
        claimed_cents=0,
        facts=circumstances(bank_refused_definitively=None),
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.consumption is not None
    assert (decision.consumption.amount_cents, decision.consumption.cases) == (0, 1)


def test_art_4_5_ecom_seller_must_be_a_professional(product: ProductVersion) -> None:
    decision = decide_claim(product, facts=circumstances(seller_professional=False))

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["ecom.seller_not_professional"]
    assert str(decision.reasons[0].article) == "Art. 4.5"


def test_art_4_5_ecom_member_claimed_in_writing_from_the_seller_first(
    product: ProductVersion,
) -> None:
    decision = decide_claim(product, facts=circumstances(written_claim_sent=False))

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["ecom.no_written_claim"]


@pytest.mark.parametrize(
    ("days_after_promise", "outcome"), [(29, Outcome.DECLINED), (30, Outcome.ACCEPTED)]
)
def test_art_4_5_ecom_non_delivery_only_30_days_after_the_promised_date(
    product: ProductVersion, days_after_promise: int, outcome: Outcome
) -> None:
    promised = date(2024, 4, 1)

    decision = decide_claim(
        product,
        kind="non_delivery",
        discovery_date=promised,
        declaration_date=promised + timedelta(days=days_after_promise),
        facts=circumstances(promised_delivery_date=promised, payment_date=date(2024, 3, 1)),
    )

    assert decision.outcome is outcome
    wait = next(c for c in decision.trace if c.rule == "condition.non_delivery_wait")
    assert wait.params["basis"] == "promised_delivery_date"
    assert wait.params["earliest"] == date(2024, 5, 1)


def test_art_4_5_ecom_non_delivery_counts_from_payment_without_a_promised_date(
    product: ProductVersion,
) -> None:
    paid = date(2024, 4, 10)

    early = decide_claim(
        product,
        kind="non_delivery",
        discovery_date=paid,
        declaration_date=date(2024, 5, 9),
        facts=circumstances(payment_date=paid),
    )
    in_time = decide_claim(
        product,
        kind="non_delivery",
        discovery_date=paid,
        declaration_date=date(2024, 5, 10),
        facts=circumstances(payment_date=paid),
    )

    assert codes(early) == ["ecom.non_delivery_too_early"]
    assert in_time.outcome is Outcome.ACCEPTED


def test_art_4_5_ecom_non_delivery_without_any_date_is_asked(product: ProductVersion) -> None:
    decision = decide_claim(product, kind="non_delivery", declaration_date=DAY)

    assert not decision.is_complete
    assert decision.outcome is not Outcome.DECLINED
    assert decision.missing_answers == ("promised_delivery_date",)


def test_art_4_5_ecom_non_conforming_delivery_needs_no_waiting(product: ProductVersion) -> None:
    decision = decide_claim(product, kind="non_conforming", declaration_date=DAY)

    assert decision.outcome is Outcome.ACCEPTED
    wait = next(c for c in decision.trace if c.rule == "condition.non_delivery_wait")
    assert wait.code == "ecom.wait_not_applicable"


@pytest.mark.parametrize("cause", ["malware", "accidental_deletion", "device_damage"])
def test_art_4_6_data_lost_through_a_listed_cause_is_covered(
    product: ProductVersion, cause: str
) -> None:
    decision = decide_claim(
        product, guarantee="DATA", claimed_cents=30_000, facts=circumstances(data_loss_cause=cause)
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.consumption is not None
    assert decision.consumption.pot == "DATA_POT"


def test_art_4_6_data_lost_through_another_cause_is_declined(product: ProductVersion) -> None:
    decision = decide_claim(
        product, guarantee="DATA", facts=circumstances(data_loss_cause="theft_of_device")
    )

    assert decision.outcome is Outcome.DECLINED
    assert codes(decision) == ["data.cause_not_covered"]
    assert str(decision.reasons[0].article) == "Art. 4.6"


def test_art_4_unanswered_conditions_leave_the_file_incomplete(product: ProductVersion) -> None:
    decision = decide_claim(
        product, facts=circumstances(seller_professional=None, written_claim_sent=None)
    )

    assert decision.outcome is Outcome.ACCEPTED  # provisionally: nothing declines it
    assert not decision.is_complete
    assert not decision.is_final
    assert decision.missing_answers == ("seller_professional", "written_claim_sent")
    assert (decision.payable_cents, decision.consumption) == (0, None)
    assert decision.proposal is not None
    assert decision.proposal.amount_cents == 10_000
