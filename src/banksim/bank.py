"""The bank's operations: take a file, execute an instant transfer, queue an incoming transfer,
close a day. Each runs inside `Store.changing()`: all or nothing, then saved."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from banksim.camt import write_camt053, write_camt054
from banksim.checks import business_day, judge_file, remember_mandates
from banksim.coda import write_coda
from banksim.entries import DayStatement, Detail, Entry, Kind
from banksim.iban import iban_valid, normalised
from banksim.model import (
    ACCEPTED,
    REJECTED,
    SETTLED,
    Account,
    BankState,
    Incoming,
    PaymentBlock,
    ReceivedFile,
)
from banksim.pain002 import write_pain002
from banksim.pain_in import PAIN_001, BlockIn, read_pain
from banksim.state import Store


class DuplicateMessage(Exception):
    def __init__(self, message_id: str, file_id: str) -> None:
        super().__init__(f"message id {message_id} already received (file {file_id})")
        self.message_id = message_id
        self.file_id = file_id


class Refused(ValueError):
    """A request the bank does not take at all (HTTP 400/409)."""


@dataclass(frozen=True)
class Receipt:
    file_id: str
    message_id: str
    repeated: bool  # the very same bytes sent again: the first receipt, nothing new


def _now() -> datetime:
    # The bank's own clock (it is another party; the platform's injected clock does not reach it).
    return datetime.now(UTC).replace(tzinfo=None)  # noqa: TID251


def _open(state: BankState, iban: str, name: str) -> Account:
    key = normalised(iban)
    account = state.accounts.get(key)
    if account is None:
        account = state.accounts[key] = Account(iban=key, name=name)
    return account


def receive_file(store: Store, data: bytes, *, instant: bool = False) -> tuple[Receipt, bytes]:
    """Judge a pain.001/pain.008 file; write its pain.002. Same bytes again: same receipt."""
    read = read_pain(data)
    sha = hashlib.sha256(data).hexdigest()
    with store.changing() as state:
        known = state.message_ids.get(read.message_id)
        if known is not None:
            previous = state.files[known]
            if previous.sha256 == sha:  # a redelivery: the first answer again
                answer = store.read_document(_instant_answer(known)) if instant else b""
                if not instant or answer is not None:
                    return Receipt(known, read.message_id, repeated=True), answer or b""
            raise DuplicateMessage(read.message_id, known)
        if instant:
            _check_instant(read.message_name, len(read.blocks), read.blocks)
        file_id = state.next_id("F")
        received = judge_file(state, read, file_id=file_id, sha256=sha)
        for block in received.blocks:
            _open(state, block.account_iban, block.account_name)
        remember_mandates(state, read, received)
        state.files[file_id] = received
        state.message_ids[read.message_id] = file_id
        now = _now()
        if instant:
            report = _settle_instant(state, received, now)
            store.keep_file(_instant_answer(file_id), report)  # for a redelivery, not listed
        else:
            report = write_pain002(received, report_id=state.next_id("STS"), created_at=now)
            store.write_document(
                state,
                "pain.002",
                f"pain002-{file_id}-{read.message_id}.xml",
                report,
                received.blocks[0].account_iban if received.blocks else None,
            )
        return Receipt(file_id, read.message_id, repeated=False), report


def _instant_answer(file_id: str) -> str:
    return f"instant-{file_id}.xml"


def _check_instant(message_name: str, count: int, blocks: list[BlockIn]) -> None:
    if message_name != PAIN_001 or count != 1 or len(blocks[0].transactions) != 1:
        raise Refused("an instant transfer is a pain.001.001.09 with one block of one transfer")
    if blocks[0].local_instrument != "INST":
        raise Refused("an instant transfer has PmtTpInf/LclInstrm/Cd INST")


def _settle_instant(state: BankState, received: ReceivedFile, now: datetime) -> bytes:
    """Credited within seconds or refused: ACCC or RJCT at once, booked at the day's close."""
    (block,) = received.blocks
    (tx,) = block.transactions
    if tx.status != REJECTED:
        tx.status = block.status = received.status = SETTLED
        block.due_date = business_day(state, block.account_iban, now.date()).isoformat()
        return write_pain002(
            received, report_id=state.next_id("STS"), created_at=now, tx_status=SETTLED
        )
    return write_pain002(received, report_id=state.next_id("STS"), created_at=now)


