"""The insurer's monthly bordereaux, pure: what a report is (its kind, its columns, its lines and
control totals), the commission each premium line carries, and the guard against CSV injection.

Every figure of a month is derived from data as of the month's end (`Month.as_of`), so a past
month's report is the same, byte for byte, whatever was booked afterwards. The SQL lives in
`bordereau_queries`, the file formats in `bordereau_formats`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import IO

from cybercare.billing.domain import Period
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.money import divide_rounded
from cybercare.reporting.figures import brussels_midnight


class Kind(StrEnum):
    PREMIUM = "premium"
    CLAIMS = "claims"
    COMMISSION = "commission"


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


MEDIA_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.JSON: "application/json",
}


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month and the instant its books close: the first Brussels midnight after it."""

    period: Period

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            return cls(Period.parse(text))
        except InvalidInput:
            raise InvalidInput("month", f"{text!r} is not a month such as 2026-11") from None

    @property
    def code(self) -> str:
        return self.period.code

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        """The first day after the month (exclusive bound)."""
        return self.period.end

    @property
    def as_of(self) -> datetime:
        """Books closed: rows created or posted before this instant belong to the report."""
        return brussels_midnight(self.end).astimezone(UTC)


# A column is text (guarded against formula injection), an integer count, a date or money in
# cents (written as a decimal amount). The kind drives each format's rendering.
TEXT, COUNT, DAY, MONEY = "text", "count", "date", "money"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: str


PREMIUM_COLUMNS = (
    Column("period", TEXT),
    Column("distributor", TEXT),
    Column("affiliation_id", TEXT),
    Column("covered_from", DAY),
    Column("covered_to", DAY),
    Column("days", COUNT),
    Column("gross_premium", MONEY),
    Column("insurance_tax", MONEY),
    Column("net_premium", MONEY),
    Column("commission", MONEY),
    Column("net_due_to_insurer", MONEY),
)
CLAIMS_COLUMNS = (
    Column("claim_id", TEXT),
    Column("affiliation_id", TEXT),
    Column("guarantee", TEXT),
    Column("declaration_date", DAY),
    Column("incurred_in_month", MONEY),
    Column("incurred_to_date", MONEY),
    Column("paid_in_month", MONEY),
    Column("paid_to_date", MONEY),
    Column("outstanding", MONEY),
    Column("recovered_in_month", MONEY),
    Column("recovered_to_date", MONEY),
    Column("net_incurred_to_date", MONEY),
)
COMMISSION_COLUMNS = (
    Column("period", TEXT),
    Column("distributor", TEXT),
    Column("affiliation_id", TEXT),
    Column("customer_ref", TEXT),
    Column("covered_from", DAY),
    Column("covered_to", DAY),
    Column("days", COUNT),
    Column("net_premium", MONEY),
    Column("commission", MONEY),
)
COLUMNS: Mapping[Kind, tuple[Column, ...]] = {
    Kind.PREMIUM: PREMIUM_COLUMNS,
    Kind.CLAIMS: CLAIMS_COLUMNS,
    Kind.COMMISSION: COMMISSION_COLUMNS,
}

Cell = str | int | date
Line = tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """A report ready to write: its lines are an iterator (streamed from the database, never
    all in memory) and its control totals come from the ledger, read before the lines."""

    kind: Kind
    month: Month
    distributor: str | None  # the one distributor of a commission statement, or all
    lines: Iterator[Line]
    ledger: Mapping[str, int]  # the ledger's totals of the month, by money column
    # Where the database can write the CSV lines itself (PostgreSQL's COPY), the same bytes as
    # `lines` through Python's csv writer: writes them to the file, returns their totals.
    csv_body: Callable[[IO[bytes]], Totals] | None = None

    @property
    def columns(self) -> tuple[Column, ...]:
        return COLUMNS[self.kind]

    @property
    def title(self) -> str:
        scope = f"-{self.distributor}" if self.distributor else ""
        return f"{self.kind.value}-bordereau{scope}-{self.month.code}"


class Totals:
    """Sums of the money columns of the lines written so far."""

    __slots__ = ("_money", "columns", "lines", "sums")

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self.columns = columns
        self.lines = 0
        self._money = [(i, c.name) for i, c in enumerate(columns) if c.kind == MONEY]
        self.sums = [0] * len(self._money)

    def add(self, line: Line) -> None:
        self.lines += 1
        sums = self.sums
        for slot, (index, _name) in enumerate(self._money):
            sums[slot] += line[index]  # type: ignore[operator]

    def money(self) -> dict[str, int]:
        return {name: self.sums[slot] for slot, (_i, name) in enumerate(self._money)}

    @classmethod
    def of(cls, columns: tuple[Column, ...], lines: int, money: Mapping[str, int]) -> Totals:
        """Totals the database summed (the COPY path)."""
        totals = cls(columns)
        totals.lines = lines
        totals.sums = [money.get(name, 0) for _index, name in totals._money]
        return totals


class CommissionShare:
    """Each premium line's share of its distributor's booked commission, rounded cumulatively:
    line i gets round(C * cum_net_i / N) - round(C * cum_net_(i-1) / N), so however many lines,
    their commissions add up to exactly the ledger's C (no rounding drift to explain)."""

    def __init__(self, booked: Mapping[str, tuple[int, int]]) -> None:
        # distributor -> (net premium N, commission C) booked in the ledger for the month
        self._booked = booked
        self._running: dict[str, tuple[int, int]] = {}

    def of(self, distributor: str, net_cents: int) -> int:
        total_net, total_commission = self._booked.get(distributor, (0, 0))
        cum_net, cum_commission = self._running.get(distributor, (0, 0))
        cum_net += net_cents
        if total_net <= 0:
            return 0
        target = divide_rounded(total_commission * min(cum_net, total_net), total_net)
        self._running[distributor] = (cum_net, target)
        return target - cum_commission


# OWASP: a cell a spreadsheet would read as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs: a leading ' defuses a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


_MONEY_TEXTS: dict[int, str] = {}  # premiums repeat: most lines share a few amounts


def money_text(cents: int) -> str:
    """Cents as a decimal amount "-12.34" (the same rule as `kernel.money.format_amount`)."""
    known = _MONEY_TEXTS.get(cents)
    if known is not None:
        return known
    text = _money_text(cents)
    if len(_MONEY_TEXTS) < 100_000:
        _MONEY_TEXTS[cents] = text
    return text


def _money_text(cents: int) -> str:
    if cents < 0:
        euros, rest = divmod(-cents, 100)
        return f"-{euros}.{rest:02d}"
    euros, rest = divmod(cents, 100)
    return f"{euros}.{rest:02d}"
