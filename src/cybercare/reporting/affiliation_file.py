"""The staff file of one affiliation: the household and its members, the status timeline
(Art. 9), the premium lines and their payment (Art. 9.1, 9.3), the non-payment cases with their
dates (Art. 9.6), the pots of the current insurance year (Art. 5) and the household's cases.

Cases are listed by their facts only (guarantee, person, dates, status, claims' amounts): no
narrative and no note, so nothing of the psychological compartment (Art. 11.2) reaches it.

The values are here; the queries that fill them are in `affiliation_file_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cybercare.billing.dunning import (
    OPEN_STATUSES,
    CaseStatus,
    suspend_from_for,
    terminate_from_for,
)
from cybercare.cover.service import PotView
from cybercare.household.domain import Relationship
from cybercare.kernel.clock import BRUSSELS
from cybercare.policy.views import AffiliationView, MemberView
from cybercare.product.model import Lifecycle

PREMIUM_LINES = 24  # the last two years of monthly lines


@dataclass(frozen=True, slots=True)
class Contact:
    person_id: str
    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class PremiumLine:
    period: str
    covered_from: date
    covered_to: date  # exclusive
    days: int
    month_days: int
    gross_cents: int
    net_cents: int
    tax_cents: int
    tax_rate_bp: int
    channel: str
    status: str
    status_on: date | None
    refunded_cents: int

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.covered_to.toordinal() - 1)


@dataclass(frozen=True, slots=True)
class Billing:
    lines: tuple[PremiumLine, ...]  # newest first, at most PREMIUM_LINES
    periods: int  # lines billed in all
    billed_cents: int
    paid_cents: int
    unpaid_cents: int
    open_cents: int  # billed, result not known yet
    contested_cents: int
    refunded_cents: int


@dataclass(frozen=True, slots=True)
class DunningStep:
    """A non-payment case: what happened and, while it is open, what will happen if the
    arrears stay unpaid (`*_planned`)."""

    status: str
    notice_on: date
    pay_by: date
    arrears_cents: int
    suspended_from: date | None
    suspension_planned: date | None
    termination_planned: date | None
    ended_on: date | None

    @property
    def open(self) -> bool:
        return CaseStatus(self.status) in OPEN_STATUSES

    @classmethod
    def of(
        cls,
        status: str,
        notice_on: date,
        pay_by: date,
        arrears_cents: int,
        suspended_from: date | None,
        ended_on: date | None,
        lifecycle: Lifecycle,
    ) -> DunningStep:
        """A stored case with the dates the dunning rules give it while it is open."""
        suspension_planned = termination_planned = None
        if status == CaseStatus.NOTICE_SENT.value:
            suspension_planned = suspend_from_for(pay_by)
            termination_planned = terminate_from_for(suspension_planned, lifecycle)
        elif status == CaseStatus.SUSPENDED.value and suspended_from is not None:
            termination_planned = terminate_from_for(suspended_from, lifecycle)
        return cls(
            status=status,
            notice_on=notice_on,
            pay_by=pay_by,
            arrears_cents=arrears_cents,
            suspended_from=suspended_from,
            suspension_planned=suspension_planned,
            termination_planned=termination_planned,
            ended_on=ended_on,
        )


@dataclass(frozen=True, slots=True)
class CaseLine:
    case_id: str
    guarantee: str | None
    person_name: str
    opened_at: datetime
    status: str
    urgent: bool
    closed_at: datetime | None
    claims: int
    claimed_cents: int
    paid_cents: int

    @property
    def opened_on(self) -> date:
        """The Brussels day the case was opened."""
        return self.opened_at.astimezone(BRUSSELS).date()


@dataclass(frozen=True, slots=True)
class AffiliationFile:
    view: AffiliationView
    household_id: str
    distributor_name: str
    contacts: dict[str, Contact]
    billing: Billing
    dunning: tuple[DunningStep, ...]  # newest first
    pots: tuple[PotView, ...]
    cases: tuple[CaseLine, ...]  # newest first

    @property
    def members(self) -> tuple[MemberView, ...]:
        """Today's members first, the affiliate at their head; then those who left."""
        return tuple(
            sorted(
                self.view.members,
                key=lambda m: (
                    m.left_on is not None,
                    m.relationship is not Relationship.AFFILIATE,
                    m.joined_on,
                    m.birth_date,
                    m.person_id,
                ),
            )
        )

    @property
    def open_dunning(self) -> DunningStep | None:
        return next((step for step in self.dunning if step.open), None)
