"""What the bank checks when a file arrives, and the reason codes of its pain.002.

Group level: NbOfTxs and CtrlSum must match the transactions (AM18, AM10).
Payment information level: our account's IBAN (AC01), its NbOfTxs and CtrlSum (AM18, AM10), the
requested date (DT01: a collection date before the bank's business day, or more than a year
ahead), the service level SEPA and, for direct debits, the creditor scheme id (FF01 / CORE).
Transaction level: the counterparty's IBAN checksum (AC01), EUR only (AM03), a positive amount
with at most two decimals (AM12), an end-to-end id used once in the file (AM05), a mandate id
(MD01), amendment details when the amendment indicator is set (MD02), a mandate already known
for another account without amendment details saying so (MD02), and the rejects configured with
`PUT /control/rules` (any ISO code, by counterparty IBAN).
"""

from __future__ import annotations

from datetime import date, timedelta

from banksim.iban import iban_valid, normalised
from banksim.model import (
    ACCEPTED,
    PARTIAL,
    REJECTED,
    BankState,
    PaymentBlock,
    ReceivedFile,
    Transaction,
)
from banksim.pain_in import PAIN_008, BlockIn, FileIn, TxIn, cents

INSTANT_LIMIT_CENTS = 100_000_00  # the SEPA Instant scheme's maximum amount


def business_day(state: BankState, account_iban: str, fallback: date) -> date:
    """The day a file counts as received for an account: the day after its last statement, or
    (before any) the file's own creation date."""
    account = state.accounts.get(normalised(account_iban))
    if account is not None and account.last_closed is not None:
        return date.fromisoformat(account.last_closed) + timedelta(days=1)
    return fallback


def judge_file(state: BankState, read: FileIn, *, file_id: str, sha256: str) -> ReceivedFile:
    created = date.fromisoformat(read.created_at[:10])
    blocks = [_judge_block(state, read, block, created) for block in read.blocks]
    all_txs = [tx for block in blocks for tx in block.transactions]
    stated_count = _int(read.nb_of_txs)
    group_reason = None
    if stated_count != len(all_txs) or not all_txs:
        group_reason = "AM18"
    elif read.control_sum is not None and cents(read.control_sum) != _sum(read.blocks):
        group_reason = "AM10"
    received = ReceivedFile(
        file_id=file_id,
        message_id=read.message_id,
        message_name=read.message_name,
        sha256=sha256,
        received_on=created.isoformat(),
        nb_of_txs=len(all_txs),
        control_sum_cents=cents(read.control_sum) if read.control_sum else None,
        blocks=blocks,
    )
    if group_reason is not None:
        received.status, received.reason = REJECTED, group_reason
        for block in blocks:
            _reject_block(block, group_reason)
        return received
    received.status = _group_status([tx.status for tx in all_txs])
    return received


def _judge_block(state: BankState, read: FileIn, block: BlockIn, created: date) -> PaymentBlock:
    seen: set[str] = set()
    txs = [_judge_tx(state, block, tx, seen) for tx in block.transactions]
    judged = PaymentBlock(
        payment_info_id=block.payment_info_id,
        method=block.method,
        account_iban=normalised(block.account_iban),
        account_name=block.account_name,
        due_date=block.due_date[:10],
        nb_of_txs=len(txs),
        control_sum_cents=cents(block.control_sum) if block.control_sum else None,
        instant=block.local_instrument == "INST",
        creditor_scheme_id=block.creditor_scheme_id,
        transactions=txs,
    )
    reason = _block_reason(state, read, block, created)
    if reason is not None:
        _reject_block(judged, reason)
    else:
        judged.status = _group_status([tx.status for tx in txs])
    return judged


