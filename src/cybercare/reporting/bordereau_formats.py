"""Writing a bordereau as CSV, XLSX or JSON, streamed line by line into a binary file.

Every format carries the same control totals: the sums of the lines written and the ledger's
totals for the month, side by side (CSV: rows TOTAL and LEDGER; XLSX: a "Control totals"
sheet; JSON: `totals`, `ledger`, `reconciled`). The bytes depend on the data as of the month's
end only: no clock, no random, fixed workbook properties and a stable line order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]

from cybercare.reporting.bordereau import (
    DAY,
    MONEY,
    TEXT,
    Cell,
    Column,
    Format,
    Report,
    Totals,
    csv_safe,
    money_text,
)

Progress = Callable[[int], None]
EVERY = 50_000  # lines between two progress calls


def write(report: Report, fmt: Format, out: IO[bytes], progress: Progress | None = None) -> Totals:
    """Write `report` in `fmt` to `out`; the totals of the lines written come back."""
    tick = progress or (lambda _count: None)
    if fmt is Format.CSV:
        return _csv(report, out, tick)
    if fmt is Format.JSON:
        return _json(report, out, tick)
    return _xlsx(report, out, tick)


def _iso(cell: Cell) -> str:
    return cell.isoformat() if isinstance(cell, date) else str(cell)


def _text_converters(columns: tuple[Column, ...]) -> list[Callable[[Any], str]]:
    """One function per column, chosen once: the per-line work is only the calls."""
    chosen: dict[str, Callable[[Any], str]] = {MONEY: money_text, TEXT: csv_safe, DAY: _iso}
    return [chosen.get(column.kind, str) for column in columns]


def _control_row(
    label: str, columns: tuple[Column, ...], count: int | None, money: dict[str, int]
) -> list[str]:
    row = [label] + [""] * (len(columns) - 1)
    if count is not None:
        row[1] = str(count)
    for index, column in enumerate(columns):
        if column.kind == MONEY and column.name in money:
            row[index] = money_text(money[column.name])
    return row


def _csv(report: Report, out: IO[bytes], tick: Progress) -> Totals:
    columns = report.columns
    totals = Totals(columns)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    # LF line ends: what PostgreSQL's COPY writes, so both ways give the same bytes.
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    if report.csv_body is not None:
        text.flush()
        totals = report.csv_body(out)
    else:
        convert = _text_converters(columns)
        add = totals.add
        write_row = writer.writerow
        for line in report.lines:
            add(line)
            write_row([f(cell) for f, cell in zip(convert, line, strict=True)])
            if totals.lines % EVERY == 0:
                tick(totals.lines)
    writer.writerow(_control_row("TOTAL", columns, totals.lines, totals.money()))
    writer.writerow(_control_row("LEDGER", columns, None, dict(report.ledger)))
    text.flush()
    text.detach()
    tick(totals.lines)
    return totals


def reconciled(report: Report, totals: Totals) -> bool:
    money = totals.money()
    return all(money.get(name) == cents for name, cents in report.ledger.items())


def _json_value(column: Column, cell: Cell) -> Any:
    if column.kind == MONEY:
        assert isinstance(cell, int)
        return money_text(cell)
    if column.kind == DAY:
        return _iso(cell)
    return cell


def _json(report: Report, out: IO[bytes], tick: Progress) -> Totals:
    columns = report.columns
    names = [c.name for c in columns]
    totals = Totals(columns)
    head = {
        "report": report.kind.value,
        "month": report.month.code,
        "as_of": report.month.as_of.isoformat(),
        "distributor": report.distributor,
        "columns": names,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1].encode() + b', "lines": [')
    separator = b"\n"
    for line in report.lines:
        totals.add(line)
        item = {n: _json_value(c, v) for n, c, v in zip(names, columns, line, strict=True)}
        out.write(separator + json.dumps(item, ensure_ascii=False).encode())
        separator = b",\n"
        if totals.lines % EVERY == 0:
            tick(totals.lines)
    tail = {
        "totals": {"lines": totals.lines} | {k: money_text(v) for k, v in totals.money().items()},
        "ledger": {k: money_text(v) for k, v in report.ledger.items()},
        "reconciled": reconciled(report, totals),
    }
    out.write(b"\n], " + json.dumps(tail, ensure_ascii=False)[1:].encode() + b"\n")
    tick(totals.lines)
    return totals


def _xlsx_cell(column: Column, cell: Cell) -> Any:
    if column.kind == MONEY:
        assert isinstance(cell, int)
        return Decimal(cell).scaleb(-2)  # formatting the cents for the sheet, exact
    if column.kind == DAY:
        return _iso(cell)
    return cell


def _xlsx(report: Report, out: IO[bytes], tick: Progress) -> Totals:
    columns = report.columns
    totals = Totals(columns)
    # constant_memory: rows go to disk as written; the fixed `created` makes the bytes the
    # month's (xlsxwriter dates the zip members from it too).
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    created = datetime.combine(report.month.end, datetime.min.time())
    book.set_properties(
        {"title": report.title, "author": "Cyber Care", "company": "Cyber Care", "created": created}
    )
    amount = book.add_format({"num_format": "0.00"})
    sheet = book.add_worksheet("Lines")
    sheet.write_row(0, 0, [c.name for c in columns])
    for row, line in enumerate(report.lines, start=1):
        totals.add(line)
        for index, (column, cell) in enumerate(zip(columns, line, strict=True)):
            if column.kind == MONEY:
                sheet.write_number(row, index, _xlsx_cell(column, cell), amount)
            elif column.kind == TEXT:
                sheet.write_string(row, index, str(cell))
            else:
                sheet.write(row, index, _xlsx_cell(column, cell))
        if totals.lines % EVERY == 0:
            tick(totals.lines)
    control = book.add_worksheet("Control totals")
    control.write_row(0, 0, ["figure", "lines", "ledger", "difference"])
    control.write_row(1, 0, ["lines", totals.lines])
    money = totals.money()
    for offset, (name, cents) in enumerate(sorted(money.items()), start=2):
        booked = report.ledger.get(name)
        control.write_string(offset, 0, name)
        control.write_number(offset, 1, Decimal(cents).scaleb(-2), amount)
        if booked is not None:
            control.write_number(offset, 2, Decimal(booked).scaleb(-2), amount)
            control.write_number(offset, 3, Decimal(cents - booked).scaleb(-2), amount)
    control.write_row(len(money) + 3, 0, ["reconciled", str(reconciled(report, totals)).lower()])
    book.close()
    tick(totals.lines)
    return totals
