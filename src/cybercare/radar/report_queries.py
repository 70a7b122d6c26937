"""Read models of the radar (issue 20): a member's own reports, the team's queue, clusters of
one indicator across households, the known-bad list, and the distributor's aggregate counts.

Art. 11: what a member reads says of other households only whether *others reported this*
(`others_reported`); the distributor reads counts, never a report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, and_, exists, func, literal, select, tuple_, union_all

from cybercare.db.tables import (
    AffiliationRow,
    RadarIndicatorRow,
    RadarKnownBadRow,
    RadarReportRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.radar.domain import Indicator, IndicatorKind


@dataclass(frozen=True, slots=True)
class IndicatorView:
    kind: str
    value: str
    shown: str
    lookalike_of: str | None
    known_bad: bool
    others_reported: bool  # Art. 11: the only thing a member learns of other households


@dataclass(frozen=True, slots=True)
class ReportView:
    report_id: str
    person_id: str
    kind: str
    asked_to: str
    money_lost: bool
    content: str
    attachment_name: str | None
    channel: str
    language: str
    urgent: bool
    status: str
    reported_at: datetime
    answer_due_at: datetime
    verdict: str | None
    advice: str | None
    answered_at: datetime | None
    answered_by_kind: str | None
    case_id: str | None
    indicators: tuple[IndicatorView, ...]


def _indicator_views(
    uow: UnitOfWork, report_id: str, household_id: str
) -> tuple[IndicatorView, ...]:
    rows = uow.session.scalars(
        select(RadarIndicatorRow)
        .where(RadarIndicatorRow.report_id == report_id)
        .order_by(RadarIndicatorRow.id)
    ).all()
    found = match(uow, [(r.kind, r.value) for r in rows], household_id)
    bad = {key for key, (known, _) in found.items() if known}
    others = {key for key, (_, elsewhere) in found.items() if elsewhere}
    return tuple(
        IndicatorView(
            r.kind,
            r.value,
            r.shown,
            r.lookalike_of,
            (r.kind, r.value) in bad,
            (r.kind, r.value) in others,
        )
        for r in rows
    )


def known_bad_keys(uow: UnitOfWork, keys: list[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    if not keys:
        return frozenset()
    rows = uow.session.execute(
        select(RadarKnownBadRow.kind, RadarKnownBadRow.value).where(
            tuple_(RadarKnownBadRow.kind, RadarKnownBadRow.value).in_(keys)
        )
    ).all()
    return frozenset((str(k), str(v)) for k, v in rows)


def match(
    uow: UnitOfWork, keys: list[tuple[str, str]], household_id: str
) -> dict[tuple[str, str], tuple[bool, bool]]:
    """For each indicator of a report, in one round trip: is it on the known-bad list, and did
    another household report it (two index probes per indicator)."""
    if not keys:
        return {}
    wanted = union_all(
        *(
            select(literal(kind, String).label("kind"), literal(value, String).label("value"))
            for kind, value in dict.fromkeys(keys)
        )
    ).subquery("wanted")
    known = exists().where(
        RadarKnownBadRow.kind == wanted.c.kind, RadarKnownBadRow.value == wanted.c.value
    )
    elsewhere = exists().where(
        RadarIndicatorRow.kind == wanted.c.kind,
        RadarIndicatorRow.value == wanted.c.value,
        RadarIndicatorRow.household_id != household_id,
    )
    rows = uow.session.execute(select(wanted.c.kind, wanted.c.value, known, elsewhere)).all()
    return {(str(k), str(v)): (bool(b), bool(e)) for k, v, b, e in rows}


def reported_elsewhere(
    uow: UnitOfWork, keys: list[tuple[str, str]], household_id: str
) -> frozenset[tuple[str, str]]:
    """The indicators among `keys` that another household reported too (an index probe each)."""
    found = set()
    for kind, value in keys:
        other = uow.session.scalar(
            select(
                exists().where(
                    RadarIndicatorRow.kind == kind,
                    RadarIndicatorRow.value == value,
                    RadarIndicatorRow.household_id != household_id,
                )
            )
        )
        if other:
            found.add((kind, value))
    return frozenset(found)


def report_view(uow: UnitOfWork, report_id: str) -> ReportView | None:
    row = uow.session.get(RadarReportRow, report_id)
    if row is None:
        return None
    return ReportView(
        row.id,
        row.person_id,
        row.kind,
        row.asked_to,
        row.money_lost,
        row.content,
        row.attachment_name,
        row.channel,
        row.language,
        row.urgent,
        row.status,
        row.reported_at,
        row.answer_due_at,
        row.verdict,
        row.advice,
        row.answered_at,
        row.answered_by_kind,
        row.case_id,
        _indicator_views(uow, row.id, row.household_id),
    )


@dataclass(frozen=True, slots=True)
class ReportLine:
    report_id: str
    kind: str
    reported_at: datetime
    status: str
    verdict: str | None
    urgent: bool
    answer_due_at: datetime
    lookalike: bool = False
    known_bad_match: bool = False


def reports_of_person(uow: UnitOfWork, person_id: str) -> list[ReportLine]:
    rows = uow.session.execute(
        select(
            RadarReportRow.id,
            RadarReportRow.kind,
            RadarReportRow.reported_at,
            RadarReportRow.status,
            RadarReportRow.verdict,
            RadarReportRow.urgent,
            RadarReportRow.answer_due_at,
        )
        .where(RadarReportRow.person_id == person_id)
        .order_by(RadarReportRow.reported_at.desc())
        .limit(200)
    ).all()
    return [ReportLine(*r) for r in rows]


def queue(uow: UnitOfWork) -> list[ReportLine]:
    """Open reports, urgent first, then the nearest deadline (Art. 8.4)."""
    lookalike = (
        select(func.count())
        .where(
            RadarIndicatorRow.report_id == RadarReportRow.id,
            RadarIndicatorRow.lookalike_of.is_not(None),
        )
        .scalar_subquery()
    )
    known = (
        select(func.count())
        .select_from(RadarIndicatorRow)
        .join(
            RadarKnownBadRow,
            and_(
                RadarKnownBadRow.kind == RadarIndicatorRow.kind,
                RadarKnownBadRow.value == RadarIndicatorRow.value,
            ),
        )
        .where(RadarIndicatorRow.report_id == RadarReportRow.id)
        .scalar_subquery()
    )
    rows = uow.session.execute(
        select(
            RadarReportRow.id,
            RadarReportRow.kind,
            RadarReportRow.reported_at,
            RadarReportRow.status,
            RadarReportRow.verdict,
            RadarReportRow.urgent,
            RadarReportRow.answer_due_at,
            lookalike,
            known,
        )
        .where(RadarReportRow.status == "open")
        .order_by(RadarReportRow.urgent.desc(), RadarReportRow.answer_due_at)
        .limit(500)
    ).all()
    return [
        ReportLine(
            report_id=r[0],
            kind=r[1],
            reported_at=r[2],
            status=r[3],
            verdict=r[4],
            urgent=r[5],
            answer_due_at=r[6],
            lookalike=bool(r[7]),
            known_bad_match=bool(r[8]),
        )
        for r in rows
    ]


# --- clusters (staff) -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    reports: int


@dataclass(frozen=True, slots=True)
class KnownBadView:
    kind: str
    value: str
    reason: str
    confirmed_by: str
    source: str
    confirmed_at: datetime
    households_told: int


@dataclass(frozen=True, slots=True)
class ClusterView:
    """One indicator across households since `since`: "this IBAN was reported by 7 households
    since Monday", its timeline and the cases its reports led to."""

    kind: str
    value: str
    since: datetime
    households: int
    reports: int
    first_at: datetime | None
    last_at: datetime | None
    timeline: tuple[DayCount, ...]
    report_ids: tuple[str, ...]
    case_ids: tuple[str, ...]
    lookalike_of: str | None
    known_bad: KnownBadView | None


