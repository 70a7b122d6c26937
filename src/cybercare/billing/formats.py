"""File formats of the collection channels (documented in docs/billing.md), without I/O.

Exports render charge lines as CSV or JSON; imports parse CSV files line by line: a malformed
line becomes a numbered error and the others go on, so one bad line never blocks a file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from cybercare.billing.domain import Outcome, communication_for, line_id_of
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.horizon import OUTSIDE_HORIZON, within_horizon
from cybercare.kernel.ids import is_row_id
from cybercare.kernel.money import format_amount, format_rate, parse_amount

T = TypeVar("T")

EXPORT_COLUMNS = (
    "charge_id",
    "affiliation_id",
    "customer_ref",
    "period",
    "covered_from",
    "covered_until",
    "days",
    "month_days",
    "gross",
    "net",
    "tax",
    "tax_rate",
    "channel",
    "structured_communication",
)
RESULT_COLUMNS = ("charge_id", "outcome", "amount", "date")
RETURN_COLUMNS = ("end_to_end_id", "reason_code", "amount", "date")
TRANSFER_COLUMNS = ("bank_ref", "date", "amount", "communication", "counterparty")
END_TO_END_PREFIX = "CCPL"
# SEPA R-transaction reason codes (EPC guidance) the bank may report on a returned debit.
RETURN_REASONS = {
    "AC01": "account identifier incorrect",
    "AC04": "account closed",
    "AC06": "account blocked",
    "AC13": "debtor account is a consumer account",
    "AG01": "transaction forbidden on this account",
    "AG02": "invalid bank operation code",
    "AM04": "insufficient funds",
    "AM05": "duplicate collection",
    "BE05": "creditor identifier incorrect",
    "CNOR": "creditor bank is not registered",
    "DNOR": "debtor bank is not registered",
    "FF01": "invalid file format",
    "MD01": "no mandate",
    "MD02": "missing mandatory mandate information",
    "MD06": "refund requested by the debtor",
    "MD07": "debtor deceased",
    "MS02": "refused by the debtor",
    "MS03": "reason not specified",
    "RC01": "bank identifier incorrect",
    "RR01": "missing debtor account or identification",
    "RR02": "missing debtor name or address",
    "RR03": "missing creditor name or address",
    "RR04": "regulatory reason",
    "SL01": "specific service offered by the debtor bank",
}


@dataclass(frozen=True, slots=True)
class Charge:
    """One exported charge line."""

    line_id: int
    affiliation_id: str
    customer_ref: str
    period: str
    covered_from: date
    covered_to: date
    days: int
    month_days: int
    gross_cents: int
    net_cents: int
    tax_cents: int
    tax_rate_bp: int
    channel: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "charge_id": str(self.line_id),
            "affiliation_id": self.affiliation_id,
            "customer_ref": self.customer_ref,
            "period": self.period,
            "covered_from": self.covered_from.isoformat(),
            "covered_until": (self.covered_to - timedelta(days=1)).isoformat(),
            "days": self.days,
            "month_days": self.month_days,
            "gross": format_amount(self.gross_cents),
            "net": format_amount(self.net_cents),
            "tax": format_amount(self.tax_cents),
            "tax_rate": format_rate(self.tax_rate_bp),
            "channel": self.channel,
            "structured_communication": communication_for(self.line_id),
        }


def charges_csv(charges: Iterable[Charge]) -> Iterator[str]:
    """CSV text, one chunk per line (streams any number of lines), header first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for charge in charges:
        writer.writerow(charge.as_dict())
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def charges_json(period: str, distributor: str, charges: Iterable[Charge]) -> str:
    items = list(charges)
    document = {
        "period": period,
        "distributor": distributor,
        "count": len(items),
        "totals": {
            "gross": format_amount(sum(c.gross_cents for c in items)),
            "net": format_amount(sum(c.net_cents for c in items)),
            "tax": format_amount(sum(c.tax_cents for c in items)),
        },
        "charges": [charge.as_dict() for charge in items],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


# --- imports ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    items: tuple[tuple[int, T], ...]  # (line number, item)
    errors: tuple[LineError, ...]
    sha256: str


@dataclass(frozen=True, slots=True)
class PaymentResult:
    line_id: int
    outcome: Outcome
    amount_cents: int
    on: date

    @property
    def external_ref(self) -> str:
        return f"{self.line_id}:{self.outcome.value}:{self.on.isoformat()}"


@dataclass(frozen=True, slots=True)
class ReturnedDebit:
    line_id: int
    reason_code: str
    amount_cents: int
    on: date

    @property
    def external_ref(self) -> str:
        return f"{END_TO_END_PREFIX}{self.line_id}:{self.reason_code}:{self.on.isoformat()}"


@dataclass(frozen=True, slots=True)
class Transfer:
    bank_ref: str
    on: date
    amount_cents: int
    line_id: int
    counterparty: str


def _parse_csv(
    text: str, columns: tuple[str, ...], parse_row: Callable[[dict[str, str]], T]
) -> Parsed[T]:
    sha = hashlib.sha256(text.encode()).hexdigest()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    items: list[tuple[int, T]] = []
    errors: list[LineError] = []
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != columns:
        return Parsed((), (LineError(1, f"the header must be {','.join(columns)}"),), sha)
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            errors.append(LineError(number, f"expected {len(columns)} fields, found {len(row)}"))
            continue
        try:
            items.append(
                (number, parse_row(dict(zip(columns, (c.strip() for c in row), strict=True))))
            )
        except InvalidInput as exc:
            errors.append(LineError(number, exc.message))
    return Parsed(tuple(items), tuple(errors), sha)


def _date(text: str, field: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a date such as 2026-12-05") from None
    if not within_horizon(day):
        raise InvalidInput(field, f"{text!r} {OUTSIDE_HORIZON}")
    return day


def _line_id(text: str, field: str) -> int:
    if not text.isdigit() or not is_row_id(int(text)):
        raise InvalidInput(field, f"{text!r} is not a charge id")
    return int(text)


def _positive_amount(text: str) -> int:
    cents = parse_amount(text)
    if cents <= 0:
        raise InvalidInput("amount", f"{text!r} must be positive")
    return cents


def _result(row: dict[str, str]) -> PaymentResult:
    try:
        outcome = Outcome(row["outcome"].lower())
    except ValueError:
        raise InvalidInput(
            "outcome", f"{row['outcome']!r} is not paid, unpaid or contested"
        ) from None
    return PaymentResult(
        _line_id(row["charge_id"], "charge_id"),
        outcome,
        _positive_amount(row["amount"]),
        _date(row["date"], "date"),
    )


def _returned(row: dict[str, str]) -> ReturnedDebit:
    end_to_end = row["end_to_end_id"]
    if not end_to_end.startswith(END_TO_END_PREFIX):
        raise InvalidInput("end_to_end_id", f"{end_to_end!r} is not one of our collections")
    code = row["reason_code"].upper()
    if not re.fullmatch(r"[A-Z0-9]{4}", code) or code not in RETURN_REASONS:
        raise InvalidInput("reason_code", f"{row['reason_code']!r} is not a SEPA reason code")
    return ReturnedDebit(
        _line_id(end_to_end.removeprefix(END_TO_END_PREFIX), "end_to_end_id"),
        code,
        _positive_amount(row["amount"]),
        _date(row["date"], "date"),
    )


def _transfer(row: dict[str, str]) -> Transfer:
    if not row["bank_ref"]:
        raise InvalidInput("bank_ref", "the bank's reference of the transfer is missing")
    return Transfer(
        row["bank_ref"][:120],
        _date(row["date"], "date"),
        _positive_amount(row["amount"]),
        line_id_of(row["communication"]),
        row["counterparty"][:70],
    )


def parse_payment_results(text: str) -> Parsed[PaymentResult]:
    return _parse_csv(text, RESULT_COLUMNS, _result)


def parse_returned_debits(text: str) -> Parsed[ReturnedDebit]:
    return _parse_csv(text, RETURN_COLUMNS, _returned)


def parse_transfers(text: str) -> Parsed[Transfer]:
    return _parse_csv(text, TRANSFER_COLUMNS, _transfer)
