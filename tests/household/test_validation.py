"""Household input validators: each accepts the real thing and names the field it refuses."""

from __future__ import annotations

import itertools
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schwifty import IBAN

from cybercare.household import validation
from cybercare.kernel.errors import InvalidInput

TODAY = date(2025, 3, 14)


def _refused(call: object, field: str) -> InvalidInput:
    assert callable(call)
    with pytest.raises(InvalidInput) as caught:
        call()
    assert caught.value.field == field
    assert caught.value.message.startswith(f"{field}: ")
    return caught.value


# --- postcode -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1000", "1000"),
        (" 9000 ", "9000"),
        ("B-4000", "4000"),
        ("BE-6700", "6700"),
        ("be 1300", "1300"),
    ],
)
def test_belgian_postcode_accepts_the_four_digits(raw: str, expected: str) -> None:
    assert validation.belgian_postcode(raw, "postcode") == expected


@pytest.mark.parametrize(
    "raw", ["", "999", "0999", "10000", "10OO", "1 000", "F-75001", "١٠٠٠", "NL-1000"]
)
def test_belgian_postcode_refuses_others(raw: str) -> None:
    _refused(lambda: validation.belgian_postcode(raw, "address.postcode"), "address.postcode")


def test_every_four_digit_code_from_1000_has_its_area() -> None:
    areas = validation.BELGIAN_POSTCODE_AREAS
    assert areas[0][0] == 1000
    assert areas[-1][1] == 9999
    assert all(previous[1] + 1 == current[0] for previous, current in itertools.pairwise(areas))


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jan  ", "Jan"),
        ("Anne-Sophie", "Anne-Sophie"),
        ("Hélène", "Hélène"),
        ("He\u0301le\u0300ne", "Hélène"),  # decomposed accents come back composed (NFC)
        ("O'Brien", "O'Brien"),
        ("'t Hooft", "'t Hooft"),
        ("D’Hondt", "D’Hondt"),
        ("Van  den   Broeck", "Van den Broeck"),
        ("Jürgen Müller", "Jürgen Müller"),
        ("Zoë Ærøskøbing", "Zoë Ærøskøbing"),
        ("x" * 100, "x" * 100),
    ],
)
def test_person_name_keeps_letters_spaces_hyphens_apostrophes(raw: str, expected: str) -> None:
    assert validation.person_name(raw, "first_name") == expected


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 101, "at most 100"),
        ("Jan2", "digits"),
        ("Jan\x00", "control"),
        ("Jan\tPeeters", "control"),
        ("Jan_Peeters", "letters"),
        ("Jan@home", "letters"),
        ("--", "at least one letter"),
    ],
)
def test_person_name_refuses_others(raw: str, why: str) -> None:
    error = _refused(lambda: validation.person_name(raw, "last_name"), "last_name")
    assert why in error.reason


# --- birth date -----------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(1985, 7, 30), TODAY])
def test_birth_date_between_1900_and_today(day: date) -> None:
    assert validation.birth_date(day, TODAY, "birth_date") == day


@pytest.mark.parametrize(
    ("day", "why"),
    [(date(2025, 3, 15), "future"), (date(1899, 12, 31), "before 1900")],
)
def test_birth_date_refuses_the_future_and_before_1900(day: date, why: str) -> None:
    error = _refused(lambda: validation.birth_date(day, TODAY, "birth_date"), "birth_date")
    assert why in error.reason


def test_birth_date_refuses_a_datetime() -> None:
    moment = datetime(1985, 7, 30, 12, 0)  # noqa: DTZ001 - the wrong type on purpose
    _refused(lambda: validation.birth_date(moment, TODAY, "birth_date"), "birth_date")


# --- e-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jan.peeters@example.be", "jan.peeters@example.be"),
        ("  Jan.Peeters@Example.BE ", "Jan.Peeters@example.be"),
        ("hélène@exemple.be", "hélène@exemple.be"),
    ],
)
def test_email_address_is_normalized(raw: str, expected: str) -> None:
    assert validation.email_address(raw, "email") == expected


@pytest.mark.parametrize(
    "raw", ["", "jan", "jan@", "@example.be", "jan@@example.be", "jan@example", "a b@example.be"]
)
def test_email_address_refuses_others(raw: str) -> None:
    _refused(lambda: validation.email_address(raw, "email"), "email")