def queue_incoming(
    store: Store,
    *,
    amount_cents: int,
    value_date: date | None,
    debtor_name: str,
    debtor_iban: str,
    account_iban: str | None,
    structured_reference: str | None,
    remittance: str | None,
) -> Incoming:
    if amount_cents <= 0:
        raise Refused("the amount is positive")
    if not iban_valid(debtor_iban):
        raise Refused(f"debtor IBAN {debtor_iban} fails its check digits")
    with store.changing() as state:
        if account_iban is None:
            if not state.accounts:
                raise Refused("which account? the bank holds none yet (send account_iban)")
            account_iban = next(iter(state.accounts))
        if not iban_valid(account_iban):
            raise Refused(f"account IBAN {account_iban} fails its check digits")
        account = _open(state, account_iban, "")
        day = value_date or business_day(state, account.iban, _now().date())
        incoming = Incoming(
            incoming_id=state.next_id("IN"),
            account_iban=account.iban,
            amount_cents=amount_cents,
            value_date=day.isoformat(),
            debtor_name=debtor_name,
            debtor_iban=normalised(debtor_iban),
            structured_reference=structured_reference,
            remittance=remittance,
        )
        state.incoming.append(incoming)
        return incoming


def close_day(store: Store, day: date, *, account_iban: str | None = None) -> list[int]:
    """Book what is due on or before `day` on each account, write camt.054, camt.053 and CODA
    for each account that moved; returns the new documents' sequence numbers."""
    written: list[int] = []
    with store.changing() as state:
        accounts = [
            account
            for account in state.accounts.values()
            if account_iban is None or account.iban == normalised(account_iban)
        ]
        if account_iban is not None and not accounts:
            raise Refused(f"no account {account_iban} at this bank")
        now = _now()
        for account in accounts:
            if account.last_closed is not None and date.fromisoformat(account.last_closed) > day:
                if account_iban is not None:
                    raise Refused(f"{account.iban} is closed up to {account.last_closed}")
                continue
            entries = _book(state, account, day)
            account.last_closed = day.isoformat()
            if not entries:
                continue
            account.statement_seq += 1
            statement = DayStatement(
                account.iban,
                account.name,
                day,
                account.statement_seq,
                account.balance_cents,
                entries,
            )
            account.balance_cents = statement.closing_cents
            stem = f"{account.iban}-{day.isoformat()}-{account.statement_seq:03d}"
            for kind, name, data in (
                (
                    "camt.054",
                    f"camt054-{stem}.xml",
                    write_camt054(statement, message_id=state.next_id("NTF"), created_at=now),
                ),
                (
                    "camt.053",
                    f"camt053-{stem}.xml",
                    write_camt053(statement, message_id=state.next_id("STM"), created_at=now),
                ),
                (
                    "coda",
                    f"coda-{stem}.cod",
                    write_coda(statement, file_reference=state.next_id("C"), created_on=day),
                ),
            ):
                written.append(store.write_document(state, kind, name, data, account.iban).seq)
    return written


def _book(state: BankState, account: Account, day: date) -> list[Entry]:
    entries: list[Entry] = []
    for received in state.files.values():
        for block in received.blocks:
            if block.account_iban != account.iban or block.booked_on is not None:
                continue
            if block.status == REJECTED or date.fromisoformat(block.due_date) > day:
                continue
            block.booked_on = day.isoformat()
            if block.instant:
                entries.extend(_instant_entry(state, block, day))
            elif block.method == "DD":
                entries.extend(_debit_entries(state, received, block, day))
            else:
                entries.extend(_transfer_entries(state, received, block, day))
    for incoming in state.incoming:
        if incoming.account_iban != account.iban or incoming.booked_on is not None:
            continue
        if date.fromisoformat(incoming.value_date) > day:
            continue
        incoming.booked_on = day.isoformat()
        detail = Detail(
            end_to_end_id=None,
            amount_cents=incoming.amount_cents,
            counterparty_name=incoming.debtor_name,
            counterparty_iban=incoming.debtor_iban,
            remittance=incoming.remittance,
            structured_reference=incoming.structured_reference,
        )
        entries.append(
            Entry(
                state.next_id("B"),
                Kind.TRANSFER_RECEIVED,
                True,
                incoming.amount_cents,
                day,
                date.fromisoformat(incoming.value_date),
                (detail,),
            )
        )
    return entries


