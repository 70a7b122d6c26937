"""The SEPA Core mandate lifecycle (EPC SDD Core rulebook): pure rules."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.billing import mandate as m
from cybercare.kernel.errors import InvalidInput

SIGNED = date(2026, 3, 15)


def _mandate(**changes: object) -> m.Mandate:
    signed = m.sign(
        reference="CC-2026-000123",
        affiliation_id="aff_1",
        holder_name="An Peeters",
        iban="BE68539007547034",
        bic="GKCCBEBB",
        signed_on=SIGNED,
        channel=m.MandateChannel.PAPER,
        today=date(2026, 3, 20),
    )
    from dataclasses import replace

    return replace(signed, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "reference", ["", "CC 1", "CC_1", "A&B", "/CC1", "CC1/", "CC//1", "x" * 36]
)
def test_a_mandate_reference_has_only_identifier_characters(reference: str) -> None:
    with pytest.raises(InvalidInput) as error:
        m.checked_reference(reference)
    assert error.value.field == "reference"


def test_a_mandate_signed_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        m.sign(
            reference="CC1",
            affiliation_id="a",
            holder_name="An",
            iban="BE68539007547034",
            bic="GKCCBEBB",
            signed_on=date(2026, 3, 21),
            channel=m.MandateChannel.PAPER,
            today=date(2026, 3, 20),
        )
    assert error.value.field == "signature_date"


def test_every_recurrent_collection_is_rcur_including_the_first() -> None:
    terms, after = m.collect(_mandate(), date(2026, 4, 2))
    assert terms.sequence_type is m.SequenceType.RCUR and terms.amendment is None
    terms, _ = m.collect(after, date(2026, 5, 4))
    assert terms.sequence_type is m.SequenceType.RCUR


def test_a_new_iban_at_the_same_bank_is_reported_once_in_the_next_collection() -> None:
    amended = m.amend(
        _mandate(),
        iban="BE62510007547061",
        bic="GKCCBEBB",
        holder_name="An Peeters",
        today=date(2026, 4, 1),
    )
    assert amended.status is m.MandateStatus.AMENDED
    terms, after = m.collect(amended, date(2026, 4, 2))
    assert terms.amendment == m.Amendment("BE68539007547034", False, None)
    assert after.status is m.MandateStatus.ACTIVE and after.amendment is None
    again, _ = m.collect(after, date(2026, 5, 4))
    assert again.amendment is None


def test_a_move_to_another_bank_is_reported_as_smnda_without_the_old_account() -> None:
    amended = m.amend(
        _mandate(),
        iban="BE71096123456769",
        bic="GEBABEBB",
        holder_name="An Peeters",
        today=date(2026, 4, 1),
    )
    terms, _ = m.collect(amended, date(2026, 4, 2))
    assert terms.amendment == m.Amendment(None, True, None)
    assert terms.sequence_type is m.SequenceType.RCUR  # no FRST since the 2016 rulebook


def test_two_amendments_before_a_collection_report_what_the_bank_last_saw() -> None:
    once = m.amend(
        _mandate(),
        iban="BE62510007547061",
        bic="GKCCBEBB",
        holder_name="An Peeters",
        today=date(2026, 4, 1),
    )
    twice = m.amend(
        once,
        iban="BE43068999999501",
        bic="GKCCBEBB",
        holder_name="An Peeters-Smet",
        today=date(2026, 4, 1),
    )
    assert twice.amendment == m.Amendment("BE68539007547034", False, "An Peeters")
    back = m.amend(
        twice,
        iban="BE68539007547034",
        bic="GKCCBEBB",
        holder_name="An Peeters",
        today=date(2026, 4, 1),
    )
    assert back.amendment is None and back.status is m.MandateStatus.ACTIVE


def test_a_cancelled_mandate_collects_nothing_unless_a_final_collection_is_due() -> None:
    cancelled = m.cancel(_mandate(), today=date(2026, 6, 1))
    with pytest.raises(m.MandateNotCollectible):
        m.collect(cancelled, date(2026, 6, 3))
    with pytest.raises(m.MandateTransitionRefused):
        m.cancel(cancelled, today=date(2026, 6, 2))
    last = m.cancel(_mandate(), today=date(2026, 6, 1), final_collection_due=True)
    terms, after = m.collect(last, date(2026, 6, 3))
    assert terms.sequence_type is m.SequenceType.FNAL and not m.is_collectible(after)


def test_a_cancelled_mandate_cannot_be_amended() -> None:
    with pytest.raises(m.MandateTransitionRefused):
        m.amend(
            m.cancel(_mandate(), today=date(2026, 6, 1)),
            iban="BE62510007547061",
            bic="GKCCBEBB",
            holder_name="An",
            today=date(2026, 6, 2),
        )


def test_a_collection_before_the_signature_is_refused() -> None:
    with pytest.raises(m.MandateNotCollectible) as error:
        m.collect(_mandate(), date(2026, 3, 14))
    assert error.value.params["signature_date"] == "2026-03-15"


def test_a_mandate_lapses_36_months_after_the_last_collection_exactly() -> None:
    _, used = m.collect(_mandate(), date(2026, 4, 2))
    assert m.lapses_on(used) == date(2029, 4, 2)
    assert m.lapse_if_unused(used, date(2029, 4, 1)) is None
    lapsed = m.lapse_if_unused(used, date(2029, 4, 2))
    assert lapsed is not None and lapsed.status is m.MandateStatus.LAPSED
    with pytest.raises(m.MandateNotCollectible):
        m.collect(lapsed, date(2029, 4, 3))


def test_a_mandate_never_used_lapses_36_months_after_its_signature() -> None:
    assert m.lapses_on(_mandate()) == date(2029, 3, 15)
    assert m.lapses_on(_mandate(signed_on=date(2024, 2, 29))) == date(2027, 2, 28)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_the_lapse_date_is_always_36_calendar_months_later(last: date) -> None:
    lapse = m.lapses_on(_mandate(signed_on=last))
    assert (lapse.year - last.year) * 12 + lapse.month - last.month == 36
    assert lapse.day <= last.day
