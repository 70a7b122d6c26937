"""What the report pages show: the household's cover and product version, the people a member
may report for (Art. 2.4, 11.3), a possible duplicate (pointed out, never refused), and the
result of a report (the decision with its reasons and the pot, or the service-level promise).

Reads only; the one write is the report itself (routes/report.py, one transaction).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_date, format_time

from cybercare.assistance.access import load_case_for
from cybercare.assistance.case_queries import case_opening, household_case_summaries
from cybercare.assistance.domain import CaseSummary, may_see_case, possible_duplicate
from cybercare.assistance.service import IN_FORCE, product_of
from cybercare.assistance.views import CaseView, case_view
from cybercare.claims.service import latest_claim_of_case
from cybercare.claims.views import ClaimView, DecisionView, ReasonView
from cybercare.cover.service import PotView, household_pots
from cybercare.db.uow import UnitOfWork
from cybercare.documents import reasons
from cybercare.household.domain import (
    Household,
    Person,
    ever_insured,
    is_minor,
    memberships_on,
    not_insured_on,
)
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.policy.member_queries import cover_to_report, household_by_id
from cybercare.product.catalog import Catalog
from cybercare.product.model import Pot, ProductVersion
from cybercare.web import formatting
from cybercare.web.i18n import N_, gettext, locale_of


@dataclass(frozen=True, slots=True)
class Cover:
    """The household's affiliation an incident is reported on and its product version: the one
    in force, else the one that ended most recently (Art. 3.4: an incident during cover may be
    declared after the end; `open_case` judges it on the incident date)."""

    affiliation_id: str
    status: str  # active or suspended; withdrawn or terminated once ended
    product: ProductVersion
    ended_on: date | None = None  # the first day without cover, once the contract has ended

    @property
    def suspended(self) -> bool:
        return self.status == "suspended"

    @property
    def ended(self) -> bool:
        return self.ended_on is not None


@dataclass(frozen=True, slots=True)
class PersonChoice:
    person_id: str
    name: str
    is_self: bool
    minor: bool
    insured_until: date | None = None  # the day they left the household, if they have


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A case of the household that may be the same incident. Its details are shown only to
    a member who may see that case (Art. 11.3)."""

    case_id: str
    visible: bool
    opened_on: date | None


def cover_of(uow: UnitOfWork, catalog: Catalog, household_id: str | None) -> Cover | None:
    found = cover_to_report(uow, household_id or "", IN_FORCE)
    if found is None:
        return None
    product = catalog.get(*found.product_key)
    return Cover(found.affiliation_id, found.status, product, found.ended_on)


def people_for(
    uow: UnitOfWork, principal: Principal, product: ProductVersion, today: date
) -> tuple[PersonChoice, ...]:
    """The people the member may report for (Art. 2.1, 9.7, 11.3): themselves whenever they were
    insured in the household (also after leaving it), and the minors they represent, today or on
    their last day in the household. Whether the person was insured on the incident date is
    `open_case`'s question, asked once the date is known."""
    if principal.household_id is None:
        return ()
    household = household_by_id(uow, principal.household_id)
    family = product.household.family_relationships
    chosen = [
        PersonChoice(
            p.person_id,
            f"{p.given_name} {p.family_name}",
            p.person_id == principal.person_id,
            is_minor(p, today),
            _left_on(household, p.person_id, today),
        )
        for p in household.people
        if _may_report_for(principal, household, p, family, today)
    ]
    return tuple(sorted(chosen, key=lambda c: (not c.is_self, c.name)))


def _may_report_for(
    principal: Principal, household: Household, person: Person, family: Collection[str], day: date
) -> bool:
    if person.person_id == principal.person_id:
        return ever_insured(household, person.person_id, family)
    if not is_minor(person, day):
        return False  # an adult reports for themselves (Art. 11.3)
    last_days = [day] + [
        m.left_on - timedelta(days=1)
        for m in household.memberships
        if m.person_id == person.person_id and m.left_on is not None and m.left_on <= day
    ]
    return any(
        not_insured_on(household, person.person_id, on, family) is None
        and may_see_case(
            principal,
            household_id=principal.household_id or "",
            concerned_person_id=person.person_id,
            household=household,
            on=on,
        )
        for on in last_days
    )


def _left_on(household: Household, person_id: str, today: date) -> date | None:
    """The day the person left the household, when they are no member today."""
    if any(m.person_id == person_id for m in memberships_on(household, today)):
        return None
    ends = [m.left_on for m in household.memberships if m.person_id == person_id and m.left_on]
    return max(ends) if ends else None


def duplicate_of(
    uow: UnitOfWork,
    principal: Principal,
    guarantee: str | None,
    occurrence: date | None,
    discovery: date,
    today: date,
) -> Duplicate | None:
    """The case `open_case` will point out as a possible duplicate, if any."""
    household_id = principal.household_id or ""
    found = possible_duplicate(
        CaseSummary("", guarantee, occurrence, discovery),
        household_case_summaries(uow, household_id),
    )
    if found is None:
        return None
    person_id, opened_at = case_opening(uow, found)
    visible = may_see_case(
        principal,
        household_id=household_id,
        concerned_person_id=person_id,
        household=household_by_id(uow, household_id),
        on=today,
    )
    opened = opened_at.astimezone(BRUSSELS).date() if visible else None
    return Duplicate(found, visible, opened)


