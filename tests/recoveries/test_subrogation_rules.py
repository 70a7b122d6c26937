"""The pure rules of recovery files (Art. 8.5), property-tested: whatever arrives, what is
recovered never exceeds what was paid, and a finished file takes nothing more."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.billing.domain import communication_for as premium_communication
from cybercare.claims.subrogation import (
    Counterparty,
    RecoveryFile,
    RecoveryRefused,
    RecoveryStatus,
    communication_for,
    file_id_of,
    opens_recovery,
)
from cybercare.kernel.errors import InvalidInput

AT = datetime(2026, 12, 10, tzinfo=UTC)


def _file(paid: int = 10_000) -> RecoveryFile:
    return RecoveryFile(1, "clm_1", "ECOM", paid, Counterparty())


@given(
    paid=st.integers(min_value=1, max_value=10**9),
    amounts=st.lists(st.integers(min_value=-5, max_value=10**9), max_size=20),
)
def test_art_8_5_recovery_never_exceeds_the_amount_paid(paid: int, amounts: list[int]) -> None:
    file = _file(paid)
    for cents in amounts:
        with contextlib.suppress(RecoveryRefused, InvalidInput):
            file = file.recovered(cents)
        assert 0 <= file.recovered_cents <= file.paid_cents
        assert (file.status == RecoveryStatus.RECOVERED) == (file.recovered_cents == paid)


def test_art_8_5_statuses_from_open_to_recovered() -> None:
    file = _file(10_000).demanded(AT)
    assert file.status == RecoveryStatus.DEMANDED
    file = file.recovered(4_000)
    assert file.status == RecoveryStatus.PARTLY_RECOVERED
    assert file.demanded(AT).status == RecoveryStatus.PARTLY_RECOVERED  # a reminder
    file = file.recovered(6_000)
    assert file.status == RecoveryStatus.RECOVERED
    with pytest.raises(RecoveryRefused):
        file.recovered(1)
    with pytest.raises(RecoveryRefused):
        file.written_off("x")
    with pytest.raises(RecoveryRefused):
        file.demanded(AT)


def test_art_8_5_a_write_off_states_its_reason() -> None:
    with pytest.raises(InvalidInput):
        _file().written_off("  ")
    assert _file().written_off("fraudster unknown").status == RecoveryStatus.WRITTEN_OFF


def test_art_8_5_only_paid_ecom_and_payf_claims_open_a_file() -> None:
    assert opens_recovery("ECOM", 1) and opens_recovery("PAYF", 1)
    assert not opens_recovery("ECOM", 0) and not opens_recovery("EREP", 5_000)


@given(st.integers(min_value=1, max_value=10**9 - 1))
def test_a_recovery_communication_is_valid_mod_97_and_never_a_premium_lines(file_id: int) -> None:
    communication = communication_for(file_id)
    assert file_id_of(communication) == file_id
    digits = communication.strip("+").replace("/", "")
    assert int(digits[-2:]) == (int(digits[:10]) % 97 or 97)
    assert file_id_of(premium_communication(file_id)) is None
