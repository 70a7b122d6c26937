"""Indicator extraction per kind, with the kept libraries (issue 20): registrable domains from
tldextract's bundled list (never fetched), IBANs by schwifty, phones by phonenumbers (BE by
default), e-mail senders by the standard library's parser; lookalikes of protected brands."""

from __future__ import annotations

import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.kernel.errors import InvalidInput
from cybercare.radar import extraction
from cybercare.radar.domain import IndicatorKind, ReportKind
from cybercare.radar.extraction import indicators_of, registrable_domain
from cybercare.radar.lookalike import edit_distance, lookalike_of, skeleton

PARCEL_TEXT = (
    "bpost: your parcel is on hold. Pay the 1,99 EUR customs fee within 24h at "
    "https://bpost-fee.info/pay?id=88 or call 0470 12 34 56. IBAN BE71 0961 2345 6769"
)


def values(found: list[extraction.Indicator], kind: IndicatorKind) -> list[str]:
    return [i.value for i in found if i.kind is kind]


def test_tldextract_uses_the_bundled_list_and_never_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no network at run time")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    extraction._extractor.cache_clear()
    assert extraction._extractor().suffix_list_urls == ()
    assert registrable_domain("https://login.secure.bpost-fee.co.uk/x") == "bpost-fee.co.uk"
    assert registrable_domain("WWW.Belfius.BE") == "belfius.be"
    assert registrable_domain("localhost") is None


def test_a_parcel_fee_text_gives_domain_phone_and_iban() -> None:
    _, found = indicators_of(ReportKind.TEXT, PARCEL_TEXT)
    assert values(found, IndicatorKind.DOMAIN) == ["bpost-fee.info"]
    assert values(found, IndicatorKind.PHONE) == ["+32470123456"]
    assert values(found, IndicatorKind.IBAN) == ["BE71096123456769"]
    domain = next(i for i in found if i.kind is IndicatorKind.DOMAIN)
    assert domain.lookalike_of == "bpost.be"


@pytest.mark.parametrize(
    ("kind", "typed", "value"),
    [
        (ReportKind.IBAN, "be71 0961 2345 6769", "BE71096123456769"),
        (ReportKind.PHONE, "0470/12.34.56", "+32470123456"),
        (ReportKind.PHONE, "+33 6 12 34 56 78", "+33612345678"),
        (ReportKind.LINK, "http://Www.Kbc-Secure.net/login", "kbc-secure.net"),
        (ReportKind.SHOP, "cheap-sneakers-outlet.shop", "cheap-sneakers-outlet.shop"),
        (
            ReportKind.PROFILE,
            "https://www.instagram.com/Fake.Giveaway/",
            "instagram.com/fake.giveaway",
        ),
    ],
)
def test_each_single_kind_is_normalised(kind: ReportKind, typed: str, value: str) -> None:
    _, found = indicators_of(kind, typed)
    assert [i.value for i in found] == [value]


def test_a_bad_iban_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        indicators_of(ReportKind.IBAN, "BE00 0000 0000 0000")
    assert refused.value.field == "content"


def test_an_eml_file_gives_its_senders_and_links() -> None:
    eml = (
        b'From: "bpost" <noreply@bpost-delivery.info>\r\n'
        b"Reply-To: pay@collect-fee.com\r\n"
        b"Return-Path: <bounce@mailer.example.net>\r\n"
        b"Subject: =?utf-8?q?Votre_colis?=\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b'<p>Payez <a href="https://bpost-delivery.info/pay">ici</a></p>\r\n'
    )
    content, found = indicators_of(ReportKind.EMAIL, "", eml=eml)
    assert "Subject: Votre colis" in content
    assert values(found, IndicatorKind.EMAIL) == [
        "noreply@bpost-delivery.info",
        "pay@collect-fee.com",
        "bounce@mailer.example.net",
    ]
    assert "bpost-delivery.info" in values(found, IndicatorKind.DOMAIN)


def test_a_file_that_is_no_email_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        indicators_of(ReportKind.EMAIL, "", eml=b"\x89PNG\r\n\x1a\n")
    assert refused.value.field == "file"


def test_an_idn_homograph_of_a_bank_is_flagged_in_punycode_form() -> None:
    # "bеlfius" with a Cyrillic "е" (U+0435): the link a member sees looks like Belfius.
    _, found = indicators_of(ReportKind.LINK, "https://b\u0435lfius.be/login")
    (domain,) = found
    assert domain.value.startswith("xn--") and domain.value.endswith(".be")
    assert domain.lookalike_of == "belfius.be"


@pytest.mark.parametrize(
    ("domain", "imitates"),
    [
        ("belfuis.be", "belfius.be"),  # transposition
        ("belfuis-login.be", "belfius.be"),  # a near word among others
        ("arqenta.be", "argenta.be"),  # one letter
        ("rnyminfin.be", "fgov.be"),  # "rn" for "m"
        ("kbc-secure-login.com", "kbc.be"),  # the name as a word
        ("b\u03bfst.be".replace("\u03bfst", "p\u03bfst"), "bpost.be"),  # Greek omicron
        ("kbc.be", None),  # the bank's own
        ("bakery-leuven.be", None),
    ],
)
def test_lookalikes_of_protected_brands(domain: str, imitates: str | None) -> None:
    assert lookalike_of(extraction.idna(domain)) == imitates


def test_skeleton_and_distance() -> None:
    assert skeleton("p\u0430yc\u043eniq") == "payconiq"
    assert edit_distance("belfius", "belfuis") == 1
    assert edit_distance("kbc", "crelan") == 3


@given(
    st.lists(
        st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True), min_size=1, max_size=3
    ),
    st.sampled_from(["be", "com", "co.uk", "info", "shop"]),
)
def test_a_normalised_domain_normalises_to_itself(labels: list[str], suffix: str) -> None:
    host = ".".join([*labels, suffix])
    once = registrable_domain(host)
    assert once is not None and registrable_domain(once) == once
    assert lookalike_of(once) == lookalike_of(registrable_domain(once.upper()) or "")