def _detail(tx_block: PaymentBlock, tx_index: int, reason: str | None = None) -> Detail:
    tx = tx_block.transactions[tx_index]
    return Detail(
        end_to_end_id=tx.end_to_end_id,
        amount_cents=tx.amount_cents,
        counterparty_name=tx.counterparty_name,
        counterparty_iban=tx.counterparty_iban,
        counterparty_bic=tx.counterparty_bic,
        mandate_id=tx.mandate_id,
        creditor_id=tx_block.creditor_scheme_id,
        remittance=tx.remittance,
        structured_reference=tx.structured_reference,
        return_reason=reason,
    )


def _accepted(block: PaymentBlock) -> list[int]:
    return [i for i, tx in enumerate(block.transactions) if tx.status == ACCEPTED]


def _debit_entries(
    state: BankState, received: ReceivedFile, block: PaymentBlock, day: date
) -> list[Entry]:
    """One batch credit for the collected block, then one debit per configured return."""
    return _block_entries(
        state,
        received,
        block,
        day,
        booked=(Kind.DEBITS_COLLECTED, True),
        returned=(Kind.DEBIT_RETURNED, False),
        returns=state.rules.debit_returns,
    )


def _transfer_entries(
    state: BankState, received: ReceivedFile, block: PaymentBlock, day: date
) -> list[Entry]:
    """One batch debit for the executed block (TxDtls per transfer), then one credit per
    transfer the beneficiary's bank sent back."""
    return _block_entries(
        state,
        received,
        block,
        day,
        booked=(Kind.TRANSFERS_EXECUTED, False),
        returned=(Kind.TRANSFER_RETURNED, True),
        returns=state.rules.transfer_returns,
    )


def _block_entries(
    state: BankState,
    received: ReceivedFile,
    block: PaymentBlock,
    day: date,
    *,
    booked: tuple[Kind, bool],
    returned: tuple[Kind, bool],
    returns: Mapping[str, str],
) -> list[Entry]:
    """The block's accepted transactions as one batch-booked entry, then one entry the other
    way for each transaction whose counterparty's IBAN the rules send back (with its reason).
    `booked` / `returned`: the entry kind and whether it is a credit to our account."""
    accepted = _accepted(block)
    if not accepted:
        return []
    details = tuple(_detail(block, i) for i in accepted)
    kind, credit = booked
    entries = [
        Entry(
            state.next_id("B"),
            kind,
            credit,
            sum(d.amount_cents for d in details),
            day,
            day,
            details,
            received.message_id,
            block.payment_info_id,
        )
    ]
    return_kind, return_credit = returned
    for i in accepted:
        reason = returns.get(block.transactions[i].counterparty_iban)
        if reason is not None:
            detail = _detail(block, i, reason)
            entries.append(
                Entry(
                    state.next_id("B"),
                    return_kind,
                    return_credit,
                    detail.amount_cents,
                    day,
                    day,
                    (detail,),
                )
            )
    return entries


def _instant_entry(state: BankState, block: PaymentBlock, day: date) -> list[Entry]:
    if block.status != SETTLED:
        return []
    detail = _detail(block, 0)
    return [
        Entry(
            state.next_id("B"),
            Kind.INSTANT_EXECUTED,
            False,
            detail.amount_cents,
            day,
            date.fromisoformat(block.due_date),
            (detail,),
        )
    ]