def cluster(uow: UnitOfWork, kind: str, value: str, since: datetime) -> ClusterView:
    match = (
        RadarIndicatorRow.kind == kind,
        RadarIndicatorRow.value == value,
        RadarIndicatorRow.reported_at >= since,
    )
    households, reports, first_at, last_at = uow.session.execute(
        select(
            func.count(func.distinct(RadarIndicatorRow.household_id)),
            func.count(),
            func.min(RadarIndicatorRow.reported_at),
            func.max(RadarIndicatorRow.reported_at),
        ).where(*match)
    ).one()
    lines = uow.session.execute(
        select(
            RadarIndicatorRow.report_id,
            RadarIndicatorRow.reported_at,
            RadarIndicatorRow.lookalike_of,
            RadarReportRow.case_id,
        )
        .join(RadarReportRow, RadarReportRow.id == RadarIndicatorRow.report_id)
        .where(*match)
        .order_by(RadarIndicatorRow.reported_at.desc())
        .limit(200)
    ).all()
    per_day: dict[date, int] = {}
    for _, at, _, _ in lines:
        per_day[at.date()] = per_day.get(at.date(), 0) + 1
    known = uow.session.scalar(
        select(RadarKnownBadRow).where(
            RadarKnownBadRow.kind == kind, RadarKnownBadRow.value == value
        )
    )
    return ClusterView(
        kind=kind,
        value=value,
        since=since,
        households=int(households or 0),
        reports=int(reports or 0),
        first_at=first_at,
        last_at=last_at,
        timeline=tuple(DayCount(d, n) for d, n in sorted(per_day.items())),
        report_ids=tuple(r for r, _, _, _ in lines),
        case_ids=tuple(dict.fromkeys(c for _, _, _, c in lines if c)),
        lookalike_of=next((lk for _, _, lk, _ in lines if lk), None),
        known_bad=_known_view(known) if known is not None else None,
    )