# --- the result of a report ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PotFigures:
    pot: Pot
    now: PotView
    left_before_cents: int | None  # what was left for this claim, from the engine's reason
    left_after_cents: int | None  # stored with the decision (Art. 5)
    cases_left_after: int | None

    def share(self, cents: int) -> str:
        """A part of the limit on a scale of 100, for the SVG bar ("37.50")."""
        limit = self.now.money_limit_cents or 0
        return f"{(100 * cents / limit) if limit else 0:.2f}"


@dataclass(frozen=True, slots=True)
class Sent:
    case: CaseView
    product: ProductVersion
    claim: ClaimView | None
    pot: PotFigures | None

    @property
    def decision(self) -> DecisionView | None:
        """The final decision shown at once (straight through), never a proposal."""
        claim = self.claim
        if claim is None or claim.status != "decided" or claim.decision is None:
            return None
        return claim.decision if claim.decision.state == "final" else None

    @property
    def incomplete(self) -> bool:
        return self.claim is not None and self.claim.status == "incomplete"

    @property
    def missing_evidence(self) -> tuple[str, ...]:
        decision = self.claim.decision if self.claim else None
        return decision.missing_evidence if decision else ()


def sent(
    uow: UnitOfWork, principal: Principal, case_id: str, catalog: Catalog, clock: Clock
) -> Sent:
    """A case the member reported, as they may see it (Art. 11.3: `CaseNotFound` otherwise),
    with its latest claim and the pot that claim drew on."""
    today, now = clock.today(), clock.now()
    row = load_case_for(uow, principal, case_id, today=today)
    case = case_view(row, now)
    product = product_of(uow, catalog, row.affiliation_id)
    claim = latest_claim_of_case(uow, principal, case_id, clock)
    incident_day = row.occurrence_date or row.discovery_date  # Art. 3.4
    pot = None
    if _member_today(uow, principal, row.household_id, today):  # the household's limits
        pot = _pot(uow, catalog, product, row.affiliation_id, claim, incident_day)
    return Sent(case, product, claim, pot)


def _member_today(uow: UnitOfWork, principal: Principal, household_id: str, today: date) -> bool:
    """Art. 11.3: the household's limits are read by its members; a member who has left reads
    the decision on their own case, not what is left of the household's pots."""
    household = household_by_id(uow, household_id)
    return any(m.person_id == principal.person_id for m in memberships_on(household, today))


def _pot(
    uow: UnitOfWork,
    catalog: Catalog,
    product: ProductVersion,
    affiliation_id: str,
    claim: ClaimView | None,
    incident_day: date,
) -> PotFigures | None:
    if claim is None or claim.decision is None or claim.decision.state != "final":
        return None
    code = product.guarantee(claim.guarantee).pot
    if code is None:
        return None
    views = household_pots(uow, affiliation_id, catalog, incident_day)
    now = next(v for v in views if v.pot == code)
    decision = claim.decision
    before = next(
        (
            int(r.params["left_cents"])
            for r in decision.reasons
            if r.code in ("pot.within_limit", "pot.partial_settlement") and "left_cents" in r.params
        ),
        None,
    )
    after = decision.pot
    return PotFigures(
        product.pot(code),
        now,
        before,
        after.left_cents if after else None,
        after.cases_left if after else None,
    )


# What the member reads for the reasons of a decision shown at once; any other reason is named
# by its article only (the decision letter and the case page carry the full text).
REASONS: dict[str, str] = {
    "pot.within_limit": N_(
        "The amount of %(due)s is within what was left in the yearly limit “%(pot)s”: %(left)s."
    ),
    "pot.partial_settlement": N_(
        "The amount of %(due)s is larger than what was left in the yearly limit “%(pot)s”: "
        "what was left, %(payable)s, is paid."
    ),
    "pot.no_money_limit": N_("No money limit applies to the yearly limit “%(pot)s”."),
    "pot.no_pot": N_("This guarantee has no yearly money limit."),
    "claim.per_claim_limit": N_("The amount is capped at the limit per claim of %(limit)s."),
    "settlement.service_cases_reported": N_("A service without a money limit: our teams help you."),
    "settlement.service_unlimited": N_("An unlimited service: our teams help you."),
    "insured.legal_representative": N_(
        "The person concerned is a minor: we handle the case with their legal representative."
    ),
}
OUTCOMES: dict[str, str] = {
    "accepted": N_("Claim accepted"),
    "partially_accepted": N_("Claim partially accepted"),
    "declined": N_("Claim declined"),
    "needs_review": N_("Claim to be decided by a handler"),
}


def reason_text(reason: ReasonView, product: ProductVersion, language: str) -> str:
    message = REASONS.get(reason.code)
    if message is None:  # the sentence without figures that the letter and the portal give
        return reasons.reason_text(reason.code, language)
    return gettext(language, message) % _params(reason.params, product, language)


def _params(params: Mapping[str, Any], product: ProductVersion, language: str) -> dict[str, str]:
    said: dict[str, str] = {}
    for key, value in params.items():
        if key.endswith("_cents") and isinstance(value, int):
            said[key.removesuffix("_cents")] = formatting.money(value, language)
        elif key == "pot" and isinstance(value, str):
            try:
                said["pot"] = product.pot(value).label.in_(language)
            except KeyError:
                said["pot"] = value
        else:
            said[key] = str(value)
    return said


def local_time(instant: datetime, language: str) -> str:
    """An instant as the reader's date and time in Brussels ("27 november 2026, 11:00")."""
    locale = locale_of(language)
    local = instant.astimezone(BRUSSELS)
    pattern = str(locale.datetime_formats["long"])
    return pattern.format(
        format_time(local, "short", locale=locale), format_date(local, "long", locale=locale)
    )
