"""Belgian CODA 2.6 statements read into the statement model (our own parser; see coda_records).

A file holds one or more statements, each `0 1 (2x 3x 4)* 8 4* 9`; the reader returns a tuple
of `Statement`, one per `0...9` group, in file order. Every record must be 128 characters.

Mapping (docs/bank-files.md):
- one entry per movement record 2.1 with detail number 0000; its 2.1 detail records (detail
  0001...) are the entry's transactions (a globalised batch);
- communication type 1 with structure 101/102: the 12 digits of `+++123/4567/89002+++`;
  structure 127 (SEPA direct debit): the mandate reference and R-transaction fields;
- 2.2 gives the end-to-end id (customer reference) and the R-transaction type and ISO reason;
  2.3 the counterparty's account and name;
- a movement is a return when 2.2 says so, or when its transaction code is one of
  `RETURN_CODES`; the reason then comes from 2.2, the 127 communication, or the free text;
- for a batch the batch message id is the first word of the 2.1 record's free communication
  (the convention of our bank simulator, docs/banking.md);
- the statement id is `<IBAN>/<year of creation>/<CODA sequence number>` (the number restarts
  at 001 each year; a duplicate file keeps the original creation date, so the same id);
- the trailer (record 9) must count the records 1, 2.x, 3.x and 8 and total the debit and credit
  movements of detail 0000; the new balance must be the old one plus the movements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cybercare.banking import coda_records as records
from cybercare.banking import fields
from cybercare.banking.statement import (
    Direction,
    EntryTransaction,
    FileError,
    Statement,
    StatementEntry,
    StatementFormat,
    UnreadableBankFile,
)

# (family, transaction) of the CODA transaction code that are R-transactions: an unexecutable
# transfer order coming back (01/54, instant 02/54), an unpaid direct debit (05/03) and a direct
# debit reimbursed to the debtor (05/05).
RETURN_CODES = frozenset({("01", "54"), ("02", "54"), ("05", "03"), ("05", "05")})
# ISO external return reason codes a bank may write in the free communication of a return.
_REASON = re.compile(
    r"\b(AC0[1-6]|AC13|AG0[12]|AM0[45]|BE05|CNOR|DNOR|FF05|MD0[1-7]|MS0[23]|RC01|RR0[1-4]|SL01|FOCR|CUST|DUPL|TECH|FRAD)\b"
)
_MAX_ERRORS = 200
_COUNTED = ("1", "2", "3", "8")  # the record types the trailer counts


@dataclass(slots=True)
class _Movement:
    line: int
    main: records.Movement
    part2: records.MovementPart2 | None = None
    part3: records.MovementPart3 | None = None
    details: list[_Movement] = field(default_factory=list)

    def last(self) -> _Movement:
        return self.details[-1] if self.details else self


@dataclass(slots=True)
class _Group:
    """One statement being read: from its record 0 to its record 9."""

    header: records.Header
    old: records.Balance | None = None
    structure: str = ""
    new: records.Balance | None = None
    new_line: int = 0
    count: int = 0  # records 1, 2.x, 3.x and 8, as the trailer counts them
    debit_cents: int = 0
    credit_cents: int = 0
    movements: list[_Movement] = field(default_factory=list)


def read_coda(data: bytes) -> tuple[Statement, ...]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # Belgian banks mostly write ISO 8859-1
        text = data.decode("latin-1")
    lines = text.removeprefix("\ufeff").split("\n")  # a byte order mark is no record
    while lines and not lines[-1].strip("\r"):
        lines.pop()
    errors: list[FileError] = []
    statements: list[Statement] = []
    group: _Group | None = None
    for number, raw in enumerate(lines, start=1):
        record = raw.removesuffix("\r")
        if len(record) != records.RECORD_LENGTH:
            errors.append(FileError(number, f"record of {len(record)} characters, not 128"))
            if group is not None and record[:1] in _COUNTED:
                group.count += 1  # counted still, so that one bad record is one error
        else:
            try:
                group = _record(number, record, group, statements, errors)
            except fields.FieldError as error:
                kind = record[:2] if record[0] in "23" else record[0]
                errors.append(FileError(number, f"record {kind}: {error}"))
                if record[0] == "9":
                    group = None  # the statement ends here, readable or not
        if len(errors) >= _MAX_ERRORS:
            break
    if group is not None and len(errors) < _MAX_ERRORS:
        errors.append(FileError(len(lines), "the statement ends without its trailer (record 9)"))
    if not statements and not errors:
        errors.append(FileError(1, "the file holds no statement"))
    if errors:
        raise UnreadableBankFile(errors)
    return tuple(statements)


def _record(
    number: int,
    record: str,
    group: _Group | None,
    statements: list[Statement],
    errors: list[FileError],
) -> _Group | None:
    kind = record[0]
    if kind == "0":
        if group is not None:
            errors.append(FileError(number, "record 0 before the trailer (9) of the statement"))
        return _Group(records.header(record))
    if group is None:
        raise fields.FieldError(f"record type {kind!r} outside a statement (no record 0 before)")
    if kind == "1":
        if group.old is not None:
            raise fields.FieldError("a second old balance (record 1) in one statement")
        group.old, group.structure = records.old_balance(record), record[1]
        group.count += 1
    elif kind == "2":
        _movement(number, record, group)
    elif kind == "3":
        _target(group, record, "3")  # checked for order; information records carry nothing
        records.information(record)  # we map, but must still read
        group.count += 1
    elif kind == "8":
        if group.old is None:
            raise fields.FieldError("new balance (record 8) without old balance (record 1)")
        group.new, group.new_line = records.new_balance(record, group.structure), number
        group.count += 1
    elif kind == "9":
        statement = _finish(number, records.trailer(record), group, errors)
        if statement is not None:
            statements.append(statement)
        return None
    elif kind != "4":  # free communications are not counted and carry nothing we book
        raise fields.FieldError(f"unknown record type {kind!r}")
    return group


def _target(group: _Group, record: str, kind: str) -> _Movement:
    if not group.movements:
        raise fields.FieldError(f"record {kind}{record[1]} without a movement record 2.1 before")
    target = group.movements[-1].last()
    if (record[2:6], record[6:10]) != (target.main.sequence, target.main.detail):
        raise fields.FieldError(
            f"sequence {record[2:6]}/{record[6:10]} does not follow movement "
            f"{target.main.sequence}/{target.main.detail}"
        )
    return target


def _movement(number: int, record: str, group: _Group) -> None:
    part = record[1]
    if group.old is None or group.new is not None:
        raise fields.FieldError("movement outside the old (1) and new (8) balances")
    if part == "1":
        main = records.movement(record)
        item = _Movement(number, main)
        if main.detail == "0000":
            group.movements.append(item)
            if main.debit:
                group.debit_cents += main.cents
            else:
                group.credit_cents += main.cents
        elif group.movements and group.movements[-1].main.sequence == main.sequence:
            group.movements[-1].details.append(item)
        else:
            raise fields.FieldError(f"detail {main.detail} of movement {main.sequence} comes first")
    elif part == "2":
        _target(group, record, "2").part2 = records.movement_part2(record)
    elif part == "3":
        _target(group, record, "2").part3 = records.movement_part3(record)
    else:
        raise fields.FieldError(f"unknown movement record 2{part}")
    group.count += 1


def _finish(
    number: int, trailer: records.Trailer, group: _Group, errors: list[FileError]
) -> Statement | None:
    before = len(errors)
    if group.old is None or group.new is None:
        errors.append(FileError(number, "trailer (9) before the old (1) and new (8) balances"))
        return None
    if trailer.records != group.count:
        errors.append(
            FileError(
                number, f"trailer counts {trailer.records} records, the file has {group.count}"
            )
        )
    if trailer.debit_cents != group.debit_cents:
        errors.append(
            FileError(
                number,
                f"trailer debit total {fields.format_cents(trailer.debit_cents)}"
                f" != movements {fields.format_cents(group.debit_cents)}",
            )
        )
    if trailer.credit_cents != group.credit_cents:
        errors.append(
            FileError(
                number,
                f"trailer credit total {fields.format_cents(trailer.credit_cents)}"
                f" != movements {fields.format_cents(group.credit_cents)}",
            )
        )
    if group.old.cents + group.credit_cents - group.debit_cents != group.new.cents:
        errors.append(
            FileError(
                group.new_line,
                f"old balance {group.old.cents} + movements"
                f" {group.credit_cents - group.debit_cents} != new balance {group.new.cents}"
                " (cents)",
            )
        )
    if group.old.iban != group.new.iban:
        errors.append(FileError(group.new_line, "the new balance is for another account"))
    if len(errors) > before:
        return None
    statement_id = f"{group.old.iban}/{group.header.created:%Y}/{group.old.coda_sequence}"
    entries = tuple(_entry(item, statement_id) for item in group.movements)
    days = [entry.booking_date for entry in entries] + [group.new.day]
    sequence = group.old.coda_sequence or ""
    return Statement(
        format=StatementFormat.CODA,
        statement_id=statement_id,
        account_iban=group.old.iban,
        created_at=None,  # CODA gives the creation day only (record 0), no time
        from_date=min(days),
        to_date=max(days),
        opening_balance_cents=group.old.cents,
        closing_balance_cents=group.new.cents,
        entries=entries,
        sequence=int(sequence) if sequence.isdigit() else None,
    )


@dataclass(frozen=True, slots=True)
class _Communication:
    structured: str | None = None
    free: str | None = None
    mandate: str | None = None
    r_type: str | None = None
    r_reason: str | None = None


def _communication(item: _Movement) -> _Communication:
    whole = item.main.communication
    whole += item.part2.communication if item.part2 else " " * 53
    whole += item.part3.communication if item.part3 else ""
    if not item.main.structured:
        free = " ".join(whole.split()) or None
        return _Communication(structured=fields.find_structured(free), free=free)
    kind, body = whole[0:3], whole[3:]
    if kind in ("101", "102"):
        digits = fields.structured_communication(body[0:12])
        return _Communication(structured=digits, free=None if digits else body[0:12])
    if kind == "127":  # SEPA direct debit (CODA 2.6 enclosure III)
        return _Communication(
            free=" ".join(body[79:141].split()) or None,
            mandate=body[44:79].strip() or None,
            r_type=body[141:142].strip() or None,
            r_reason=body[142:146].strip() or None,
        )
    return _Communication(free=" ".join(body.split()) or None)


def _transaction(item: _Movement) -> EntryTransaction:
    text = _communication(item)
    part2, part3 = item.part2, item.part3
    family, transaction = item.main.transaction_code[1:3], item.main.transaction_code[3:5]
    r_type = (part2.r_type if part2 else "") or (text.r_type or "")
    returned = r_type in ("1", "2", "3", "4", "5") or (family, transaction) in RETURN_CODES
    reason = (part2.r_reason if part2 else "") or text.r_reason
    if returned and not reason and text.free:
        found = _REASON.search(text.free)
        reason = found.group(1) if found else None
    end_to_end = part2.customer_reference if part2 else ""
    account = part3.counterparty_account.split() if part3 else []
    return EntryTransaction(
        line=item.line,
        end_to_end_id=end_to_end if end_to_end and end_to_end != "NOTPROVIDED" else None,
        amount_cents=item.main.cents,
        bank_reference=item.main.bank_reference or None,
        mandate_reference=text.mandate,
        is_return=returned,
        return_reason=reason or None,
        structured_communication=text.structured,
        remittance=text.free,
        counterparty_name=(part3.counterparty_name or None) if part3 else None,
        counterparty_iban=fields.normalise_iban(account[0]) if account else None,
    )


def _entry(item: _Movement, statement_id: str) -> StatementEntry:
    main = item.main
    own = _transaction(item)
    details = tuple(_transaction(detail) for detail in item.details)
    batch = bool(details) or main.globalisation not in ("0", " ")
    batch_id = None
    if batch and not main.structured:
        words = main.communication.split()
        batch_id = words[0] if words else None
    transactions = details or (own,)
    reasons = {tx.return_reason for tx in transactions if tx.return_reason}
    return StatementEntry(
        line=item.line,
        bank_reference=main.bank_reference or f"{statement_id}/line{item.line}",
        direction=Direction.DEBIT if main.debit else Direction.CREDIT,
        amount_cents=main.cents,
        booking_date=main.entry_date,
        value_date=main.value_date or main.entry_date,
        end_to_end_id=None if batch else own.end_to_end_id,
        batch_message_id=batch_id,
        batch_count=len(details) if details else None,
        structured_communication=own.structured_communication,
        remittance=own.remittance,
        counterparty_name=own.counterparty_name,
        counterparty_iban=own.counterparty_iban,
        mandate_reference=None if batch else own.mandate_reference,
        is_return=own.is_return or any(tx.is_return for tx in details),
        return_reason=own.return_reason or (reasons.pop() if len(reasons) == 1 else None),
        bank_transaction_code=main.transaction_code,
        transactions=transactions,
    )
