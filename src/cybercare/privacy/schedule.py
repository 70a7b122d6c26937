"""The retention schedule as versioned data: `schedules/retention-vN.toml` read into frozen
values. A broken file raises `RetentionScheduleError` listing every problem, so whoever edits the
data can fix it without reading Python."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from cybercare.kernel.errors import DomainError

SCHEDULES = Path(__file__).parent / "schedules"
CURRENT = "retention-v1"


class Status(StrEnum):
    RESEARCHED = "researched"  # a period of Belgian law, found in what we consulted
    CHOICE = "choice"  # a period we chose within what the law allows
    UNVERIFIED = "unverified"  # a figure we could not confirm


class Event(StrEnum):
    QUOTE_ISSUED = "quote_issued"
    REQUEST_RECEIVED = "request_received"
    SESSION_STARTED = "session_started"
    HOUSEHOLD_RELATIONSHIP_ENDED = "household_relationship_ended"
    CASE_CLOSED = "case_closed"
    BOOKED = "booked"
    MESSAGE_CREATED = "message_created"
    RECORDED = "recorded"


@dataclass(frozen=True, slots=True)
class Period:
    years: int = 0
    days: int = 0

    def __str__(self) -> str:
        parts = [
            f"{n} {unit}{'s' if n != 1 else ''}"
            for n, unit in ((self.years, "year"), (self.days, "day"))
            if n
        ]
        return " ".join(parts) or "0 days"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    status: Status
    finding: str
    consulted: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    purpose: str
    runs_from: Event
    period: Period
    status: Status
    legal_basis: str
    sources: tuple[str, ...]
    note: str
    columns: tuple[str, ...]  # "table.column"
    from_next_january: bool = False
    handled_by: str | None = None  # another job already deletes these rows


@dataclass(frozen=True, slots=True)
class Schedule:
    version: str
    effective_from: date
    sources: tuple[Source, ...]
    categories: tuple[Category, ...]

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def columns_kept_by(self, code: str) -> frozenset[str]:
        return frozenset(self.category(code).columns)


class RetentionScheduleError(DomainError):
    code = "retention.schedule_invalid"


@cache
def load_schedule(version: str = CURRENT, folder: Path = SCHEDULES) -> Schedule:
    path = folder / f"{version}.toml"
    return parse_schedule(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


def parse_schedule(data: dict[str, Any], name: str = "schedule") -> Schedule:
    problems: list[str] = []
    sources = tuple(_source(s, problems) for s in data.get("source", []))
    known = {s.id for s in sources}
    categories = tuple(_category(c, known, problems) for c in data.get("category", []))
    codes = [c.code for c in categories]
    problems += [f"category {c!r} appears twice" for c in set(codes) if codes.count(c) > 1]
    version = data.get("version")
    if not isinstance(version, str) or not version:
        problems.append("version: a non-empty string is needed")
    effective = data.get("effective_from")
    if not isinstance(effective, date):
        problems.append("effective_from: a date is needed")
    if problems:
        raise RetentionScheduleError(
            "; ".join(f"{name}: {p}" for p in problems), params={"problems": problems}
        )
    assert isinstance(version, str)
    assert isinstance(effective, date)
    return Schedule(version, effective, sources, categories)


def _text(item: dict[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key} must be a non-empty text")
        return ""
    return value


def _status(value: object, where: str, problems: list[str]) -> Status:
    try:
        return Status(str(value))
    except ValueError:
        problems.append(f"{where}: status must be one of {', '.join(Status)}")
        return Status.UNVERIFIED


def _source(item: dict[str, Any], problems: list[str]) -> Source:
    where = f"source {item.get('id')!r}"
    return Source(
        id=_text(item, "id", where, problems),
        title=_text(item, "title", where, problems),
        status=_status(item.get("status"), where, problems),
        finding=_text(item, "finding", where, problems),
        consulted=tuple(item.get("consulted", ())),
    )


def _category(item: dict[str, Any], sources: set[str], problems: list[str]) -> Category:
    where = f"category {item.get('code')!r}"
    period = item.get("period", {})
    if not isinstance(period, dict) or set(period) - {"years", "days"}:
        problems.append(f"{where}: period takes years and/or days")
        period = {}
    years, days = int(period.get("years", 0)), int(period.get("days", 0))
    if years < 0 or days < 0:
        problems.append(f"{where}: a period is not negative")
    try:
        event = Event(str(item.get("runs_from")))
    except ValueError:
        problems.append(f"{where}: runs_from must be one of {', '.join(Event)}")
        event = Event.RECORDED
    cited = tuple(item.get("sources", ()))
    problems += [f"{where}: unknown source {s!r}" for s in cited if s not in sources]
    if not cited:
        problems.append(f"{where}: cite at least one source")
    columns = tuple(item.get("columns", ()))
    problems += [f"{where}: column {c!r} is not table.column" for c in columns if c.count(".") != 1]
    return Category(
        code=_text(item, "code", where, problems),
        purpose=_text(item, "purpose", where, problems),
        runs_from=event,
        period=Period(years, days),
        status=_status(item.get("status"), where, problems),
        legal_basis=_text(item, "legal_basis", where, problems),
        sources=cited,
        note=_text(item, "note", where, problems),
        columns=columns,
        from_next_january=bool(item.get("from_next_january", False)),
        handled_by=item.get("handled_by"),
    )
