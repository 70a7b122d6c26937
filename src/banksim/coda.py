"""CODA 2.6 (Febelfin), the Belgian banks' coded statement: one file per account and day.

Records of 128 characters, CRLF-terminated, ASCII: 0 header, 1 old balance, per entry 21/22/23
(movement), 8 new balance, 9 trailer. A batch (a collected pain.008 block, an executed pain.001
block) is a globalisation: its 21 record (type 1, globalisation code 1, detail number 0000) holds
the total and a free communication whose first word is our file's message id, then the payment
information id and the number of transactions; each transaction follows as a detail (type 5,
detail numbers 0001…) with its end-to-end id as customer reference (record 22) and the
counterparty (record 23). A returned direct debit carries the structured communication 127
(SEPA direct debit: mandate reference, R-type, reason); an incoming transfer with a Belgian
structured communication carries type 101. The trailer counts records 1, 21, 22, 23, 31, 32, 33
and 8, and totals the debit and credit amounts of the 21 records with detail number 0000.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from banksim.entries import DayStatement, Detail, Entry, digits_of

LINE = 128


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _a(text: str | None, width: int) -> str:
    return _ascii(text or "")[:width].ljust(width)


def _n(value: int, width: int) -> str:
    return str(value).rjust(width, "0")[-width:]


def _d(day: date) -> str:
    return day.strftime("%d%m%y")


def _amount(cents: int) -> str:
    return _n(abs(cents) * 10, 15)  # 12 positions and 3 decimals


def _account(iban: str) -> tuple[str, str]:
    """(account structure, 37 characters of account and currency)."""
    if iban.startswith("BE"):
        return "2", _a(iban, 31) + "   " + "EUR"
    return "3", _a(iban, 34) + "EUR"


def write_coda(statement: DayStatement, *, file_reference: str, created_on: date) -> bytes:
    structure, account = _account(statement.account_iban)
    paper = _n(statement.sequence, 3)
    lines = [
        "0"
        + "0000"
        + _d(created_on)
        + "000"
        + "05"
        + " "
        + " " * 7
        + _a(file_reference, 10)
        + _a(statement.account_name, 26)
        + " " * 11
        + "0" * 11
        + " "
        + "00000"
        + " " * 16
        + " " * 16
        + " " * 7
        + "2",
        "1"
        + structure
        + paper
        + account
        + ("0" if statement.opening_cents >= 0 else "1")
        + _amount(statement.opening_cents)
        + _d(statement.day)
        + _a(statement.account_name, 26)
        + _a("Cyber Care", 35)
        + paper,
    ]
    for number, entry in enumerate(statement.entries, start=1):
        lines.extend(_movement(number, entry, statement.day, paper))
    lines.append(
        "8"
        + paper
        + account
        + ("0" if statement.closing_cents >= 0 else "1")
        + _amount(statement.closing_cents)
        + _d(statement.day)
        + " " * 64
        + "0"
    )
    counted = [line for line in lines if line[0] in "12358"]
    debit = sum(e.amount_cents for e in statement.entries if not e.credit)
    credit = sum(e.amount_cents for e in statement.entries if e.credit)
    lines.append(
        "9" + " " * 15 + _n(len(counted), 6) + _amount(debit) + _amount(credit) + " " * 75 + "2"
    )
    for line in lines:
        if len(line) != LINE:
            raise AssertionError(f"CODA record of {len(line)} characters: {line!r}")
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _movement(number: int, entry: Entry, day: date, paper: str) -> list[str]:
    sign = "0" if entry.credit else "1"
    if entry.batch:
        words = [entry.batch_message_id or "", entry.batch_payment_info_id or ""]
        free = " ".join([*words, str(len(entry.details))])
        lines = [
            _record21(
                number,
                0,
                entry,
                sign,
                entry.amount_cents,
                "1" + entry.kind.coda[1:],
                "0" + _a(free, 53),
                day,
                paper,
                glob="1",
                more=True,
            ),
            _record22(number, 0, "", entry.batch_payment_info_id, None, None, None, more=False),
        ]
        for index, detail in enumerate(entry.details, start=1):
            lines.extend(
                _detail(number, index, entry, detail, "5" + entry.kind.coda[1:], day, paper)
            )
        return lines
    (detail,) = entry.details
    return _detail(number, 0, entry, detail, entry.kind.coda, day, paper)


def _detail(
    number: int, index: int, entry: Entry, detail: Detail, code: str, day: date, paper: str
) -> list[str]:
    sign = "0" if entry.credit else "1"
    more22 = ""
    more23 = ""
    if detail.mandate_id and entry.kind.name in {"DEBITS_COLLECTED", "DEBIT_RETURNED"}:
        # 127: SEPA direct debit — settlement date, type (0 unspecified), scheme (1 core), paid
        # (0) or refused (4: the debtor's account), creditor id, mandate reference,
        # communication, R-type (2 return), reason: 146 characters over records 21, 22 and 23.
        refused = detail.return_reason is not None
        body = (
            _d(day)
            + "0"
            + "1"
            + ("4" if refused else "0")
            + _a(detail.creditor_id, 35)
            + _a(detail.mandate_id, 35)
            + _a(detail.remittance, 62)
            + ("2" if refused else " ")
            + _a(detail.return_reason, 4)
        )
        communication = "1" + "127" + body[:50]
        more22, more23 = body[50:103], body[103:]
    elif detail.structured_reference and len(digits_of(detail.structured_reference)) == 12:
        communication = "1" + "101" + _a(digits_of(detail.structured_reference), 50)
    else:
        text = _a(detail.remittance, 53 + 53 + 43)
        communication = "0" + text[:53]
        more22, more23 = text[53:106], text[106:]
    r_type = "2" if detail.return_reason else None  # 2: return
    return [
        _record21(
            number,
            index,
            entry,
            sign,
            detail.amount_cents,
            code,
            communication,
            day,
            paper,
            glob="0",
            more=True,
        ),
        _record22(
            number,
            index,
            more22,
            detail.end_to_end_id,
            detail.counterparty_bic,
            r_type,
            detail.return_reason,
            more=True,
        ),
        "23"
        + _n(number, 4)
        + _n(index, 4)
        + _a(detail.counterparty_iban, 34)
        + "EUR"
        + _a(detail.counterparty_name, 35)
        + _a(more23, 43)
        + "0"
        + " "
        + "0",
    ]


def _record21(
    number: int,
    index: int,
    entry: Entry,
    sign: str,
    cents: int,
    code: str,
    communication: str,
    day: date,
    paper: str,
    *,
    glob: str,
    more: bool,
) -> str:
    return (
        "21"
        + _n(number, 4)
        + _n(index, 4)
        + _a(entry.reference, 21)
        + sign
        + _amount(cents)
        + _d(entry.value_date)
        + code
        + communication
        + _d(day)
        + paper
        + glob
        + ("1" if more else "0")
        + " "
        + "0"
    )


def _record22(
    number: int,
    index: int,
    communication: str,
    customer_reference: str | None,
    bic: str | None,
    r_type: str | None,
    reason: str | None,
    *,
    more: bool,
) -> str:
    return (
        "22"
        + _n(number, 4)
        + _n(index, 4)
        + _a(communication, 53)
        + _a(customer_reference, 35)
        + _a(bic, 11)
        + "   "
        + _a(r_type, 1)
        + _a(reason, 4)
        + " " * 4
        + " " * 4
        + ("1" if more else "0")
        + " "
        + "0"
    )
