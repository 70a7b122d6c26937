"""The two file formats of a book (docs/book-import.md): JSONL, one household per line, and
CSV, one person per row, a household's rows together, its affiliate's row first and carrying
the household's columns. Pure: lines of text in, `RawHousehold`s (or a problem) out, streamed,
so a file of any size is read in constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cybercare.book.domain import Problem, RawHousehold

PERSON_COLUMNS = (
    "given_name",
    "family_name",
    "birth_date",
    "language",
    "email",
    "phone",
    "national_register_number",
)
HOUSEHOLD_COLUMNS = ("customer_ref", "start_date", "subscribed_on", "paid_until")
ADDRESS_COLUMNS = ("street", "number", "box", "postcode", "city")
MANDATE_COLUMNS = {
    "mandate_reference": "reference",
    "mandate_holder": "holder",
    "mandate_iban": "iban",
    "mandate_bic": "bic",
    "mandate_signature_date": "signature_date",
}
PREVENTION_PREFIX = "prevention."
CSV_COLUMNS = (
    "customer_ref",
    "relationship",
    *PERSON_COLUMNS,
    "joined_on",
    "start_date",
    "subscribed_on",
    *ADDRESS_COLUMNS,
    "paid_until",
    *MANDATE_COLUMNS,
)

Read = RawHousehold | Problem


def read_jsonl(lines: Iterable[str]) -> Iterator[Read]:
    """One household per non-blank line: a JSON object (schema in docs/book-import.md)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as error:
            yield Problem(number, "line", f"not JSON: {error}")
            continue
        if not isinstance(data, dict):
            yield Problem(number, "line", "a line is one JSON object (a household)")
            continue
        yield RawHousehold(number, data)


def _cell(row: Mapping[str, str | None], column: str) -> str | None:
    value = row.get(column)
    return value.strip() if value and value.strip() else None


def _person(row: Mapping[str, str | None]) -> dict[str, Any]:
    return {column: _cell(row, column) for column in PERSON_COLUMNS if _cell(row, column)}


def _answer(value: str) -> bool | str:
    lowered = value.lower()
    if lowered in ("true", "yes", "1", "y"):
        return True
    if lowered in ("false", "no", "0", "n"):
        return False
    return value  # refused by the check, with its line


def _household(line: int, row: Mapping[str, str | None]) -> dict[str, Any]:
    data: dict[str, Any] = {c: _cell(row, c) for c in HOUSEHOLD_COLUMNS if _cell(row, c)}
    data["affiliate"] = _person(row)
    data["address"] = {c: _cell(row, c) for c in ADDRESS_COLUMNS if _cell(row, c)}
    data["prevention_declarations"] = {
        column.removeprefix(PREVENTION_PREFIX): _answer(value)
        for column, value in ((c, _cell(row, c)) for c in row if c)
        if column.startswith(PREVENTION_PREFIX) and value is not None
    }
    mandate = {key: _cell(row, column) for column, key in MANDATE_COLUMNS.items()}
    if any(mandate.values()):
        data["mandate"] = {key: value for key, value in mandate.items() if value}
    data["members"] = []
    return data


def read_csv(lines: Iterable[str]) -> Iterator[Read]:
    """Rows with a header (the columns of `CSV_COLUMNS` and one `prevention.<code>` column per
    obligation); consecutive rows with the same `customer_ref` are one household."""
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    if missing := [c for c in ("customer_ref", "relationship") if c not in header]:
        yield Problem(1, "header", f"missing columns: {', '.join(missing)}")
        return
    current: dict[str, Any] | None = None
    first = 0
    member_lines: list[int] = []
    for row in reader:
        line = reader.line_num
        ref = _cell(row, "customer_ref")
        relationship = _cell(row, "relationship")
        if current is not None and ref == current.get("customer_ref") and ref is not None:
            member = _person(row) | {"relationship": relationship}
            if joined := _cell(row, "joined_on"):
                member["joined_on"] = joined
            current["members"].append(member)
            member_lines.append(line)
            continue
        if current is not None:
            yield RawHousehold(first, current, tuple(member_lines))
            current = None
        if relationship != "affiliate":
            yield Problem(
                line,
                "relationship",
                "a household's first row is its affiliate's (relationship = affiliate)",
            )
            continue
        current, first, member_lines = _household(line, row), line, []
    if current is not None:
        yield RawHousehold(first, current, tuple(member_lines))


def reader_for(name: str) -> Any:
    """The reader of a file by its extension: .jsonl/.ndjson or .csv."""
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson")):
        return read_jsonl
    if lowered.endswith(".csv"):
        return read_csv
    return None
