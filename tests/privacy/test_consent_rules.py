"""The pure rules of consent and of the versioned texts (GDPR art. 7, 9(2)(a), 13), with
hypothesis for the invariants: a valid consent is never withdrawn, never a representative's for
someone of age; the text in effect is the latest whose day has come."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.consent.consent import (
    Consent,
    ConsentChannel,
    ConsentPurpose,
    ConsentRequired,
    require_consent,
    valid_consent,
)
from cybercare.consent.notice import check_presented, to_show
from cybercare.consent.text_files import consent_texts, privacy_notices
from cybercare.consent.texts import TextBook, TextVersion
from cybercare.kernel.errors import InvalidInput

T0 = datetime(2026, 1, 1, tzinfo=UTC)
LANGS = ("nl", "fr", "de", "en")


def _consent(i: int, *, by_rep: bool, withdrawn: bool) -> Consent:
    return Consent(
        consent_id=f"cns_{i}",
        subject_person_id="per_s",
        purpose=ConsentPurpose.PSYCHOLOGICAL_ASSISTANCE,
        given_by_person_id="per_r" if by_rep else "per_s",
        channel=ConsentChannel.PORTAL,
        recorded_by_user_id="usr",
        text_version="2025-01",
        language="nl",
        text="t",
        text_sha256="0" * 64,
        given_at=T0 + timedelta(minutes=i),
        withdrawn_at=T0 + timedelta(days=1) if withdrawn else None,
        withdrawn_by_user_id="usr" if withdrawn else None,
        withdrawal_channel=ConsentChannel.PORTAL if withdrawn else None,
    )


@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=8), st.booleans())
def test_gdpr_7_a_valid_consent_is_active_and_a_representatives_only_for_a_minor(
    flags: list[tuple[bool, bool]], minor: bool
) -> None:
    consents = [_consent(i, by_rep=r, withdrawn=w) for i, (r, w) in enumerate(flags)]
    valid = valid_consent(consents, ConsentPurpose.PSYCHOLOGICAL_ASSISTANCE, subject_is_minor=minor)
    eligible = [c for c in consents if c.active and (minor or not c.by_representative)]
    if not eligible:
        assert valid is None
    else:
        assert valid == eligible[-1]  # the most recent


def test_gdpr_9_2_a_no_consent_is_refused_with_both_references() -> None:
    with pytest.raises(ConsentRequired) as refused:
        require_consent(None, ConsentPurpose.PSYCHOLOGICAL_ASSISTANCE)
    assert (refused.value.code, refused.value.clause) == ("consent.required", "Art. 11.2")
    assert "GDPR art. 9(2)(a)" in str(refused.value)


def _book() -> TextBook:
    return TextBook.of(
        "privacy_notice",
        [
            TextVersion("privacy_notice", "v1", date(2025, 1, 1), dict.fromkeys(LANGS, "one")),
            TextVersion("privacy_notice", "v2", date(2026, 6, 1), dict.fromkeys(LANGS, "two")),
        ],
    )


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 1, 1)))
def test_gdpr_13_the_version_in_effect_is_the_latest_whose_day_has_come(day: date) -> None:
    assert _book().current(day).version == ("v2" if day >= date(2026, 6, 1) else "v1")


def test_gdpr_13_a_notice_seen_is_not_shown_again_a_new_one_is() -> None:
    assert to_show(_book(), {"v1"}, date(2026, 1, 1)) is None
    shown = to_show(_book(), {"v1"}, date(2026, 6, 1))
    assert shown is not None and shown.version == "v2"


def test_gdpr_13_a_replaced_notice_may_be_presented_within_the_quotes_validity_only() -> None:
    assert check_presented(_book(), "v1", date(2026, 6, 30)).version == "v1"
    with pytest.raises(InvalidInput, match="replaced on 2026-06-01"):
        check_presented(_book(), "v1", date(2026, 7, 1))
    with pytest.raises(InvalidInput, match="not in effect yet"):
        check_presented(_book(), "v2", date(2026, 5, 31))


def test_a_version_lacking_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no text in de"):
        TextVersion("privacy_notice", "v", date(2025, 1, 1), {"nl": "a", "fr": "b", "en": "c"})


@pytest.mark.parametrize("book", [privacy_notices(), consent_texts("psychological_assistance")])
def test_the_shipped_texts_have_the_four_languages_and_distinct_wordings(book: TextBook) -> None:
    for version in book.versions:
        texts = [version.text(lang) for lang in LANGS]
        assert len(set(texts)) == 4  # really translated, not copied
        assert all(text.startswith("# ") for text in texts)
