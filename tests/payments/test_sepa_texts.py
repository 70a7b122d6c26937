"""Whatever people type, SEPA files carry only the EPC basic Latin set (kernel/sepa_text.py),
and the pain.001 built from it validates against the ISO 20022 schema sepaxml ships."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from cybercare.kernel.sepa_text import EPC_ALLOWED, epc_identifier, epc_text
from cybercare.payments.sepa import Transfer, build_pain001, validate_pain001
from tests.accounts import PAYOUT_ACCOUNT

NASTY = "Zoë_O'Brien & <Co>"


@given(st.text(max_size=200), st.integers(min_value=1, max_value=140))
def test_any_text_becomes_epc_characters_within_its_length(text: str, length: int) -> None:
    cleaned = epc_text(text, length)
    assert set(cleaned) <= EPC_ALLOWED and len(cleaned) <= length


@given(st.text(min_size=1, max_size=80))
def test_an_identifier_never_has_spaces_nor_double_or_edge_slashes(text: str) -> None:
    try:
        cleaned = epc_identifier(text)
    except ValueError:
        return  # nothing allowed in it: refused rather than invented
    assert set(cleaned) <= EPC_ALLOWED - {" "} and 1 <= len(cleaned) <= 35
    assert "//" not in cleaned and not cleaned.startswith("/") and not cleaned.endswith("/")


def _texts(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    return [n.text for n in root.iter() if isinstance(n.tag, str) and n.text and n.text.strip()]


def test_a_payment_file_with_nasty_names_keeps_only_epc_characters_and_validates() -> None:
    at = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
    pain = build_pain001(
        "PF_NASTY_1",
        PAYOUT_ACCOUNT,
        [Transfer("pay_<1>", NASTY, "BE71096123456769", 12_345, f"Cyber Care clm_1 {NASTY}")],
        date(2026, 12, 1),
        at,
    )
    validate_pain001(pain.xml)
    assert all(set(text) <= EPC_ALLOWED for text in _texts(pain.xml))
    assert pain.message_id == "PF-NASTY-1" and b"<MsgId>PF-NASTY-1</MsgId>" in pain.xml
    assert b"<CreDtTm>2026-11-30T09:15:00</CreDtTm>" in pain.xml  # the clock's, Brussels time
    assert b"Zoe-O'Brien + .Co." in pain.xml


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=90))
def test_any_creditor_name_gives_a_valid_payment_file(name: str) -> None:
    assume(epc_text(name, 70))  # no character survives: refused upstream (checked_holder)
    pain = build_pain001(
        "PF-PROP",
        PAYOUT_ACCOUNT,
        [Transfer("pay-1", name, "BE71096123456769", 100, name)],
        date(2026, 12, 1),
        datetime(2026, 11, 30, tzinfo=UTC),
    )
    assert all(set(text) <= EPC_ALLOWED for text in _texts(pain.xml))
