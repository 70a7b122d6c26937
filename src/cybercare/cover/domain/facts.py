"""The facts the coverage engine decides on: the policy, the incident and the yearly pots.

Every input is a frozen value. A service builds them from the database in one snapshot; the same
facts and the same product version always give the same decision (see `snapshot.py`).

Dates are calendar dates (Europe/Brussels). Periods are half-open: [from_date, to_date), with
`to_date=None` for "still running". Money is integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from cybercare.cover.domain.decision import Consumption

AFFILIATE = "affiliate"  # the relationship of the affiliate to themself (Art. 1.2, 2.1)
NOT_FAMILY = "other"  # a housemate who is not family (Art. 2.3)


class PolicyStatus(StrEnum):
    """The status of the affiliation over a period (Art. 9)."""

    ACTIVE = "active"
    SUSPENDED = "suspended"  # Art. 9.6: non-payment
    WITHDRAWN = "withdrawn"  # Art. 9.3
    TERMINATED = "terminated"  # Art. 9.4, 9.5, 9.6


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    """The affiliation had `status` on every day of [from_date, to_date)."""

    status: PolicyStatus
    from_date: date
    to_date: date | None = None

    def contains(self, day: date) -> bool:
        return self.from_date <= day and (self.to_date is None or day < self.to_date)


@dataclass(frozen=True, slots=True)
class HouseholdMember:
    """One period of a person's membership of the household (Art. 2, 9.7).

    A person may appear several times (history): the period that contains the incident date is
    the one that counts. `relationship` is "affiliate", a family code of the product
    (Art. 2.2) or "other" (a housemate who is not family, Art. 2.3).
    """

    person_id: str
    relationship: str
    lives_at_main_residence: bool
    member_from: date
    member_to: date | None = None
    birth_date: date | None = None  # Art. 2.4: no age limit; minors need a legal representative

    def contains(self, day: date) -> bool:
        return self.member_from <= day and (self.member_to is None or day < self.member_to)


@dataclass(frozen=True, slots=True)
class PolicyFacts:
    """The affiliation as it stands: start (activation) date, status history, household."""

    start_date: date  # Art. 3.2: activation date; insurance years run from it (Art. 3.1)
    status_periods: tuple[StatusPeriod, ...]  # sorted, not overlapping
    members: tuple[HouseholdMember, ...]
    residence_country: str  # ISO 3166-1 alpha-2 of the main residence (Art. 3.3)


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What the member declared about the incident.

    Exclusion flags name the exclusions of Art. 6 that apply (absent: not declared). Obligations
    of Art. 7.1 are answered as respected or breached; an obligation the guarantee asks about
    (Art. 7.2) and that is in neither set is unanswered. `None` means "not answered".
    """

    exclusions: frozenset[str] = frozenset()
    obligations_respected: frozenset[str] = frozenset()
    obligations_breached: frozenset[str] = frozenset()
    # ECOM (Art. 4.5)
    seller_professional: bool | None = None
    written_claim_sent: bool | None = None
    promised_delivery_date: date | None = None
    payment_date: date | None = None
    # PAYF (Art. 4.4)
    bank_refused_definitively: bool | None = None
    # DATA (Art. 4.6)
    data_loss_cause: str | None = None


NO_CIRCUMSTANCES = Circumstances()


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """An incident declared for one guarantee and one insured person.

    `occurrence_date` is None when unknown: the discovery date stands in (Art. 3.4).
    `already_counted`: this case was already accepted and counted against its pot; a further
    claim on it does not count a new case (Art. 5.2). `reservation_cents` and `case_reserved`
    are what this case itself holds in the pot's reservations; the decision releases them.
    """

    guarantee: str
    insured_person_id: str
    discovery_date: date
    declaration_date: date
    occurrence_date: date | None = None
    kind: str | None = None
    claimed_cents: int = 0
    evidence: frozenset[str] = frozenset()
    circumstances: Circumstances = NO_CIRCUMSTANCES
    already_counted: bool = False
    reservation_cents: int = 0
    case_reserved: bool = False

    @property
    def incident_date(self) -> date:
        """Art. 3.4: the occurrence date, or the discovery date when it is unknown."""
        return self.discovery_date if self.occurrence_date is None else self.occurrence_date


@dataclass(frozen=True, slots=True)
class PotBalance:
    """Where one pot stands for the household in one insurance year (Art. 5)."""

    pot: str
    used_cents: int = 0
    reserved_cents: int = 0
    cases_used: int = 0
    cases_reserved: int = 0


@dataclass(frozen=True, slots=True)
class PotUsage:
    """The household's pots in the insurance year of the incident; a pot not listed is unused.

    `year_start`, when given, is checked against the insurance year the engine derives.
    """

    balances: tuple[PotBalance, ...] = ()
    year_start: date | None = None

    def balance(self, pot: str) -> PotBalance:
        for balance in self.balances:
            if balance.pot == pot:
                return balance
        return PotBalance(pot)

    def after(self, consumption: Consumption | None) -> PotUsage:
        """The usage once `consumption` is applied (reservations released, use recorded)."""
        if consumption is None or consumption.pot is None:
            return self
        current = self.balance(consumption.pot)
        updated = replace(
            current,
            used_cents=current.used_cents + consumption.amount_cents,
            reserved_cents=current.reserved_cents - consumption.released_cents,
            cases_used=current.cases_used + consumption.cases,
            cases_reserved=current.cases_reserved - consumption.released_cases,
        )
        return self._with(updated)

    def held(self, proposal: Consumption | None) -> PotUsage:
        """The usage once a decision's `proposal` is held as its case's reservation while a
        handler reviews it or the file is completed (it replaces what the case held before)."""
        if proposal is None or proposal.pot is None:
            return self
        current = self.balance(proposal.pot)
        updated = replace(
            current,
            reserved_cents=current.reserved_cents + proposal.amount_cents - proposal.released_cents,
            cases_reserved=current.cases_reserved + proposal.cases - proposal.released_cases,
        )
        return self._with(updated)

    def _with(self, updated: PotBalance) -> PotUsage:
        others = tuple(b for b in self.balances if b.pot != updated.pot)
        return replace(self, balances=(*others, updated))