# --- phone ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("+32 2 547 58 71", "+3225475871"),
        ("0032 470/12.34.56", "+32470123456"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_number_in_e164(raw: str, expected: str) -> None:
    assert validation.phone_number(raw, "phone") == expected


def test_phone_number_reads_national_numbers_for_the_region() -> None:
    assert validation.phone_number("06 12 34 56 78", "phone", region="FR") == "+33612345678"


@pytest.mark.parametrize("raw", ["", "hello", "0470", "+32 470 12 34 56 78 90", "+999 123"])
def test_phone_number_refuses_others(raw: str) -> None:
    _refused(lambda: validation.phone_number(raw, "phone"), "phone")


# --- IBAN -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BE68539007547034", "BE68539007547034"),
        ("be68 5390 0754 7034", "BE68539007547034"),
        ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
        ("LU28 0019 4006 4475 0000", "LU280019400644750000"),
    ],
)
def test_iban_any_sepa_account_in_compact_form(raw: str, expected: str) -> None:
    assert validation.iban(raw, "iban") == expected


@given(account=st.integers(min_value=0, max_value=9_999_999))
def test_iban_accepts_every_belgian_account_the_library_generates(account: int) -> None:
    generated = IBAN.generate("BE", bank_code="539", account_code=f"{account:07d}")
    assert validation.iban(generated.formatted, "iban") == generated.compact


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "BE68539007547035",  # IBAN check digits wrong
        "BE69539007547034",
        "BE95539007547033",  # IBAN check digits right, Belgian account check digits wrong
        "BE6853900754703",  # too short
        "XX68539007547034",
        "BR1500000000000010932840814P2",  # valid IBAN, outside SEPA
    ],
)
def test_iban_refuses_others(raw: str) -> None:
    _refused(lambda: validation.iban(raw, "iban"), "iban")


def test_the_belgian_example_with_wrong_national_digits_has_right_iban_digits() -> None:
    # guards the case above: only the national check digits are wrong
    assert IBAN("BE95539007547033", validate_bban=False).is_valid


# --- national register number ---------------------------------------------------------------

BORN_1985 = "85073003328"  # 30 July 1985 (python-stdnum's own example)
BORN_2017 = "17073003384"  # 30 July 2017: check digits computed with the 2000s rule


@pytest.mark.parametrize(
    ("raw", "born", "expected"),
    [
        ("85.07.30-033.28", None, BORN_1985),
        ("85 07 30 033 28", date(1985, 7, 30), BORN_1985),
        (BORN_2017, date(2017, 7, 30), BORN_2017),
    ],
)
def test_national_register_number_with_its_birth_date(
    raw: str, born: date | None, expected: str
) -> None:
    assert validation.national_register_number(raw, born, "nrn") == expected


def _with_check_digits(first_nine: str, *, born_after_2000: bool) -> str:
    """A test oracle (the library has no generator): 97 - (number mod 97)."""
    base = int(("2" if born_after_2000 else "") + first_nine)
    return f"{first_nine}{97 - base % 97:02d}"


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    counter=st.integers(min_value=1, max_value=997),
)
def test_national_register_number_accepts_any_real_birth_date(born: date, counter: int) -> None:
    number = _with_check_digits(f"{born:%y%m%d}{counter:03d}", born_after_2000=born.year >= 2000)
    assert validation.national_register_number(number, born, "nrn") == number


def test_national_register_number_with_unknown_day_checks_year_and_month() -> None:
    number = _with_check_digits("850700033", born_after_2000=False)  # day not known: 00
    assert validation.national_register_number(number, date(1985, 7, 12), "nrn") == number
    _refused(lambda: validation.national_register_number(number, date(1985, 8, 12), "nrn"), "nrn")


@pytest.mark.parametrize(
    ("raw", "born", "why"),
    [
        ("", None, "not a valid"),
        ("85073003329", None, "not a valid"),  # check digits
        ("8507300332", None, "not a valid"),  # too short
        ("85X73003328", None, "not a valid"),
        (BORN_1985, date(1985, 7, 31), "does not match"),
        (BORN_1985, date(1986, 7, 30), "does not match"),
    ],
)
def test_national_register_number_refuses_others(raw: str, born: date | None, why: str) -> None:
    error = _refused(
        lambda: validation.national_register_number(raw, born, "members[0].nrn"), "members[0].nrn"
    )
    assert why in error.reason


# --- language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"), [("nl", "nl"), ("FR", "fr"), (" de ", "de"), ("en", "en")]
)
def test_language_is_one_of_the_four_of_art_11_4(raw: str, expected: str) -> None:
    assert validation.language(raw, "language") == expected


@pytest.mark.parametrize("raw", ["", "es", "nl-BE", "english"])
def test_language_refuses_others(raw: str) -> None:
    error = _refused(lambda: validation.language(raw, "language"), "language")
    assert error.clause == "Art. 11.4"


def test_non_text_is_refused_with_the_field() -> None:
    _refused(lambda: validation.email_address(42, "email"), "email")  # type: ignore[arg-type]
