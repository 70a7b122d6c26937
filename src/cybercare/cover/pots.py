"""Yearly pots as values (Art. 5): what a household used and holds in one insurance year. Pure.

A pot year has limits (money, cases; `None` = no limit) and four figures: money and cases used,
money and cases reserved by cases in flight. Every move returns a new value and refuses to break
the invariants: no figure below zero, `used + reserved <= limit` for money and for cases. The
database checks the same invariants a second time (CHECK constraints on `pot_years`).

- `reserve`: a case is accepted for the guarantee (Art. 5.2), or a file waits for a handler:
  its case (and an estimate of the money) is held so that the limits hold while it is handled.
- `settle`: a decision converts the case's reservation into usage (the consumption of the
  coverage engine: `amount_cents`, `cases`, `released_cents`, `released_cases`).
- `release`: a decline or a closure without money gives the reservation back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cybercare.cover.domain import Consumption, PotBalance
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict

ART_5_2 = Art("5.2")
ART_5_3 = Art("5.3")


class PotLimitExceeded(Conflict):
    """A move would exceed a yearly limit or make a figure negative: never applied."""

    code = "pot.limit_exceeded"


@dataclass(frozen=True, slots=True)
class PotYear:
    pot: str
    money_limit_cents: int | None
    case_limit: int | None
    used_cents: int = 0
    reserved_cents: int = 0
    cases_used: int = 0
    cases_reserved: int = 0

    def __post_init__(self) -> None:
        figures = (self.used_cents, self.reserved_cents, self.cases_used, self.cases_reserved)
        if min(figures) < 0:
            raise PotLimitExceeded(
                f"pot {self.pot}: a figure would be negative",
                clause=str(ART_5_3),
                params={"pot": self.pot},
            )
        limit = self.money_limit_cents
        if limit is not None and self.used_cents + self.reserved_cents > limit:
            raise PotLimitExceeded(
                f"pot {self.pot}: money used and reserved would exceed the yearly limit",
                clause=str(ART_5_3),
                params={
                    "pot": self.pot,
                    "limit_cents": limit,
                    "used_cents": self.used_cents,
                    "reserved_cents": self.reserved_cents,
                },
            )
        cases = self.case_limit
        if cases is not None and self.cases_used + self.cases_reserved > cases:
            raise PotLimitExceeded(
                f"pot {self.pot}: cases used and reserved would exceed the yearly limit",
                clause=str(ART_5_2),
                params={
                    "pot": self.pot,
                    "case_limit": cases,
                    "cases_used": self.cases_used,
                    "cases_reserved": self.cases_reserved,
                },
            )

    @property
    def left_cents(self) -> int | None:
        """Money still available to new decisions; None when the pot has no money limit."""
        return left_under(self.money_limit_cents, self.used_cents, self.reserved_cents)

    @property
    def cases_left(self) -> int | None:
        return left_under(self.case_limit, self.cases_used, self.cases_reserved)

    def balance(self) -> PotBalance:
        """The figures as the coverage engine reads them."""
        return PotBalance(
            self.pot, self.used_cents, self.reserved_cents, self.cases_used, self.cases_reserved
        )

    def reserve(self, cents: int, cases: int) -> PotYear:
        _not_negative(cents, cases)
        return replace(
            self,
            reserved_cents=self.reserved_cents + cents,
            cases_reserved=self.cases_reserved + cases,
        )

    def release(self, cents: int, cases: int) -> PotYear:
        _not_negative(cents, cases)
        return replace(
            self,
            reserved_cents=self.reserved_cents - cents,
            cases_reserved=self.cases_reserved - cases,
        )

    def settle(self, consumption: Consumption) -> PotYear:
        """Apply a final decision: its own reservation released, its amount and case used."""
        self._same_pot(consumption)
        _not_negative(consumption.amount_cents, consumption.cases)
        _not_negative(consumption.released_cents, consumption.released_cases)
        return replace(
            self,
            used_cents=self.used_cents + consumption.amount_cents,
            reserved_cents=self.reserved_cents - consumption.released_cents,
            cases_used=self.cases_used + consumption.cases,
            cases_reserved=self.cases_reserved - consumption.released_cases,
        )

    def hold(self, proposal: Consumption) -> PotYear:
        """Hold a proposal as its case's reservation (it replaces what the case held)."""
        self._same_pot(proposal)
        return self.release(proposal.released_cents, proposal.released_cases).reserve(
            proposal.amount_cents, proposal.cases
        )

    def unsettle(self, cents: int, cases: int) -> PotYear:
        """A reopened decision: what it used becomes a reservation again (history is kept in
        the decisions; the pot holds the money until the new decision settles it)."""
        _not_negative(cents, cases)
        return replace(
            self,
            used_cents=self.used_cents - cents,
            cases_used=self.cases_used - cases,
            reserved_cents=self.reserved_cents + cents,
            cases_reserved=self.cases_reserved + cases,
        )

    def _same_pot(self, consumption: Consumption) -> None:
        if consumption.pot != self.pot:
            raise ValueError(f"consumption for pot {consumption.pot!r} applied to {self.pot!r}")


def left_under(limit: int | None, used: int, reserved: int) -> int | None:
    """What a yearly limit (money or cases) leaves to new decisions: what is reserved for cases
    in flight is not available either (Art. 5.2, 5.3). None when there is no limit."""
    return None if limit is None else limit - used - reserved


def limit_reached(limit: int | None, used: int, reserved: int) -> bool:
    """Nothing is left under the limit (never true without a limit)."""
    left = left_under(limit, used, reserved)
    return left is not None and left <= 0


def _not_negative(cents: int, cases: int) -> None:
    if cents < 0 or cases < 0:
        raise ValueError("a pot move takes amounts that are not negative")
