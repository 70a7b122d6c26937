"""Booking the matches of a bank document, each through the context that owns its target
(billing's collections and transfers, payments' payouts, claims' recoveries); what an owner
refuses stays in finance's queue. Batch credits go first, then everything else; transfers and
returns are booked in bulk. Dedupe key of each line: `bank:{document sha}:{line}`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from cybercare.banking import dispatch
from cybercare.banking.matching import Decision, Match, MatchKind, Reason, Unmatched
from cybercare.banking.statement import Direction, StatementEntry
from cybercare.billing import collection
from cybercare.billing.collection import BatchCredit, DebitReturn, TransferPaid
from cybercare.db.uow import UnitOfWork

Progress = Callable[[int, int], None]  # (lines done, lines in all)


Outcome = tuple[str, str | None, str | None, str | None]  # status, match kind, target, reason

# Batch credits first: a return in the same statement then reverses a collected premium.
_ORDER = {MatchKind.DEBIT_BATCH_COLLECTED: 0, MatchKind.PAYMENT_FILE_EXECUTED: 1}


def apply_decisions(
    uow: UnitOfWork,
    sha256: str,
    entries: Sequence[StatementEntry],
    decisions: dict[int, Decision],
    *,
    at: datetime,
    actor: str,
    progress: Progress | None = None,
) -> dict[int, Outcome]:
    """Book every match through its owner; a match its owner refuses stays unmatched."""
    outcomes: dict[int, Outcome] = {}
    transfers: list[tuple[StatementEntry, Match]] = []
    returns: list[tuple[StatementEntry, Match]] = []
    batches: list[tuple[StatementEntry, Match]] = []
    ordered = sorted(
        entries,
        key=lambda e: _ORDER.get(d.kind, 2) if isinstance(d := decisions[e.line], Match) else 3,
    )
    for done, entry in enumerate(ordered, 1):
        decision = decisions[entry.line]
        key = f"bank:{sha256}:{entry.line}"
        if isinstance(decision, Unmatched):
            outcomes[entry.line] = _unmatched_or_recovery(uow, entry, decision, at)
        elif decision.kind is MatchKind.PREMIUM_TRANSFER:
            transfers.append((entry, decision))  # booked together below
        elif decision.kind is MatchKind.DEBIT_RETURNED:
            returns.append((entry, decision))  # after every batch credit, together
        elif decision.kind is MatchKind.DEBIT_BATCH_COLLECTED:
            batches.append((entry, decision))  # together, before the returns
            outcomes[entry.line] = _matched(decision)
        else:
            applied = _apply(uow, entry, decision, key, at, actor)
            outcomes[entry.line] = _matched(decision) if applied else _not_applied()
        if progress is not None and done % 1000 == 0:
            progress(done, len(entries))
    collection.confirm_batches_collected(
        uow,
        [
            BatchCredit(
                int(m.target.target_id), m.amount_cents, f"bank:{sha256}:{e.line}", e.booking_date
            )
            for e, m in batches
        ],
        at=at,
    )
    returned = collection.record_debit_returns(
        uow,
        [
            DebitReturn(
                e.end_to_end_id or "",
                e.return_reason or "MS03",
                m.amount_cents,
                e.booking_date,
                f"bank:{sha256}:{e.line}",
            )
            for e, m in returns
        ],
        at=at,
        actor=actor,
    )
    paid = collection.record_transfers_paid(
        uow,
        [
            TransferPaid(
                int(m.target.target_id),
                m.amount_cents,
                e.booking_date,
                f"bank:{sha256}:{e.line}",
            )
            for e, m in transfers
        ],
        at=at,
        ledger_key=f"bank:{sha256}:transfers",
    )
    for batch, applied_keys in ((returns, returned.keys()), (transfers, paid)):
        for entry, match in batch:
            applied = f"bank:{sha256}:{entry.line}" in applied_keys
            outcomes[entry.line] = _matched(match) if applied else _not_applied()
    if progress is not None:
        progress(len(entries), len(entries))
    return outcomes


def _matched(match: Match) -> Outcome:
    return (
        "matched",
        match.kind.value,
        f"{match.target.kind.value}:{match.target.target_id}",
        None,
    )


def _not_applied() -> Outcome:
    return ("unmatched", None, None, "not_applied")


def _unmatched_or_recovery(
    uow: UnitOfWork, entry: StatementEntry, decision: Unmatched, at: datetime
) -> Outcome:
    """A credit with a structured communication that is no premium of ours may pay back a
    recovery file (Art. 8.5): claims decides."""
    if (
        decision.reason is Reason.UNKNOWN_COMMUNICATION
        and entry.direction is Direction.CREDIT
        and entry.structured_communication
        and dispatch.recovery_payment(
            uow,
            structured_communication=entry.structured_communication,
            amount_cents=entry.amount_cents,
            bank_reference=entry.bank_reference,
            on=entry.booking_date,
            at=at,
        )
    ):
        target = f"recovery:{entry.structured_communication}"
        return ("matched", MatchKind.RECOVERY_PAYMENT.value, target, None)
    return ("unmatched", None, None, decision.reason.value)


def _apply(
    uow: UnitOfWork, entry: StatementEntry, match: Match, key: str, at: datetime, actor: str
) -> bool:
    target, on = match.target.target_id, entry.booking_date
    if match.kind is MatchKind.DEBIT_BATCH_COLLECTED:
        collection.confirm_batch_collected(
            uow, int(target), amount_cents=match.amount_cents, dedupe_key=key, on=on, at=at
        )
        return True
    if match.kind is MatchKind.DEBIT_RETURNED:
        assert entry.end_to_end_id is not None
        returned = collection.record_debit_return(
            uow,
            entry.end_to_end_id,
            entry.return_reason or "MS03",
            match.amount_cents,
            on,
            at,
            dedupe_key=key,
            actor=actor,
        )
        return returned is not None
    if match.kind is MatchKind.PAYMENT_FILE_EXECUTED:
        return dispatch.payment_file_executed(
            uow, target, amount_cents=match.amount_cents, on=on, at=at
        )
    if match.kind is MatchKind.PAYOUT_EXECUTED:
        return dispatch.payout_executed(uow, target, amount_cents=match.amount_cents, on=on, at=at)
    if match.kind is MatchKind.PAYOUT_RETURNED:
        return dispatch.payout_returned(
            uow,
            target,
            reason_code=entry.return_reason or "NARR",
            amount_cents=match.amount_cents,
            on=on,
            at=at,
        )
    if match.kind is MatchKind.PREMIUM_TRANSFER:
        paid = collection.record_transfers_paid(
            uow, [TransferPaid(int(target), match.amount_cents, on, key)], at=at, ledger_key=key
        )
        return key in paid
    assert match.kind is MatchKind.RECOVERY_PAYMENT
    return dispatch.recovery_payment(
        uow,
        structured_communication=entry.structured_communication or "",
        amount_cents=match.amount_cents,
        bank_reference=entry.bank_reference,
        on=on,
        at=at,
    )
