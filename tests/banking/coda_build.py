"""Builders of CODA 2.6 records at their standard positions, for the samples, the error tests and
the bench (bench/statement_parse.py). Each returns exactly 128 characters."""

from __future__ import annotations

from datetime import date


def _text(value: str, width: int) -> str:
    assert len(value) <= width, (value, width)
    return value.ljust(width)


def _amount(cents: int) -> str:
    return f"{cents * 10:015d}"  # 12 + 3 decimals


def _day(day: date | None) -> str:
    return day.strftime("%d%m%y") if day else "000000"


def _check(record: str) -> str:
    assert len(record) == 128, (len(record), record)
    return record


def header(created: date, reference: str = "BANKSIM") -> str:
    return _check(
        f"00000{_day(created)}00005 {' ' * 7}{_text(reference, 10)}{_text('CYBER CARE SA', 26)}"
        f"{_text('BBRUBEBB', 11)}{'0' * 11} 00000{' ' * 32}{' ' * 7}2"
    )


def old_balance(iban: str, cents: int, day: date, sequence: int) -> str:
    sign = "1" if cents < 0 else "0"
    return _check(
        f"12{sequence:03d}{_text(iban, 31)}   EUR{sign}{_amount(abs(cents))}{_day(day)}"
        f"{_text('CYBER CARE SA', 26)}{_text('Compte courant', 35)}{sequence:03d}"
    )


def movement(
    sequence: int,
    detail: int,
    *,
    cents: int,
    debit: bool,
    code: str,
    day: date,
    communication: str = "",
    structured: bool = False,
    reference: str = "",
    globalisation: str = "0",
    next_code: str = "0",
    link: str = "0",
) -> str:
    return _check(
        f"21{sequence % 10000:04d}{detail:04d}{_text(reference, 21)}{'1' if debit else '0'}"
        f"{_amount(cents)}{_day(day)}{code}{'1' if structured else '0'}"
        f"{_text(communication, 53)}{_day(day)}001{globalisation}{next_code} {link}"
    )


def movement_part2(
    sequence: int,
    detail: int,
    *,
    communication: str = "",
    end_to_end: str = "",
    r_type: str = " ",
    reason: str = "",
    next_code: str = "0",
) -> str:
    return _check(
        f"22{sequence % 10000:04d}{detail:04d}{_text(communication, 53)}{_text(end_to_end, 35)}"
        f"{_text('GEBABEBB', 11)}   {r_type}{_text(reason, 4)}{' ' * 8}{next_code} 0"
    )


def movement_part3(
    sequence: int, detail: int, *, iban: str, name: str, communication: str = "", link: str = "0"
) -> str:
    return _check(
        f"23{sequence % 10000:04d}{detail:04d}{_text(iban + ' EUR', 37)}{_text(name, 35)}"
        f"{_text(communication, 43)}0 {link}"
    )


def information(sequence: int, detail: int, *, code: str, text: str) -> str:
    return _check(
        f"31{sequence % 10000:04d}{detail:04d}{' ' * 21}{code}0{_text(text, 73)}{' ' * 12}0 0"
    )


def free_communication(text: str) -> str:
    return _check(f"4 00010000{' ' * 22}{_text(text, 80)}{' ' * 15}0")


def new_balance(iban: str, cents: int, day: date, sequence: int) -> str:
    sign = "1" if cents < 0 else "0"
    return _check(
        f"8{sequence:03d}{_text(iban, 31)}   EUR{sign}{_amount(abs(cents))}{_day(day)}{' ' * 64}0"
    )


def trailer(records: int, debit_cents: int, credit_cents: int) -> str:
    return _check(
        f"9{' ' * 15}{records:06d}{_amount(debit_cents)}{_amount(credit_cents)}{' ' * 75}2"
    )


def sepa_direct_debit(
    *, settlement: date, creditor_id: str, mandate: str, text: str, r_type: str, reason: str
) -> str:
    """The 146 characters after '127' of a structured SEPA direct debit communication, to be cut
    50 / 53 / 43 over records 2.1, 2.2 and 2.3."""
    body = (
        f"{_day(settlement)}10{'1' if r_type.strip() else '0'}{_text(creditor_id, 35)}"
        f"{_text(mandate, 35)}{_text(text, 62)}{r_type}{_text(reason, 4)}"
    )
    assert len(body) == 146
    return body
