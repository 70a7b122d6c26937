"""The fixed-position records of a Belgian CODA 2.6 file (Febelfin, "Standard CODA 2.6"): each
record is 128 characters; positions below are the standard's 1-based "from-to" turned into Python
slices. Only the fields we map are read; the rest of each record is left alone.

Written from the published standard, not from a library: pycoda is GPLv3, which our licence
does not allow us to ship or copy (docs/bank-files.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.banking import fields

RECORD_LENGTH = 128


@dataclass(frozen=True, slots=True)
class Header:  # record 0
    created: date
    file_reference: str
    version: str


@dataclass(frozen=True, slots=True)
class Balance:  # record 1 (old balance) and 8 (new balance)
    iban: str
    cents: int  # signed: a debit balance is negative
    day: date
    paper_sequence: str
    coda_sequence: str | None  # record 1 only: the statement's number in the year


@dataclass(frozen=True, slots=True)
class Movement:  # record 2.1
    sequence: str
    detail: str
    bank_reference: str
    debit: bool
    cents: int
    value_date: date | None
    transaction_code: str  # 8 digits: type, family (2), transaction (2), category (3)
    structured: bool
    communication: str  # 53 characters, untrimmed (it may continue in 2.2 and 2.3)
    entry_date: date
    globalisation: str


@dataclass(frozen=True, slots=True)
class MovementPart2:  # record 2.2
    sequence: str
    detail: str
    communication: str
    customer_reference: str  # for SEPA: the end-to-end id
    r_type: str  # 1 reject, 2 return, 3 refund, 4 reversal, 5 cancellation; blank otherwise
    r_reason: str  # ISO reason code (AM04, AC04...)


@dataclass(frozen=True, slots=True)
class MovementPart3:  # record 2.3
    sequence: str
    detail: str
    counterparty_account: str
    counterparty_name: str
    communication: str


@dataclass(frozen=True, slots=True)
class Information:  # records 3.1, 3.2, 3.3
    sequence: str
    detail: str
    structured: bool
    communication: str


@dataclass(frozen=True, slots=True)
class Trailer:  # record 9
    records: int
    debit_cents: int
    credit_cents: int


def header(record: str) -> Header:
    if record[14:16] != "05":
        raise fields.FieldError(f"application code {record[14:16]!r} is not 05")
    if record[127] != "2":
        raise fields.FieldError(f"version code {record[127]!r} is not 2 (CODA 2.x)")
    return Header(fields.ddmmyy(record[5:11]), record[24:34].strip(), record[127])


def account(structure: str, zone: str) -> str:
    """Positions 6-42 of record 1 (5-41 of record 8): the account and its currency. We keep IBAN
    accounts in euro only: structure 2 (Belgian IBAN, 31 + 3 + currency) or 3 (foreign IBAN, 34 +
    currency)."""
    if structure == "2":
        iban, currency = zone[0:31], zone[34:37]
    elif structure == "3":
        iban, currency = zone[0:34], zone[34:37]
    else:
        raise fields.FieldError(
            f"account structure {structure!r}: only IBAN accounts (2 or 3) are supported"
        )
    if currency != "EUR":
        raise fields.FieldError(f"account currency {currency!r}: only EUR accounts are supported")
    return fields.checked_iban(iban)


def _signed(sign: str, digits: str) -> int:
    if sign not in ("0", "1"):
        raise fields.FieldError(f"sign {sign!r} is neither 0 (credit) nor 1 (debit)")
    cents = fields.milli_amount_cents(digits)
    return -cents if sign == "1" else cents


def old_balance(record: str) -> Balance:
    return Balance(
        iban=account(record[1], record[5:42]),
        cents=_signed(record[42], record[43:58]),
        day=fields.ddmmyy(record[58:64]),
        paper_sequence=record[2:5],
        coda_sequence=record[125:128],
    )


def new_balance(record: str, structure: str) -> Balance:
    return Balance(
        iban=account(structure, record[4:41]),
        cents=_signed(record[41], record[42:57]),
        day=fields.ddmmyy(record[57:63]),
        paper_sequence=record[1:4],
        coda_sequence=None,
    )


def movement(record: str) -> Movement:
    sign = record[31]
    if sign not in ("0", "1"):
        raise fields.FieldError(f"movement sign {sign!r} is neither 0 (credit) nor 1 (debit)")
    code = record[53:61]
    if not code.isdigit():
        raise fields.FieldError(f"transaction code {code!r} is not 8 digits")
    if record[61] not in ("0", "1"):
        raise fields.FieldError(f"communication type {record[61]!r} is neither 0 nor 1")
    value = record[47:53]
    return Movement(
        sequence=record[2:6],
        detail=record[6:10],
        bank_reference=record[10:31].strip(),
        debit=sign == "1",
        cents=fields.milli_amount_cents(record[32:47]),
        value_date=None if value == "000000" else fields.ddmmyy(value),
        transaction_code=code,
        structured=record[61] == "1",
        communication=record[62:115],
        entry_date=fields.ddmmyy(record[115:121]),
        globalisation=record[124],
    )


def movement_part2(record: str) -> MovementPart2:
    return MovementPart2(
        sequence=record[2:6],
        detail=record[6:10],
        communication=record[10:63],
        customer_reference=record[63:98].strip(),
        r_type=record[112].strip(),
        r_reason=record[113:117].strip(),
    )


def movement_part3(record: str) -> MovementPart3:
    return MovementPart3(
        sequence=record[2:6],
        detail=record[6:10],
        counterparty_account=record[10:47].strip(),
        counterparty_name=record[47:82].strip(),
        communication=record[82:125],
    )


def information(record: str) -> Information:
    kind = record[1]
    if kind == "1":
        return Information(record[2:6], record[6:10], record[39] == "1", record[40:113])
    if kind == "2":
        return Information(record[2:6], record[6:10], False, record[10:115])
    return Information(record[2:6], record[6:10], False, record[10:100])


def trailer(record: str) -> Trailer:
    count = record[16:22]
    if not count.isdigit():
        raise fields.FieldError(f"number of records {count!r} is not 6 digits")
    return Trailer(
        records=int(count),
        debit_cents=fields.milli_amount_cents(record[22:37]),
        credit_cents=fields.milli_amount_cents(record[37:52]),
    )
