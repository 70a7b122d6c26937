"""The bordereaux's reads: premium lines streamed in a stable order (server-side cursor), claims
figures and control totals from the general ledger, all as of the month's end.

"As of": premium lines of runs started before `Month.as_of`, ledger entries posted before it,
claims submitted before it. What is booked later (a payment in December dated November, a
supplementary run) shows in a later month's report, never in a past one: a past month's file is
the same, byte for byte, whenever it is generated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, func, select

from cybercare.db.tables import (
    AffiliationRow,
    BillingRunRow,
    ClaimRow,
    LedgerEntryRow,
    LedgerLineRow,
    PayoutRow,
)
from cybercare.db.tables import PremiumLineRow as L
from cybercare.db.uow import UnitOfWork
from cybercare.ledger.domain import Account
from cybercare.reporting.bordereau import CommissionShare, Kind, Line, Month, Report
from cybercare.reporting.bordereau_copy_queries import premium_csv_body

STREAM = {"yield_per": 10_000, "stream_results": True}


def _stream(uow: UnitOfWork, query: Any) -> Any:
    """Rows through a server-side cursor on the session's connection: Core rows (no ORM
    bookkeeping per row), fetched 10,000 at a time."""
    return uow.session.connection().execute(query.execution_options(**STREAM))


def _day_text(column: Any) -> Any:
    """A date as its ISO text, from the database itself: no date object per cell."""
    return cast(column, String(10))


PREMIUM_BILLED = "premium_billed"
PAYMENT_KINDS = ("claim.payment", "claim.payment_returned")
CLAIM_ACCOUNTS = (Account.CLAIMS_EXPENSE, Account.CLAIMS_PAYABLE, Account.RECOVERIES)


def _posted(month: Month) -> ColumnElement[bool]:
    return and_(LedgerEntryRow.posted_at < month.as_of, LedgerEntryRow.effective_date < month.end)


# --- premiums ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BilledPremium:
    """The month's premium_billed entries of one distributor, from the ledger."""

    gross_cents: int = 0
    net_cents: int = 0
    tax_cents: int = 0
    commission_cents: int = 0


def billed_premiums(uow: UnitOfWork, month: Month) -> dict[str, BilledPremium]:
    """Per distributor: what the ledger booked for the month's premiums (Art. 9.1). The entry's
    receivable line names the distributor; income and tax lines are the insurer's and the
    state's, so each entry's lines are summed first, then given to its distributor."""
    entry, line = LedgerEntryRow, LedgerLineRow
    rows = uow.session.execute(
        select(
            entry.id,
            line.account,
            line.party,
            func.sum(line.debit_cents),
            func.sum(line.credit_cents),
        )
        .join(line, line.entry_id == entry.id)
        .where(
            entry.kind == PREMIUM_BILLED,
            entry.effective_date >= month.start,
            _posted(month),
        )
        .group_by(entry.id, line.account, line.party)
        .order_by(entry.id, line.account, line.party)
    )
    per_entry: dict[int, dict[str, Any]] = {}
    for entry_id, account, party, debits, credits in rows:
        item = per_entry.setdefault(entry_id, {"distributor": None})
        if account == Account.PREMIUM_RECEIVABLE.value:
            item["distributor"] = party
        item[account] = item.get(account, 0) + int(debits) - int(credits)
    totals: dict[str, BilledPremium] = {}
    for item in per_entry.values():
        code = item["distributor"]
        before = totals.get(code, BilledPremium())
        totals[code] = BilledPremium(
            before.gross_cents + item.get(Account.PREMIUM_RECEIVABLE.value, 0),
            before.net_cents - item.get(Account.PREMIUM_INCOME.value, 0),
            before.tax_cents - item.get(Account.TAX_PAYABLE.value, 0),
            before.commission_cents + item.get(Account.COMMISSION_EXPENSE.value, 0),
        )
    return totals


def _runs_before(month: Month) -> Any:
    return select(BillingRunRow.id).where(
        BillingRunRow.period == month.code, BillingRunRow.started_at < month.as_of
    )


