"""Premiums as pure rules (Art. 9.1, 9.3): calendar-month periods, pro rata by day, the dated
tax split, refunds, structured communications and the effect of a payment outcome.

Amounts are integer cents; the one rounding rule is `kernel.money` (`prorate`, `split_gross`).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.money import BASIS_POINTS, divide_rounded, prorate, split_gross
from cybercare.ledger.domain import Account, Entry, credit, debit, entry
from cybercare.product.model import Premium

ART_9_1 = Art("9.1")
ART_9_3 = Art("9.3")
TAX_PARTY = "be_tax"  # the tax on insurance contracts is owed to the Belgian state
INSURER = "insurer"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A calendar month `[start, end)`, written "2026-12"."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        try:
            year_text, month_text = text.split("-")
            period = cls(int(year_text), int(month_text))
        except ValueError:
            raise InvalidInput("period", f"{text!r} is not a month such as 2026-12") from None
        if not (1 <= period.month <= 12 and 2000 <= period.year <= 2999):
            raise InvalidInput("period", f"{text!r} is not a month such as 2026-12")
        return period

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @property
    def code(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days)

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class PremiumAmount:
    gross_cents: int
    net_cents: int
    tax_cents: int
    tax_rate_bp: int


def covered_interval(period: Period, start_date: date, end_date: date | None) -> tuple[date, date]:
    """The days of `period` the affiliation is billed for: from its start date to the date its
    cover ended (withdrawal, termination), exclusive. Empty when `from >= to`."""
    covered_from = max(period.start, start_date)
    covered_to = period.end if end_date is None else min(period.end, end_date)
    return covered_from, covered_to


def monthly_premium(premium: Premium, period: Period, days: int | None = None) -> PremiumAmount:
    """Art. 9.1: the gross monthly premium (taxes included), pro rata by day for `days` of the
    month; the tax rate is the one in force on the period's start (its due date)."""
    days = period.days if days is None else days
    if not 0 < days <= period.days:
        raise ValueError(f"{days} days is not a part of {period}")
    gross = premium.gross_monthly_cents
    if days != period.days:
        gross = prorate(gross, days, period.days)
    rate = premium.tax_rate_on(period.start)
    net, tax = split_gross(gross, rate)
    return PremiumAmount(gross, net, tax, rate)


@dataclass(frozen=True, slots=True)
class BilledLine:
    """What the refund rule needs of a premium line."""

    line_id: int
    covered_from: date
    covered_to: date
    gross_cents: int
    tax_rate_bp: int
    paid: bool


@dataclass(frozen=True, slots=True)
class Refund:
    line_id: int
    days: int
    gross_cents: int
    net_cents: int
    tax_cents: int
    due_by: date
    paid: bool  # a paid premium is paid back; an unpaid one is credited (no money moves)


def refund_after(line: BilledLine, cover_end: date, due_by: date) -> Refund | None:
    """Art. 9.3: the premium of the days of `line` on or after `cover_end`, pro rata by day."""
    line_days = (line.covered_to - line.covered_from).days
    days = (line.covered_to - max(cover_end, line.covered_from)).days
    if days <= 0:
        return None
    gross = line.gross_cents if days >= line_days else prorate(line.gross_cents, days, line_days)
    net, tax = split_gross(gross, line.tax_rate_bp)
    return Refund(line.line_id, days, gross, net, tax, due_by, line.paid)


# --- structured communication (Belgian OGM/VCS, modulo 97) ------------------------------------


def communication_for(line_id: int) -> str:
    """The structured communication of a premium line: its id in ten digits, then modulo 97."""
    if not 0 < line_id < 10**10:
        raise ValueError(f"line id {line_id} does not fit a structured communication")
    base = f"{line_id:010d}"
    return f"+++{ogm_vcs.format(base + ogm_vcs.calc_check_digits(base))}+++"


def line_id_of(communication: str) -> int:
    """The premium line a structured communication designates; InvalidInput when it is not a
    valid one (wrong length, digits or check digits)."""
    try:
        digits = ogm_vcs.validate(communication.strip())
    except ValidationError:
        raise InvalidInput(
            "communication", f"{communication!r} is not a valid structured communication"
        ) from None
    return int(digits[:10])