@dataclass(frozen=True, slots=True)
class ClusterLine:
    kind: str
    value: str
    households: int
    reports: int
    last_at: datetime
    known_bad: bool


def top_clusters(uow: UnitOfWork, since: datetime, *, min_households: int = 2) -> list[ClusterLine]:
    """Indicators reported by `min_households` households or more since `since`, most first."""
    households = func.count(func.distinct(RadarIndicatorRow.household_id))
    rows = uow.session.execute(
        select(
            RadarIndicatorRow.kind,
            RadarIndicatorRow.value,
            households,
            func.count(),
            func.max(RadarIndicatorRow.reported_at),
        )
        .where(RadarIndicatorRow.reported_at >= since)
        .group_by(RadarIndicatorRow.kind, RadarIndicatorRow.value)
        .having(households >= min_households)
        .order_by(households.desc(), func.max(RadarIndicatorRow.reported_at).desc())
        .limit(100)
    ).all()
    bad = known_bad_keys(uow, [(k, v) for k, v, *_ in rows])
    return [ClusterLine(k, v, int(h), int(n), last, (k, v) in bad) for k, v, h, n, last in rows]


def _known_view(row: RadarKnownBadRow) -> KnownBadView:
    return KnownBadView(
        row.kind,
        row.value,
        row.reason,
        row.confirmed_by,
        row.source,
        row.confirmed_at,
        row.households_told,
    )


def known_bad_list(uow: UnitOfWork, *, limit: int = 500) -> list[KnownBadView]:
    rows = uow.session.scalars(
        select(RadarKnownBadRow).order_by(RadarKnownBadRow.confirmed_at.desc()).limit(limit)
    )
    return [_known_view(r) for r in rows]


def households_reporting(uow: UnitOfWork, indicator: Indicator) -> int:
    return int(
        uow.session.scalar(
            select(func.count(func.distinct(RadarIndicatorRow.household_id))).where(
                RadarIndicatorRow.kind == indicator.kind.value,
                RadarIndicatorRow.value == indicator.value,
            )
        )
        or 0
    )


# --- the distributor (Art. 11.1: counts only) -----------------------------------------------


@dataclass(frozen=True, slots=True)
class RadarCounts:
    since: datetime
    reports: int
    households: int
    by_verdict: dict[str, int]
    by_kind: dict[str, int]
    answered_at_once: int
    known_bad_indicators: int


def distributor_counts(uow: UnitOfWork, distributor: str, since: datetime) -> RadarCounts:
    """Aggregate counts of the reports of the distributor's households since `since`."""
    book = (
        select(AffiliationRow.household_id)
        .where(AffiliationRow.distributor_code == distributor)
        .distinct()
    )
    scope = (RadarReportRow.household_id.in_(book), RadarReportRow.reported_at >= since)
    reports, households, at_once = uow.session.execute(
        select(
            func.count(),
            func.count(func.distinct(RadarReportRow.household_id)),
            func.count().filter(RadarReportRow.answered_by_kind == "known_bad"),
        ).where(*scope)
    ).one()
    by_verdict = {
        str(v or "pending"): int(n)
        for v, n in uow.session.execute(
            select(RadarReportRow.verdict, func.count())
            .where(*scope)
            .group_by(RadarReportRow.verdict)
        )
    }
    by_kind = {
        str(k): int(n)
        for k, n in uow.session.execute(
            select(RadarReportRow.kind, func.count()).where(*scope).group_by(RadarReportRow.kind)
        )
    }
    known = int(uow.session.scalar(select(func.count()).select_from(RadarKnownBadRow)) or 0)
    return RadarCounts(
        since, int(reports), int(households), by_verdict, by_kind, int(at_once or 0), known
    )


def indicator_kinds() -> tuple[str, ...]:
    return tuple(k.value for k in IndicatorKind)