def premium_lines(
    uow: UnitOfWork, month: Month, booked: dict[str, BilledPremium]
) -> Iterator[Line]:
    """One line per affiliation of the month, in affiliation order (the unique index's order:
    no sort), each with its share of the distributor's booked commission."""
    query = (
        select(
            L.distributor_code,
            L.affiliation_id,
            _day_text(L.covered_from),
            _day_text(L.covered_to),
            L.days,
            L.gross_cents,
            L.tax_cents,
            L.net_cents,
        )
        .where(L.period == month.code, L.run_id.in_(_runs_before(month)))
        .order_by(L.period, L.affiliation_id)
        .execution_options(**STREAM)
    )
    share = CommissionShare({k: (v.net_cents, v.commission_cents) for k, v in booked.items()})
    code = month.code
    for distributor, affiliation, start, end, days, gross, tax, net in _stream(uow, query):
        commission = share.of(distributor, net)
        yield (code, distributor, affiliation, start, end, days, gross, tax, net, commission,
               net - commission)  # fmt: skip


def commission_lines(
    uow: UnitOfWork, month: Month, booked: dict[str, BilledPremium], distributor: str | None
) -> Iterator[Line]:
    """The commission statement: the premium lines with the customer's reference, for one
    distributor (its own statement) or all (the insurer's finance team)."""
    query = (
        select(
            L.distributor_code,
            L.affiliation_id,
            AffiliationRow.customer_ref,
            _day_text(L.covered_from),
            _day_text(L.covered_to),
            L.days,
            L.net_cents,
        )
        .join(AffiliationRow, AffiliationRow.id == L.affiliation_id)
        .where(L.period == month.code, L.run_id.in_(_runs_before(month)))
        .order_by(L.period, L.affiliation_id)
        .execution_options(**STREAM)
    )
    if distributor is not None:
        query = query.where(L.distributor_code == distributor)
    share = CommissionShare({k: (v.net_cents, v.commission_cents) for k, v in booked.items()})
    code = month.code
    for dist, affiliation, ref, start, end, days, net in _stream(uow, query):
        yield (code, dist, affiliation, ref, start, end, days, net, share.of(dist, net))


# --- claims -----------------------------------------------------------------------------------


@dataclass(slots=True)
class ClaimFigures:
    incurred_in_month: int = 0
    incurred_to_date: int = 0
    paid_in_month: int = 0
    paid_to_date: int = 0
    outstanding: int = 0
    recovered_in_month: int = 0
    recovered_to_date: int = 0

    def add(self, account: str, kind: str, net_debit: int, in_month: bool) -> None:
        if account == Account.CLAIMS_EXPENSE.value:
            self.incurred_to_date += net_debit
            self.incurred_in_month += net_debit if in_month else 0
        elif account == Account.RECOVERIES.value:
            self.recovered_to_date -= net_debit
            self.recovered_in_month -= net_debit if in_month else 0
        elif account == Account.CLAIMS_PAYABLE.value:
            self.outstanding -= net_debit
            if kind in PAYMENT_KINDS:
                self.paid_to_date += net_debit
                self.paid_in_month += net_debit if in_month else 0


def _claim_movements(
    uow: UnitOfWork, month: Month
) -> Iterator[tuple[str, str, str, str, int, bool]]:
    entry, line = LedgerEntryRow, LedgerLineRow
    query = (
        select(
            entry.dedupe_key,
            entry.kind,
            line.account,
            line.party,
            line.debit_cents - line.credit_cents,
            entry.effective_date,
        )
        .join(line, line.entry_id == entry.id)
        .where(line.account.in_([a.value for a in CLAIM_ACCOUNTS]), _posted(month))
        .order_by(line.id)
        .execution_options(**STREAM)
    )
    for key, kind, account, party, net_debit, effective in uow.session.execute(query):
        yield key, kind, account, party, int(net_debit), effective >= month.start


CLAIM_ID_PREFIX = "clm_"  # claims.submit: new_id("clm")


def claim_figures(uow: UnitOfWork, month: Month) -> dict[str, ClaimFigures]:
    """Per claim: the ledger's movements of its decisions (`claim:{id}:...`), its payouts
    (`payout:{payout_id}:...`, the payout names the claim) and its recoveries (Art. 8.5). A
    movement keyed otherwise (a bank statement's `bank:{sha}:{line}`) belongs to the claim its
    line's party names, where the party is a claim id (recoveries are booked so)."""
    payouts = {
        row.id: row.claim_id
        for row in uow.session.execute(select(PayoutRow.id, PayoutRow.claim_id))
    }
    figures: dict[str, ClaimFigures] = {}
    for key, kind, account, party, net_debit, in_month in _claim_movements(uow, month):
        prefix, _, rest = key.partition(":")
        ident = rest.split(":", 1)[0]
        claim_id = ident if prefix == "claim" else None
        if prefix == "payout":
            claim_id = payouts.get(ident)
        if claim_id is None and party.startswith(CLAIM_ID_PREFIX):
            claim_id = party
        if claim_id is None:
            claim_id = f"?{key}"  # a movement no claim explains: its own line, seen in the file
        figures.setdefault(claim_id, ClaimFigures()).add(account, kind, net_debit, in_month)
    return figures