# --- payment outcomes -------------------------------------------------------------------------


class LineStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    UNPAID = "unpaid"
    CONTESTED = "contested"


class Outcome(StrEnum):
    PAID = "paid"
    UNPAID = "unpaid"
    CONTESTED = "contested"


@dataclass(frozen=True, slots=True)
class Transition:
    status: LineStatus
    collected_cents: int  # > 0 money received, < 0 money given back (a return), 0 none


def apply_outcome(status: LineStatus, outcome: Outcome, gross_cents: int) -> Transition | None:
    """The new status of a line and the money it moves; None when nothing changes."""
    new = LineStatus(outcome.value)
    if new == status:
        return None
    if new is LineStatus.PAID:
        return Transition(new, gross_cents)
    if status is LineStatus.PAID:
        return Transition(new, -gross_cents)  # a returned debit or a chargeback
    return Transition(new, 0)


# --- ledger entries ---------------------------------------------------------------------------


def commission_cents(net_cents: int, commission_bp: int) -> int:
    """The distributor's commission: its agreement rate on the net premium."""
    return divide_rounded(net_cents * commission_bp, BASIS_POINTS)


def premium_billed_entry(
    period: Period,
    distributor: str,
    totals: PremiumAmount,
    commission_bp: int,
    on: date,
    *,
    supplement: int | None = None,
) -> Entry:
    """One balanced entry per distributor and period; the premium lines are its sub-ledger.

    A supplement (lines billed by a rerun of a finished period) is its own entry, keyed by the
    first premium line id it covers (`premium-supplement:{period}:{distributor}:{id}`): the
    lines and the entry commit together, so that key names exactly one set of lines."""
    commission = commission_cents(totals.net_cents, commission_bp)
    key = f"premium:{period}:{distributor}"
    description = f"Premiums {period} billed through {distributor} (Art. 9.1)"
    if supplement is not None:
        key = f"premium-supplement:{period}:{distributor}:{supplement}"
        description = f"Supplementary premiums {period} billed through {distributor} (Art. 9.1)"
    return entry(
        key,
        "premium_billed",
        on,
        description,
        [
            debit(Account.PREMIUM_RECEIVABLE, distributor, totals.gross_cents),
            credit(Account.PREMIUM_INCOME, INSURER, totals.net_cents),
            credit(Account.TAX_PAYABLE, TAX_PARTY, totals.tax_cents),
            debit(Account.COMMISSION_EXPENSE, distributor, commission),
            credit(Account.COMMISSION_PAYABLE, distributor, commission),
        ],
    )


def collection_entry(
    dedupe_key: str, on: date, collected_by_party: Mapping[str, int], description: str
) -> Entry | None:
    """Money received (bank DR / receivable CR) and money given back (the reverse), per party."""
    lines = []
    for party, cents in sorted(collected_by_party.items()):
        if cents > 0:
            lines += [debit(Account.BANK, INSURER, cents)]
            lines += [credit(Account.PREMIUM_RECEIVABLE, party, cents)]
        elif cents < 0:
            lines += [debit(Account.PREMIUM_RECEIVABLE, party, -cents)]
            lines += [credit(Account.BANK, INSURER, -cents)]
    if not any(lines):
        return None
    return entry(dedupe_key, "premium_collected", on, description, lines)


def refund_entry(affiliation_id: str, distributor: str, refund: Refund, on: date) -> Entry:
    """Art. 9.3: income and tax go back; a paid premium is owed to the member, an unpaid one
    simply reduces what the distributor owes."""
    owed = (
        credit(Account.REFUNDS_PAYABLE, affiliation_id, refund.gross_cents)
        if refund.paid
        else credit(Account.PREMIUM_RECEIVABLE, distributor, refund.gross_cents)
    )
    return entry(
        f"refund:{refund.line_id}",
        "premium_refunded",
        on,
        f"Pro rata refund of {refund.days} days, affiliation {affiliation_id} (Art. 9.3)",
        [
            debit(Account.PREMIUM_INCOME, INSURER, refund.net_cents),
            debit(Account.TAX_PAYABLE, TAX_PARTY, refund.tax_cents),
            owed,
        ],
    )
