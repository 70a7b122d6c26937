"""All the radar's writes, and the loads its use cases decide on (issue 20)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_, update

from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables import PersonRow, RadarIndicatorRow, RadarKnownBadRow, RadarReportRow
from cybercare.db.uow import UnitOfWork
from cybercare.radar.domain import Indicator, IndicatorKind


@dataclass(frozen=True, slots=True)
class NewReport:
    report_id: str
    household_id: str
    person_id: str
    kind: str
    asked_to: str
    money_lost: bool
    content: str
    attachment_name: str | None
    attachment_type: str | None
    attachment: bytes | None
    channel: str
    language: str
    urgent: bool
    reported_at: datetime
    reported_by: str
    answer_due_at: datetime


def add_report(uow: UnitOfWork, report: NewReport, indicators: Sequence[Indicator]) -> None:
    uow.session.add(
        RadarReportRow(
            id=report.report_id,
            household_id=report.household_id,
            person_id=report.person_id,
            kind=report.kind,
            asked_to=report.asked_to,
            money_lost=report.money_lost,
            content=report.content,
            attachment_name=report.attachment_name,
            attachment_type=report.attachment_type,
            attachment=report.attachment,
            channel=report.channel,
            language=report.language,
            urgent=report.urgent,
            status="open",
            reported_at=report.reported_at,
            reported_by=report.reported_by,
            answer_due_at=report.answer_due_at,
        )
    )
    uow.session.flush()
    uow.session.add_all(
        RadarIndicatorRow(
            report_id=report.report_id,
            household_id=report.household_id,
            kind=i.kind.value,
            value=i.value,
            shown=i.shown[:320],
            lookalike_of=i.lookalike_of,
            reported_at=report.reported_at,
        )
        for i in indicators
    )
    uow.session.flush()


def report_row(
    uow: UnitOfWork, report_id: str, *, for_update: bool = False
) -> RadarReportRow | None:
    query = select(RadarReportRow).where(RadarReportRow.id == report_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalar(query)
    if row is not None:
        uow.keep(row)
    return row


def indicators_of_report(uow: UnitOfWork, report_id: str) -> list[Indicator]:
    rows = uow.session.scalars(
        select(RadarIndicatorRow)
        .where(RadarIndicatorRow.report_id == report_id)
        .order_by(RadarIndicatorRow.id)
    )
    return [Indicator(IndicatorKind(r.kind), r.value, r.shown, r.lookalike_of) for r in rows]


def known_bad_among(uow: UnitOfWork, keys: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    wanted = list(keys)
    if not wanted:
        return frozenset()
    rows = uow.session.execute(
        select(RadarKnownBadRow.kind, RadarKnownBadRow.value).where(
            tuple_(RadarKnownBadRow.kind, RadarKnownBadRow.value).in_(wanted)
        )
    ).all()
    return frozenset((str(k), str(v)) for k, v in rows)


def answer(
    uow: UnitOfWork,
    row: RadarReportRow,
    *,
    verdict: str,
    advice: str,
    at: datetime,
    by: str,
    by_kind: str,
    close: bool,
) -> None:
    row.verdict, row.advice, row.answered_at = verdict, advice, at
    row.answered_by, row.answered_by_kind = by, by_kind
    if close:
        row.status = "answered"
    if by_kind == "team":
        row.person_answered_at = at
    uow.session.flush()


def link_case(uow: UnitOfWork, row: RadarReportRow, case_id: str) -> None:
    row.case_id = case_id
    uow.session.flush()


def add_known_bad(
    uow: UnitOfWork,
    rows: Sequence[tuple[str, str]],
    *,
    reason: str,
    by: str,
    source: str,
    at: datetime,
) -> list[tuple[str, str]]:
    """Adds the indicators not on the list yet; returns those it added."""
    if not rows:
        return []
    keys = list(dict.fromkeys(rows))
    ids = insert_new_rows(
        uow.session,
        RadarKnownBadRow,
        [
            {
                "kind": kind,
                "value": value,
                "reason": reason,
                "confirmed_by": by,
                "source": source,
                "confirmed_at": at,
                "households_told": 0,
            }
            for kind, value in keys
        ],
        unique_on=("kind", "value"),
        returning=RadarKnownBadRow.id,
    )
    if not ids:
        return []
    added = uow.session.execute(
        select(RadarKnownBadRow.kind, RadarKnownBadRow.value).where(RadarKnownBadRow.id.in_(ids))
    ).all()
    return [(str(k), str(v)) for k, v in added]


def count_told(uow: UnitOfWork, kind: str, value: str, households: int) -> None:
    uow.session.execute(
        update(RadarKnownBadRow)
        .where(RadarKnownBadRow.kind == kind, RadarKnownBadRow.value == value)
        .values(households_told=RadarKnownBadRow.households_told + households)
    )


@dataclass(frozen=True, slots=True)
class Reporter:
    report_id: str
    household_id: str
    person_id: str
    email: str | None
    language: str


def reporters_of(uow: UnitOfWork, kind: str, value: str) -> list[Reporter]:
    """One report per household that reported the indicator (its latest), with the reporting
    member's e-mail address and language, to tell them it is confirmed."""
    rows = uow.session.execute(
        select(
            RadarReportRow.id,
            RadarReportRow.household_id,
            RadarReportRow.person_id,
            PersonRow.email,
            RadarReportRow.language,
        )
        .join(RadarIndicatorRow, RadarIndicatorRow.report_id == RadarReportRow.id)
        .join(PersonRow, PersonRow.id == RadarReportRow.person_id)
        .where(RadarIndicatorRow.kind == kind, RadarIndicatorRow.value == value)
        .order_by(RadarReportRow.household_id, RadarReportRow.reported_at.desc())
    ).all()
    seen: dict[str, Reporter] = {}
    for report_id, household_id, person_id, email, language in rows:
        seen.setdefault(household_id, Reporter(report_id, household_id, person_id, email, language))
    return list(seen.values())


def person_email(uow: UnitOfWork, person_id: str) -> str | None:
    return uow.session.scalar(select(PersonRow.email).where(PersonRow.id == person_id))


def purge_reports_before(uow: UnitOfWork, cutoff: datetime) -> int:
    """Blank the reports made before `cutoff` and delete their indicators (retention category
    `scam_reports`); the ids, kinds, verdicts and dates stay for the counts. Idempotent."""
    from sqlalchemy import delete

    uow.session.execute(delete(RadarIndicatorRow).where(RadarIndicatorRow.reported_at < cutoff))
    result = uow.session.execute(
        update(RadarReportRow)
        .where(RadarReportRow.reported_at < cutoff, RadarReportRow.content != "")
        .values(
            content="", attachment=None, attachment_name=None, attachment_type=None, advice=None
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
