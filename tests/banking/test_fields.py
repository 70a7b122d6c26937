"""Amounts, dates, IBANs and structured communications as the readers parse them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.banking import fields


@given(st.integers(min_value=0, max_value=10**15))
def test_amount_text_and_cents_round_trip_exactly(cents: int) -> None:
    assert fields.amount_cents(fields.format_cents(cents)) == cents


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", ".0", ".00"]))
def test_whole_euros_read_the_same_with_or_without_decimals(euros: int, tail: str) -> None:
    assert fields.amount_cents(f"{euros}{tail}") == euros * 100


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=9))
def test_a_third_decimal_other_than_zero_is_never_rounded_away(euros: int, digit: int) -> None:
    with pytest.raises(fields.FieldError):
        fields.amount_cents(f"{euros}.00{digit}")


@pytest.mark.parametrize("text", ["", "-1.00", "1e3", "1,00", " ", "1.", ".5", "+1"])
def test_a_text_that_is_not_a_positive_decimal_is_refused(text: str) -> None:
    with pytest.raises(fields.FieldError):
        fields.amount_cents(text)


def test_coda_amounts_have_three_implied_decimals() -> None:
    assert fields.milli_amount_cents("000000000024950") == 2495
    with pytest.raises(fields.FieldError):
        fields.milli_amount_cents("000000000024951")


def test_coda_dates_are_day_month_year() -> None:
    assert fields.ddmmyy("071226") == date(2026, 12, 7)
    with pytest.raises(fields.FieldError):
        fields.ddmmyy("310226")


def test_a_structured_communication_needs_its_check_digits() -> None:
    assert fields.structured_communication("+++123/4567/89002+++") == "123456789002"
    assert fields.structured_communication("***123/4567/89002***") == "123456789002"
    assert fields.structured_communication("123456789002") == "123456789002"
    assert fields.structured_communication("+++123/4567/89003+++") is None
    assert fields.find_structured("Premium +++123/4567/89002+++ thanks") == "123456789002"
    assert fields.format_structured("123456789002") == "+++123/4567/89002+++"


def test_our_own_iban_is_checked_a_counterparty_iban_only_normalised() -> None:
    assert fields.checked_iban("be68 5390 0754 7034") == "BE68539007547034"
    with pytest.raises(fields.FieldError):
        fields.checked_iban("BE68539007547035")
    assert fields.normalise_iban(" be00 1234 ") == "BE001234"


@given(st.integers(min_value=0, max_value=10**10 - 1))
def test_every_structured_communication_reads_back_its_twelve_digits(body: int) -> None:
    digits = f"{body:010d}{body % 97 or 97:02d}"
    assert fields.structured_communication(fields.format_structured(digits)) == digits
    assert fields.find_structured(f"Premium {fields.format_structured(digits)}") == digits
