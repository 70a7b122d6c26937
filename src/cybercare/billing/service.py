"""Use cases of collection: exports, imports of payment results and bank transfers, refunds.

Each runs inside the caller's unit of work (one transaction) and never commits. An import applies
every well-formed line or none of them (the transaction), reports every other line with its
number, and records each applied fact under its external reference: the same file twice applies
nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from cybercare.billing import repository
from cybercare.billing.domain import (
    BilledLine,
    LineStatus,
    Outcome,
    Period,
    apply_outcome,
    collection_entry,
    refund_after,
    refund_entry,
)
from cybercare.billing.formats import (
    Charge,
    LineError,
    parse_payment_results,
    parse_transfers,
)
from cybercare.billing.repository import LineState
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.money import format_amount
from cybercare.ledger.service import post
from cybercare.product.catalog import Catalog


@dataclass
class ImportReport:
    applied: int = 0
    already_applied: int = 0
    errors: list[LineError] = field(default_factory=list)
    collected_cents: int = 0

    def error(self, line: int, message: str) -> None:
        self.errors.append(LineError(line, message))


@dataclass(frozen=True, slots=True)
class Fact:
    """One payment fact of a file, ready to apply to its premium line."""

    line_number: int
    line_id: int
    outcome: Outcome
    amount_cents: int
    on: date
    external_ref: str
    reason_code: str | None = None


def export_charges(uow: UnitOfWork, period: Period, distributor: str) -> Iterator[Charge]:
    return repository.charges(uow, period.code, distributor)


def apply_facts(
    uow: UnitOfWork,
    source: str,
    facts: Sequence[Fact],
    file_sha256: str,
    clock: Clock,
    report: ImportReport,
    *,
    distributor: str | None = None,
    exact_amount: bool = True,
) -> ImportReport:
    """Apply the facts of one file: status changes, events, one collection entry per file."""
    known = repository.known_events(uow, source, [f.external_ref for f in facts])
    lines = repository.lines_by_id(uow, sorted({f.line_id for f in facts}), lock=True)
    collected: dict[str, int] = defaultdict(int)
    events, seen = [], set(known)
    for fact in facts:
        line = lines.get(fact.line_id)
        if line is None or (distributor is not None and line.distributor != distributor):
            report.error(fact.line_number, f"unknown charge {fact.line_id}")
            continue
        if fact.external_ref in seen:
            report.already_applied += 1
            continue
        if exact_amount and fact.amount_cents != line.gross_cents:
            report.error(
                fact.line_number,
                f"amount {format_amount(fact.amount_cents)} differs from the charge's "
                f"{format_amount(line.gross_cents)}",
            )
            continue
        seen.add(fact.external_ref)
        transition = apply_outcome(LineStatus(line.status), fact.outcome, line.gross_cents)
        if transition is not None:
            repository.set_status(uow, line.line_id, transition.status.value, fact.on)
            collected[line.distributor] += transition.collected_cents
            lines[line.line_id] = _with_status(line, transition.status.value)
        events.append(
            {
                "source": source,
                "external_ref": fact.external_ref,
                "premium_line_id": line.line_id,
                "outcome": fact.outcome.value,
                "amount_cents": fact.amount_cents,
                "event_date": fact.on,
                "reason_code": fact.reason_code,
                "file_sha256": file_sha256,
                "recorded_at": clock.now(),
            }
        )
        report.applied += 1
    repository.add_events(uow, events)
    entry = collection_entry(
        f"collection:{source}:{file_sha256}",
        clock.today(),
        collected,
        f"Premiums collected ({source} file {file_sha256[:12]})",
    )
    if entry is not None:
        post(uow, entry, at=clock.now())
    report.collected_cents += sum(collected.values())
    report.errors.sort(key=lambda error: error.line)
    return report


def _with_status(line: LineState, status: str) -> LineState:
    return LineState(
        line.line_id,
        line.affiliation_id,
        line.distributor,
        line.period,
        line.covered_from,
        line.covered_to,
        line.gross_cents,
        line.tax_rate_bp,
        line.channel,
        status,
        line.debit_batch_id,
    )


def import_payment_results(
    uow: UnitOfWork, distributor: str, text: str, clock: Clock
) -> ImportReport:
    """The distributor's results per charge: paid, unpaid or contested (CSV, docs/billing.md)."""
    parsed = parse_payment_results(text)
    report = ImportReport(errors=list(parsed.errors))
    facts = [
        Fact(number, item.line_id, item.outcome, item.amount_cents, item.on, item.external_ref)
        for number, item in parsed.items
    ]
    return apply_facts(
        uow, "distributor", facts, parsed.sha256, clock, report, distributor=distributor
    )


def import_transfers(uow: UnitOfWork, text: str, clock: Clock) -> ImportReport:
    """Bank transfers matched on their structured communication (one per premium line)."""
    parsed = parse_transfers(text)
    report = ImportReport(errors=list(parsed.errors))
    facts = [
        Fact(number, item.line_id, Outcome.PAID, item.amount_cents, item.on, item.bank_ref)
        for number, item in parsed.items
    ]
    return apply_facts(uow, "transfer", facts, parsed.sha256, clock, report)


# --- refunds (Art. 9.3) -----------------------------------------------------------------------


LOOK_BACK_DAYS = 60  # withdrawals of the last two months are (re)examined daily


def refund_withdrawals(uow: UnitOfWork, catalog: Catalog, clock: Clock) -> int:
    """Daily: the premium of the days after a withdrawal, pro rata, for every billed line,
    due within the product's refund period from the notification (Art. 9.3). Idempotent: one
    refund per line (unique), one ledger entry per refund."""
    today = clock.today()
    created = 0
    withdrawn = repository.withdrawn_since(uow, today - timedelta(days=LOOK_BACK_DAYS))
    for affiliation_id, distributor, product_key, cover_end in withdrawn:
        refund_days = catalog.get(*product_key).lifecycle.withdrawal_refund_days
        due_by = cover_end + timedelta(days=refund_days)
        created += refund_affiliation(uow, affiliation_id, distributor, cover_end, due_by, clock)
    return created


def refund_affiliation(
    uow: UnitOfWork,
    affiliation_id: str,
    distributor: str,
    cover_end: date,
    due_by: date,
    clock: Clock,
) -> int:
    periods = repository.billed_periods_from(uow, Period.of(cover_end).code)
    lines = repository.lines_of(uow, affiliation_id, periods)
    done = repository.refunded_line_ids(uow, [line.line_id for line in lines])
    created = 0
    for line in lines:
        if line.line_id in done:
            continue
        billed = BilledLine(
            line.line_id,
            line.covered_from,
            line.covered_to,
            line.gross_cents,
            line.tax_rate_bp,
            paid=line.status == LineStatus.PAID.value,
        )
        refund = refund_after(billed, cover_end, due_by)
        if refund is None:
            continue
        repository.add_refund(
            uow,
            {
                "premium_line_id": line.line_id,
                "affiliation_id": affiliation_id,
                "days": refund.days,
                "gross_cents": refund.gross_cents,
                "net_cents": refund.net_cents,
                "tax_cents": refund.tax_cents,
                "due_by": refund.due_by,
                "created_at": clock.now(),
            },
        )
        post(uow, refund_entry(affiliation_id, distributor, refund, clock.today()), at=clock.now())
        created += 1
    return created