def claim_lines(uow: UnitOfWork, month: Month) -> Iterator[Line]:
    """One line per claim submitted before the month's end, oldest first."""
    figures = claim_figures(uow, month)
    query = (
        select(ClaimRow.id, ClaimRow.affiliation_id, ClaimRow.guarantee, ClaimRow.declaration_date)
        .where(ClaimRow.submitted_at < month.as_of)
        .order_by(ClaimRow.submitted_at, ClaimRow.id)
        .execution_options(**STREAM)
    )
    for claim_id, affiliation, guarantee, declared in uow.session.execute(query):
        yield (claim_id, affiliation, guarantee, declared, *_money(figures.pop(claim_id, None)))
    for claim_id in sorted(figures):  # movements of no known claim: shown, never hidden
        yield (claim_id, "", "", month.start, *_money(figures[claim_id]))


def _money(f: ClaimFigures | None) -> tuple[int, ...]:
    f = f or ClaimFigures()
    return (
        f.incurred_in_month,
        f.incurred_to_date,
        f.paid_in_month,
        f.paid_to_date,
        f.outstanding,
        f.recovered_in_month,
        f.recovered_to_date,
        f.incurred_to_date - f.recovered_to_date,
    )


def claims_ledger(uow: UnitOfWork, month: Month) -> dict[str, int]:
    """The ledger's own sums of the claims accounts for the month (the control totals)."""
    entry, line = LedgerEntryRow, LedgerLineRow
    net = line.debit_cents - line.credit_cents
    in_month = entry.effective_date >= month.start
    paid = entry.kind.in_(PAYMENT_KINDS)
    expense = line.account == Account.CLAIMS_EXPENSE.value
    payable = line.account == Account.CLAIMS_PAYABLE.value
    recovery = line.account == Account.RECOVERIES.value

    def total(*conditions: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(net).filter(and_(*conditions)), 0)

    row = uow.session.execute(
        select(
            total(expense, in_month),
            total(expense),
            total(payable, paid, in_month),
            total(payable, paid),
            total(payable),
            total(recovery, in_month),
            total(recovery),
        )
        .select_from(entry)
        .join(line, line.entry_id == entry.id)
        .where(_posted(month))
    ).one()
    inc_m, inc, paid_m, paid_all, payable_all, rec_m, rec = (int(v) for v in row)
    return {
        "incurred_in_month": inc_m,
        "incurred_to_date": inc,
        "paid_in_month": paid_m,
        "paid_to_date": paid_all,
        "outstanding": -payable_all,
        "recovered_in_month": -rec_m,
        "recovered_to_date": -rec,
        "net_incurred_to_date": inc + rec,
    }


# --- the report -------------------------------------------------------------------------------


def report(uow: UnitOfWork, kind: Kind, month: Month, distributor: str | None = None) -> Report:
    """The report of `kind` for `month`: ledger totals read now, lines streamed when written
    (inside the same unit of work: open it with `Database.streaming_reader()`)."""
    if kind is Kind.CLAIMS:
        return Report(kind, month, None, claim_lines(uow, month), claims_ledger(uow, month))
    booked = billed_premiums(uow, month)
    scope = {k: v for k, v in booked.items() if distributor in (None, k)}
    net = sum(v.net_cents for v in scope.values())
    commission = sum(v.commission_cents for v in scope.values())
    if kind is Kind.COMMISSION:
        ledger = {"net_premium": net, "commission": commission}
        lines = commission_lines(uow, month, booked, distributor)
        return Report(kind, month, distributor, lines, ledger)
    ledger = {
        "gross_premium": sum(v.gross_cents for v in scope.values()),
        "insurance_tax": sum(v.tax_cents for v in scope.values()),
        "net_premium": net,
        "commission": commission,
        "net_due_to_insurer": net - commission,
    }
    shares = {k: (v.net_cents, v.commission_cents) for k, v in booked.items()}
    copy = premium_csv_body(uow, month, shares)
    return Report(kind, month, None, premium_lines(uow, month, booked), ledger, copy)
