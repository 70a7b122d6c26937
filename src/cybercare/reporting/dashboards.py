"""The figures of the staff dashboards, as values. The aggregate queries that fill them are in
`dashboard_queries` (one query each, the same SQL on SQLite and PostgreSQL).

- cases per guarantee per week: cases by the Brussels week they were opened in;
- service-level attainment per team (Art. 8.4): first contact of each team's workstreams (the
  time of the first logged contact that reached the member, a call answered or a message sent;
  taking a workstream is no contact), and
  the claims handlers' decisions (claims whose decision clock ran: a file complete and waiting
  for a handler); a clock counts once it was met or ran out, a clock still running does not;
- premiums against claims paid per month, from the general ledger: premium income (net of the
  tax on insurance contracts, refunds deducted, on the entries' effective dates) and payouts
  executed by the bank (returned payouts deducted); the loss ratio is paid / premiums;
- households at a pot's limit (Art. 5): in-force affiliations whose pot of the current
  insurance year has no money or no case left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cybercare.cover.pots import limit_reached
from cybercare.product.model import Team
from cybercare.reporting.figures import Attainment, Bucket, loss_ratio_bp

WEEKS = 12
MONTHS = 12
IN_FORCE = ("active", "suspended")
# Ledger kinds of payouts executed by the bank and returned (payments.service).
PAYOUT_PAID = "claim.payment"
PAYOUT_RETURNED = "claim.payment_returned"
CLAIMS_HANDLERS = "claims_handling"  # the "team" whose clock is the decision clock
TEAMS = (*(team.value for team in Team), CLAIMS_HANDLERS)
LIMIT_LIST = 200


@dataclass(frozen=True, slots=True)
class CasesPerWeek:
    weeks: tuple[Bucket, ...]
    counts: dict[str | None, tuple[int, ...]]  # guarantee code (None: not chosen yet) -> per week

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts.values())

    def week_totals(self) -> tuple[int, ...]:
        return tuple(
            sum(row[index] for row in self.counts.values()) for index in range(len(self.weeks))
        )


@dataclass(frozen=True, slots=True)
class TeamAttainment:
    team: str  # a Team value, or CLAIMS_HANDLERS
    first_contact: Attainment | None  # None: the clock is not this team's
    decision: Attainment | None


@dataclass(frozen=True, slots=True)
class SlaAttainment:
    since: date
    teams: tuple[TeamAttainment, ...]

    @property
    def measured(self) -> int:
        """Clocks counted, every team and clock together."""
        return sum(
            share.measured
            for team in self.teams
            for share in (team.first_contact, team.decision)
            if share is not None
        )


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: Bucket
    premium_cents: int  # net premium income of the month (refunds deducted)
    paid_cents: int  # claims paid out by the bank (returns deducted)

    @property
    def loss_ratio_bp(self) -> int | None:
        return loss_ratio_bp(self.paid_cents, self.premium_cents)


@dataclass(frozen=True, slots=True)
class PremiumsAndClaims:
    months: tuple[MonthFigures, ...]

    @property
    def premium_cents(self) -> int:
        return sum(m.premium_cents for m in self.months)

    @property
    def paid_cents(self) -> int:
        return sum(m.paid_cents for m in self.months)

    @property
    def loss_ratio_bp(self) -> int | None:
        return loss_ratio_bp(self.paid_cents, self.premium_cents)

    @property
    def empty(self) -> bool:
        return all(m.premium_cents == 0 and m.paid_cents == 0 for m in self.months)


@dataclass(frozen=True, slots=True)
class PotAtLimit:
    affiliation_id: str
    household_id: str
    customer_ref: str
    distributor: str
    affiliate_name: str | None
    pot: str
    year_start: date
    year_end: date  # exclusive
    money_limit_cents: int | None
    used_cents: int
    reserved_cents: int
    case_limit: int | None
    cases_used: int
    cases_reserved: int

    @property
    def last_day(self) -> date:
        return self.year_end - timedelta(days=1)

    @property
    def money_taken_cents(self) -> int:
        """Money used and reserved: what new decisions cannot have (Art. 5.3)."""
        return self.used_cents + self.reserved_cents

    @property
    def cases_taken(self) -> int:
        return self.cases_used + self.cases_reserved

    @property
    def money_exhausted(self) -> bool:
        return limit_reached(self.money_limit_cents, self.used_cents, self.reserved_cents)

    @property
    def cases_exhausted(self) -> bool:
        return limit_reached(self.case_limit, self.cases_used, self.cases_reserved)


@dataclass(frozen=True, slots=True)
class PotsAtLimit:
    counts: dict[str, int]  # pot code -> households at its limit
    households: tuple[PotAtLimit, ...]  # at most LIMIT_LIST, by pot then affiliation

    @property
    def total(self) -> int:
        return sum(self.counts.values())
