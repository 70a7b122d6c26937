"""What the report pages add for issue 14: the result page per kind of case (help on its way,
money paid, partial or declined, Art. 8.4, 10.1), and before the form, what each guarantee has
left this insurance year and whether a claim would be paid straight through (Art. 5)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from babel.dates import format_time

from cybercare.claims.sla import payment_due
from cybercare.cover.pots import limit_reached
from cybercare.cover.service import PotView, household_pots
from cybercare.db.uow import UnitOfWork
from cybercare.household.validation import phone_display
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.policy.member_queries import household_by_id
from cybercare.product.catalog import Catalog
from cybercare.product.model import Benefit
from cybercare.web.i18n import N_, locale_of
from cybercare.web.portal_texts import TEAMS
from cybercare.web.report_views import Cover, Sent, local_time

# --- the result page per kind of case ------------------------------------------------------------

ASSISTANCE, PAID, PARTIAL, DECLINED, HANDLER = (
    "assistance",
    "paid",
    "partial",
    "declined",
    "handler",
)
# What the person reads as the team who calls them; a case without guarantee goes to an agent.
AN_AGENT = N_("an agent of our assistance line")


@dataclass(frozen=True, slots=True)
class ResultLead:
    """What the result page says first, per kind of case:
    - assistance: help is on its way, who calls, by when (Brussels time) and on which number;
    - paid: the amount and the account it goes to (its last four characters), and by when;
    - partial / declined: the decision with its reasons and the complaints path (Art. 10.1);
    - handler: a handler decides within the days of Art. 8.4 (the claim waits for a person)."""

    kind: str
    urgent: bool
    team_msgids: tuple[str, ...]  # portal_texts.TEAMS msgids, or AN_AGENT
    contact_by: str  # "01:30" today, else "28 November 2026, 09:00" (Brussels)
    phone: str | None  # the member's own number from their profile
    amount_cents: int | None = None
    account_end: str | None = None
    payout_status: str | None = None
    pay_by: date | None = None

    @property
    def refused(self) -> bool:
        """Something was refused: the complaints path is the big block, else a link."""
        return self.kind in (PARTIAL, DECLINED)


def result_lead(
    uow: UnitOfWork, principal: Principal, view: Sent, language: str, clock: Clock
) -> ResultLead:
    """The kind of result of a reported case as its reader sees it (`sent`)."""
    case, claim, decision = view.case, view.claim, view.decision
    guarantee = view.product.guarantee(case.guarantee_code) if case.guarantee_code else None
    teams = tuple(TEAMS[t.value] for t in guarantee.teams if t.value in TEAMS) if guarantee else ()
    due = case.first_contact.due_at.astimezone(BRUSSELS)
    same_day = due.date() == clock.now().astimezone(BRUSSELS).date()
    contact_by = (
        format_time(due, "short", locale=locale_of(language))
        if same_day
        else local_time(case.first_contact.due_at, language)
    )
    household = household_by_id(uow, principal.household_id or "")
    phone = next(
        (p.phone for p in household.people if p.person_id == principal.person_id and p.phone),
        None,
    )
    shown = phone_display(phone) if phone else None
    lead = ResultLead(ASSISTANCE, case.urgent, teams or (AN_AGENT,), contact_by, shown)
    if decision is None:
        money_waits = claim is not None and claim.claimed_cents > 0 and not case.urgent
        return replace(lead, kind=HANDLER) if money_waits else lead
    if decision.outcome == "declined":
        return replace(lead, kind=DECLINED)
    if decision.outcome == "partially_accepted":
        return replace(lead, kind=PARTIAL, amount_cents=decision.payable_cents)
    if not decision.payable_cents or claim is None:
        return lead  # a service: help, no money (never "accepted — €0.00")
    payout = claim.payouts[0] if claim.payouts else None
    decided = claim.decided_at or clock.now()
    return replace(
        lead,
        kind=PAID,
        amount_cents=decision.payable_cents,
        account_end=payout.iban[-4:] if payout else None,
        payout_status=payout.status.value if payout else None,
        pay_by=payment_due(view.product, decided).astimezone(BRUSSELS).date(),
    )


# --- before the form: what each guarantee has left this insurance year (Art. 5) -----------------


@dataclass(frozen=True, slots=True)
class Standing:
    """A guarantee's yearly limit as it stands today, and the straight-through ceiling."""

    guarantee: str
    pot: PotView | None  # None: no yearly limit
    shared_with: tuple[str, ...]  # the other guarantees drawing on the same pot
    money_reached: bool
    cases_reached: bool
    service: bool  # the guarantee gives help (services) as well as or instead of money
    auto_pay_ceiling_cents: int | None  # for a guarantee that pays money

    @property
    def exhausted(self) -> bool:
        return self.money_reached or self.cases_reached


def standings(uow: UnitOfWork, catalog: Catalog, cover: Cover, today: date) -> dict[str, Standing]:
    """Each guarantee of the household's product, by code, with its pot read today."""
    product = cover.product
    pots = {p.pot: p for p in household_pots(uow, cover.affiliation_id, catalog, today)}
    found: dict[str, Standing] = {}
    for g in product.guarantees:
        pot = pots.get(g.pot) if g.pot else None
        money = g.benefit is Benefit.REIMBURSEMENT
        found[g.code] = Standing(
            guarantee=g.code,
            pot=pot,
            shared_with=tuple(c for c in (pot.guarantees if pot else ()) if c != g.code),
            money_reached=pot is not None
            and money
            and limit_reached(pot.money_limit_cents, pot.used_cents, pot.reserved_cents),
            cases_reached=pot is not None
            and limit_reached(pot.case_limit, pot.cases_used, pot.cases_reserved),
            service=bool(g.services),
            auto_pay_ceiling_cents=product.claims.auto_pay_ceiling_cents if money else None,
        )
    return found
