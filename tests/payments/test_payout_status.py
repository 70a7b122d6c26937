"""The payout's status machine, without a database (Art. 8.4): every move the table names is
allowed, every other is refused and changes nothing, and no sequence of commands reaches a state
the payouts table would refuse or pays a payout twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.payments.domain import (
    FILED,
    MOVES,
    Payout,
    PayoutMoveRefused,
    PayoutStatus,
    check_move,
)

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def a_payout(*, iban_known: bool) -> Payout:
    return Payout.new(
        "pay_1",
        claim_id="clm_1",
        decision_id=1,
        household_id="hh_1",
        amount_cents=40_000,
        iban="BE71096123456769",
        holder_name="An Peeters",
        iban_known=iban_known,
        at=START,
    )


Command = Callable[[Payout, datetime], Payout]
COMMANDS: dict[str, Command] = {
    "approve": lambda p, at: p.approve(at),
    "put_in_file": lambda p, at: p.put_in_file("PF-1", at),
    "pay": lambda p, at: p.pay(at),
    "send_back": lambda p, at: p.send_back("account closed " + "x" * 300, at),
}
TARGET = {
    "approve": PayoutStatus.SCHEDULED,
    "put_in_file": PayoutStatus.IN_FILE,
    "pay": PayoutStatus.PAID,
    "send_back": PayoutStatus.RETURNED,
}


def test_a_payout_to_an_unknown_iban_waits_for_review_and_a_known_one_is_scheduled() -> None:
    assert a_payout(iban_known=False).status is PayoutStatus.PENDING_REVIEW
    assert a_payout(iban_known=True).status is PayoutStatus.SCHEDULED
    assert a_payout(iban_known=True).remittance == "Cyber Care clm_1"


@pytest.mark.parametrize("current", list(PayoutStatus))
@pytest.mark.parametrize("target", list(PayoutStatus))
def test_only_the_named_moves_are_allowed(current: PayoutStatus, target: PayoutStatus) -> None:
    if target in MOVES[current]:
        check_move(current, target)
        return
    with pytest.raises(PayoutMoveRefused) as refused:
        check_move(current, target)
    assert refused.value.clause == "Art. 8.4"
    assert refused.value.params == {"status": current.value, "target": target.value}


def test_a_returned_payout_moves_no_more() -> None:
    returned = a_payout(iban_known=True).put_in_file("PF-1", START).send_back("closed", START)
    for command in COMMANDS.values():
        with pytest.raises(PayoutMoveRefused):
            command(returned, START)


@given(
    iban_known=st.booleans(),
    commands=st.lists(st.sampled_from(sorted(COMMANDS)), max_size=12),
)
def test_no_sequence_of_commands_reaches_an_illegal_state_or_pays_twice(
    iban_known: bool, commands: list[str]
) -> None:
    payout = a_payout(iban_known=iban_known)
    times_paid = 0
    for minute, name in enumerate(commands, start=1):
        at = START + timedelta(minutes=minute)
        before = payout
        try:
            payout = COMMANDS[name](payout, at)
        except PayoutMoveRefused:
            assert TARGET[name] not in MOVES[before.status]
            continue  # a refused move changes nothing: `before` is still the payout
        assert payout.status is TARGET[name]
        assert TARGET[name] in MOVES[before.status]
        assert payout.updated_at == at
        times_paid += payout.status is PayoutStatus.PAID
        # What the payouts table's constraints hold (status_valid, filed_has_file).
        assert payout.status in PayoutStatus
        assert payout.status not in FILED or payout.payment_file_id == "PF-1"
        assert (payout.return_reason is not None) == (payout.status is PayoutStatus.RETURNED)
        assert payout.return_reason is None or len(payout.return_reason) <= 200
        # What never moves: the money and whom it is for.
        assert (payout.amount_cents, payout.iban, payout.claim_id) == (40_000, before.iban, "clm_1")
        assert payout.created_at == START
    assert times_paid <= 1
