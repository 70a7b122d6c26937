"""What the member portal's pages show, assembled from the services' read models.

Every figure and every refusal comes from a service that applies Art. 11 (the household of the
signed-in member, the affiliate's rights, the case's visibility); this module only arranges
them for the templates: the pot meters of Art. 5, the termination rules of Art. 9.4 side by
side, the steps of a case with those of its claims (decided, paid, returned: `claims.progress`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cybercare.assistance.member_queries import CaseSummary, my_cases
from cybercare.assistance.views import TimelineEntry
from cybercare.billing.member_queries import BillingOverview, overview_of
from cybercare.claims.member_queries import MemberClaim, claims_by_case
from cybercare.claims.progress import ClaimStep
from cybercare.cover.service import PotView, household_pots
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.periods import add_months
from cybercare.policy.lifecycle import TerminationPreview
from cybercare.policy.member_queries import MemberHousehold, member_household
from cybercare.product.catalog import Catalog
from cybercare.product.model import Pot, ProductVersion
from cybercare.providers.order_queries import ServiceStep

RECENT_CASES = 3


@dataclass(frozen=True, slots=True)
class Meter:
    """One limit of a pot (money in cents, or a number of cases): used, reserved and left."""

    limit: int
    used: int
    reserved: int
    left: int

    @property
    def taken(self) -> int:
        return self.used + self.reserved

    @property
    def low(self) -> int:
        """Up to here the meter is in its good zone (at most 80 % taken): <meter low>."""
        return self.limit * 4 // 5

    @property
    def high(self) -> int:
        """Above this the limit is reached (<meter high>): between `low` and it, running low."""
        return max(self.limit - 1, self.low)

    @property
    def level(self) -> str:
        if self.left <= 0:
            return "exhausted"
        return "low" if self.taken > self.low else "ok"


@dataclass(frozen=True, slots=True)
class PotMeter:
    pot: Pot
    view: PotView
    money: Meter | None  # None: no money limit
    cases: Meter | None  # None: no case limit


@dataclass(frozen=True, slots=True)
class HomePage:
    household: MemberHousehold
    pots: tuple[PotMeter, ...]
    billing: BillingOverview | None  # the affiliate's only (Art. 11.3)
    recent_cases: tuple[CaseSummary, ...]
    open_cases: int
    claims: Mapping[str, tuple[MemberClaim, ...]]  # per case: the same progress as its page


def pot_meters(pots: list[PotView], product: ProductVersion) -> tuple[PotMeter, ...]:
    meters = []
    for view in pots:
        pot = product.pot(view.pot)
        money = None
        if view.money_limit_cents is not None:
            money = Meter(
                view.money_limit_cents,
                view.used_cents,
                view.reserved_cents,
                view.left_cents or 0,
            )
        cases = None
        if view.case_limit is not None:
            cases = Meter(
                view.case_limit, view.cases_used, view.cases_reserved, view.cases_left or 0
            )
        meters.append(PotMeter(pot, view, money, cases))
    return tuple(meters)


def home_page(uow: UnitOfWork, principal: Principal, catalog: Catalog, clock: Clock) -> HomePage:
    today = clock.today()
    household = member_household(uow, principal, catalog, today)
    pots = household_pots(uow, household.affiliation_id, catalog, today)
    cases = my_cases(uow, principal, clock)
    return HomePage(
        household=household,
        pots=pot_meters(pots, household.product),
        billing=overview_of(uow, household) if household.is_affiliate else None,
        recent_cases=tuple(cases[:RECENT_CASES]),
        open_cases=sum(1 for c in cases if c.case.status != "closed"),
        claims=claims_by_case(uow, principal, clock),
    )


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A dated step on a case's page: a step of the case, or one of a claim of the case."""

    at: datetime
    case_step: TimelineEntry | None = None
    claim_step: ClaimStep | None = None
    service_step: ServiceStep | None = None  # an appointed provider's service (issue 19)


def case_timeline(
    steps: Iterable[TimelineEntry],
    claims: Iterable[MemberClaim],
    services: Iterable[ServiceStep] = (),
) -> tuple[TimelineItem, ...]:
    """The case's steps, its claims' (submitted, decided, paid, returned) and its services'
    (appointed, quote accepted, done or not possible, invoiced) in time order."""
    items = [TimelineItem(step.at, case_step=step) for step in steps]
    items += [
        TimelineItem(step.at, claim_step=step) for claim in claims for step in claim.progress.steps
    ]
    items += [TimelineItem(step.at, service_step=step) for step in services]
    return tuple(sorted(items, key=lambda item: item.at))  # stable: a case step first on a tie


@dataclass(frozen=True, slots=True)
class TerminationRules:
    """Art. 9.4 side by side: the notice rule and the minimum-run rule; the later date wins."""

    notice_on: date
    notice_months: int
    notice_end: date
    start_date: date
    minimum_run_months: int
    minimum_run_end: date
    effective_date: date
    by_notice: bool  # the notice rule decided (also on a tie)
    article: str

    @property
    def last_day(self) -> date:
        """The last day covered: the effective date is the first day without cover."""
        return self.effective_date - timedelta(days=1)


def termination_rules(
    preview: TerminationPreview, product: ProductVersion, start: date
) -> TerminationRules:
    lifecycle = product.lifecycle
    reason = preview.reasons[0]
    notice_end = add_months(preview.notice_on, lifecycle.termination_notice_months)
    run_end = add_months(start, lifecycle.termination_minimum_run_months)
    return TerminationRules(
        notice_on=preview.notice_on,
        notice_months=lifecycle.termination_notice_months,
        notice_end=reason.params.get("notice_end", notice_end),
        start_date=start,
        minimum_run_months=lifecycle.termination_minimum_run_months,
        minimum_run_end=reason.params.get("minimum_run_end", run_end),
        effective_date=preview.effective_date,
        by_notice=reason.code == "policy.termination_after_notice",
        article=str(preview.article),
    )
