"""Art. 4.4 (PAYF): the member's rights against the bank for an unauthorised payment (PSD2
art. 71(1), 73(1), 74(1) as transposed in Book VII of the Code of Economic Law), and the letter
to the bank in the member's language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.assistance.calendar import BelgianCalendar
from cybercare.kernel.errors import InvalidInput
from cybercare.radar.bank_letter import BankLetter, letter_document, render_letter
from cybercare.radar.rights import UnauthorisedPayment, add_months, payment_rights

CALENDAR = BelgianCalendar()


def test_psd2_73_refund_by_the_end_of_the_next_business_day_and_a_50_eur_cap() -> None:
    # Told the bank on Thursday 24 December 2026: Christmas is a holiday, then a weekend.
    payment = UnauthorisedPayment(
        amount_cents=125_000,
        debit_date=date(2026, 12, 22),
        noticed_date=date(2026, 12, 23),
        notified_bank_date=date(2026, 12, 24),
    )
    rights = payment_rights(payment, date(2026, 12, 24), CALENDAR.is_working_day)
    assert rights.refund_due_by == date(2026, 12, 28)
    assert rights.payer_bears_cents == 5_000 and rights.bank_owes_cents == 120_000
    assert {r.article for r in rights.rights} >= {"PSD2 art. 73(1)", "PSD2 art. 74(1)"}


def test_psd2_74_no_cap_with_gross_negligence() -> None:
    payment = UnauthorisedPayment(
        30_000, date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 3), gross_negligence=True
    )
    rights = payment_rights(payment, date(2026, 11, 3))
    assert not rights.cap_applies and rights.bank_owes_cents == 0


def test_psd2_71_thirteen_months_to_notify() -> None:
    assert add_months(date(2025, 1, 31), 13) == date(2026, 2, 28)
    late = UnauthorisedPayment(10_000, date(2025, 1, 10), date(2026, 3, 1), None)
    rights = payment_rights(late, date(2026, 3, 1))
    assert rights.notify_by == date(2026, 2, 10) and not rights.notify_in_time
    assert rights.bank_owes_cents == 0
    assert rights.rights[1].code == "notified_too_late"


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        payment_rights(
            UnauthorisedPayment(0, date(2026, 1, 1), date(2026, 1, 1), None), date(2026, 1, 2)
        )
    assert refused.value.field == "amount"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "end of the following business day"),
        ("fr", "fin du jour ouvrable suivant"),
        ("nl", "einde van de eerstvolgende werkdag"),
        ("de", "Ende des folgenden Geschäftstags"),
    ],
)
def test_the_letter_to_the_bank_cites_the_articles_in_the_members_language(
    language: str, words: str
) -> None:
    payment = UnauthorisedPayment(
        125_000, date(2026, 12, 22), date(2026, 12, 23), date(2026, 12, 24)
    )
    letter = BankLetter(
        language,
        date(2026, 12, 24),
        "Cas Peeters",
        "Belfius",
        "TX-1",
        payment,
        payment_rights(payment, date(2026, 12, 24), CALENDAR.is_working_day),
    )
    text = " ".join(letter_document(letter).lines())
    assert words in text and "2015/2366" in text and "VII" in text
    assert render_letter(letter).startswith(b"%PDF")


@given(
    st.integers(min_value=1, max_value=10_000_000),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 1)),
    st.integers(min_value=0, max_value=30),
    st.booleans(),
)
def test_what_the_payer_bears_and_the_bank_owes_add_up(
    amount: int, debited: date, days: int, negligent: bool
) -> None:
    told = debited + timedelta(days=days)
    rights = payment_rights(
        UnauthorisedPayment(amount, debited, debited, told, gross_negligence=negligent),
        told,
    )
    assert rights.payer_bears_cents + rights.bank_owes_cents == amount
    assert rights.payer_bears_cents <= (amount if negligent else 5_000)
    assert rights.refund_due_by is not None and rights.refund_due_by > told