def _block_reason(state: BankState, read: FileIn, block: BlockIn, created: date) -> str | None:
    if not iban_valid(block.account_iban):
        return "AC01"
    if _int(block.nb_of_txs) != len(block.transactions) or not block.transactions:
        return "AM18"
    if block.control_sum is not None and cents(block.control_sum) != _sum([block]):
        return "AM10"
    if block.service_level != "SEPA":
        return "FF01"
    try:
        due = date.fromisoformat(block.due_date[:10])
    except ValueError:
        return "DT01"
    if read.message_name == PAIN_008:
        if not block.creditor_scheme_id or block.local_instrument not in {"CORE", "B2B"}:
            return "FF01"
        today = business_day(state, block.account_iban, created)
        if due < today or due > today + timedelta(days=366):
            return "DT01"
    return None


def _judge_tx(state: BankState, block: BlockIn, tx: TxIn, seen: set[str]) -> Transaction:
    amount = cents(tx.amount)
    judged = Transaction(
        end_to_end_id=tx.end_to_end_id,
        amount_cents=amount or 0,
        counterparty_name=tx.counterparty_name,
        counterparty_iban=normalised(tx.counterparty_iban),
        counterparty_bic=tx.counterparty_bic,
        remittance=tx.remittance,
        structured_reference=tx.structured_reference,
        mandate_id=tx.mandate_id,
    )
    reason = _tx_reason(state, block, tx, amount, seen)
    seen.add(tx.end_to_end_id)
    if reason is not None:
        judged.status, judged.reason = REJECTED, reason
    return judged


def _tx_reason(
    state: BankState, block: BlockIn, tx: TxIn, amount: int | None, seen: set[str]
) -> str | None:
    if not iban_valid(tx.counterparty_iban):
        return "AC01"
    if tx.currency != "EUR":
        return "AM03"
    if amount is None:
        return "AM12"
    if tx.end_to_end_id in seen:
        return "AM05"
    if block.local_instrument == "INST" and amount > INSTANT_LIMIT_CENTS:
        return "AM02"
    if block.method == "DD":
        reason = _mandate_reason(state, block, tx)
        if reason is not None:
            return reason
    return state.rules.rejects.get(normalised(tx.counterparty_iban))


def _mandate_reason(state: BankState, block: BlockIn, tx: TxIn) -> str | None:
    if not tx.mandate_id:
        return "MD01"
    if tx.amended and tx.amendment is None:
        return "MD02"
    key = f"{block.creditor_scheme_id}|{tx.mandate_id}"
    known = state.mandates.get(key)
    if tx.amendment is not None and tx.amendment.original_mandate_id:
        known = state.mandates.get(f"{block.creditor_scheme_id}|{tx.amendment.original_mandate_id}")
    debtor = normalised(tx.counterparty_iban)
    if known is not None and known != debtor:
        changed_account = tx.amendment is not None and (
            tx.amendment.original_debtor_iban is not None
            or tx.amendment.original_debtor_agent == "SMNDA"
        )
        if not changed_account:
            return "MD02"
    return None


def remember_mandates(state: BankState, read: FileIn, received: ReceivedFile) -> None:
    """The debtor banks' view: a collected mandate now points at the account it was drawn on."""
    if read.message_name != PAIN_008:
        return
    for block_in, block in zip(read.blocks, received.blocks, strict=True):
        for tx_in, tx in zip(block_in.transactions, block.transactions, strict=True):
            if tx.status == ACCEPTED and tx_in.mandate_id:
                key = f"{block_in.creditor_scheme_id}|{tx_in.mandate_id}"
                state.mandates[key] = tx.counterparty_iban


def _reject_block(block: PaymentBlock, reason: str) -> None:
    block.status, block.reason = REJECTED, reason
    for tx in block.transactions:
        if tx.status != REJECTED:
            tx.status, tx.reason = REJECTED, reason


def _group_status(statuses: list[str]) -> str:
    if all(status == REJECTED for status in statuses):
        return REJECTED
    if any(status == REJECTED for status in statuses):
        return PARTIAL
    return ACCEPTED


def _sum(blocks: list[BlockIn]) -> int | None:
    total = 0
    for block in blocks:
        for tx in block.transactions:
            amount = cents(tx.amount)
            if amount is None:
                return None
            total += amount
    return total


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None
