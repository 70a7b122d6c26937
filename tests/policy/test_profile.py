"""The member's phone number as the audit trail keeps it (Art. 11.1): never in clear."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cybercare.policy.profile import masked, phone_display


@given(st.from_regex(r"\+[1-9][0-9]{7,14}", fullmatch=True))
def test_art_11_1_the_audit_keeps_only_the_country_prefix_and_last_two_digits(e164: str) -> None:
    kept = masked(e164)
    assert kept is not None
    prefix, last = kept.split("…")
    assert prefix == e164[:3] and last == e164[-2:]
    assert sum(c.isdigit() for c in kept) <= 4


def test_no_number_is_masked_as_none() -> None:
    assert masked(None) is None


def test_a_number_reads_as_people_write_it_and_a_stored_oddity_stays_as_it_is() -> None:
    assert phone_display("+32470123456") == "+32 470 12 34 56"
    assert phone_display("0470") == "0470"
