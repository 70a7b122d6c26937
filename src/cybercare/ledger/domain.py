"""Double-entry bookkeeping, pure: an entry is a set of lines whose debits equal its credits.

Amounts are integer cents, never negative; a line is either a debit or a credit. Accounts are
a closed chart so a typo can never open a new account.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cybercare.kernel.errors import DomainError


class Account(StrEnum):
    PREMIUM_RECEIVABLE = "premium_receivable"  # asset: premiums billed, not yet collected
    PREMIUM_INCOME = "premium_income"  # income: net premium earned by the insurer
    TAX_PAYABLE = "tax_payable"  # liability: tax on insurance contracts (Art. 9.1)
    COMMISSION_EXPENSE = "commission_expense"  # expense: distributor's commission
    COMMISSION_PAYABLE = "commission_payable"  # liability: commission owed to the distributor
    REFUNDS_PAYABLE = "refunds_payable"  # liability: premium refunds owed (Art. 9.3)
    BANK = "bank"  # asset: the insurer's bank account
    CLAIMS_EXPENSE = "claims_expense"  # expense: benefits granted (Art. 4, 5)
    CLAIMS_PAYABLE = "claims_payable"  # liability: benefits owed to members, not yet paid
    RECOVERIES = "recoveries"  # income: amounts recovered by subrogation (Art. 8.5)
    # Assistance services bought from appointed providers (Art. 4.2, 4.6; issue 19), kept apart
    # from the benefits paid to members.
    SERVICE_COST_EXPENSE = "service_cost_expense"  # expense: providers' invoices matched
    SERVICE_COST_PAYABLE = "service_cost_payable"  # liability: owed to providers, not yet paid


class UnbalancedEntry(DomainError):
    code = "ledger.unbalanced"


@dataclass(frozen=True, slots=True)
class Line:
    account: Account
    party: str  # whose balance it is: a distributor code, a household id, "insurer"...
    debit_cents: int = 0
    credit_cents: int = 0

    def __post_init__(self) -> None:
        if self.debit_cents < 0 or self.credit_cents < 0:
            raise UnbalancedEntry("ledger amounts are never negative")
        if (self.debit_cents > 0) == (self.credit_cents > 0):
            raise UnbalancedEntry("a line is either a debit or a credit, not both or neither")


def debit(account: Account, party: str, cents: int) -> Line | None:
    """A debit line, or None for a zero amount (nothing to book)."""
    return Line(account, party, debit_cents=cents) if cents else None


def credit(account: Account, party: str, cents: int) -> Line | None:
    """A credit line, or None for a zero amount (nothing to book)."""
    return Line(account, party, credit_cents=cents) if cents else None


@dataclass(frozen=True, slots=True)
class Entry:
    """One balanced transaction. `dedupe_key` makes posting idempotent (a rerun posts nothing)."""

    dedupe_key: str
    kind: str
    effective_date: date
    description: str
    lines: tuple[Line, ...]

    def __post_init__(self) -> None:
        if not self.lines:
            raise UnbalancedEntry("an entry has at least one line")
        debits = sum(line.debit_cents for line in self.lines)
        credits = sum(line.credit_cents for line in self.lines)
        if debits != credits:
            raise UnbalancedEntry(
                f"entry {self.dedupe_key} does not balance: debits {debits} != credits {credits}",
                params={"debits": debits, "credits": credits},
            )

    @property
    def total_cents(self) -> int:
        return sum(line.debit_cents for line in self.lines)


def entry(
    dedupe_key: str, kind: str, effective_date: date, description: str, lines: Iterable[Line | None]
) -> Entry:
    """An entry of the lines that carry an amount (a zero commission simply has no line)."""
    return Entry(
        dedupe_key,
        kind,
        effective_date,
        description,
        tuple(item for item in lines if item is not None),
    )
