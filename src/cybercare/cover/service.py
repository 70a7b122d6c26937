"""Use cases of the yearly pots (Art. 5), shared by assistance (cases) and claims.

- `reserve_case` / `count_case` / `release_case`: a case accepted for a guarantee holds one of
  the pot's cases (Art. 5.2) until an accepted claim or the help given counts it, or a decline,
  a duplicate or a withdrawal gives it back; `case_holding` says where a case stands.
- `lock_for_claim` + `settle` / `hold` / `release` / `reopen`: what adjudication does with the
  engine's consumption, on the locked pot row.
- `household_pots`: used, reserved and left per pot for one insurance year (never negative, never
  above the limit: the figures come from rows the CHECK constraints guard).

Every function works inside the caller's unit of work and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from cybercare.cover import repository
from cybercare.cover.domain import (
    Consumption,
    HouseholdMember,
    PolicyFacts,
    PolicyStatus,
    PotUsage,
    StatusPeriod,
)
from cybercare.cover.pots import PotYear
from cybercare.cover.repository import LockedPot, Reservation
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Conflict
from cybercare.kernel.periods import InsuranceYear, insurance_year
from cybercare.policy import repository as policies
from cybercare.policy.repository import Loaded
from cybercare.product.catalog import Catalog
from cybercare.product.model import Pot, ProductVersion


def policy_facts(loaded: Loaded) -> PolicyFacts:
    """The engine's view of an affiliation and its household (policy and cover each have their
    own StatusPeriod type: the policy's is the lifecycle, the engine's the facts it decides on)."""
    affiliation, household = loaded.affiliation, loaded.household
    births = {p.person_id: p.birth_date for p in household.people}
    country = household.addresses[-1].address.country if household.addresses else ""
    return PolicyFacts(
        start_date=affiliation.start_date,
        status_periods=tuple(
            StatusPeriod(PolicyStatus(p.status.value), p.start, p.end) for p in affiliation.periods
        ),
        members=tuple(
            HouseholdMember(
                person_id=m.person_id,
                relationship=m.relationship.value,
                lives_at_main_residence=True,  # a membership is living at the main residence
                member_from=m.joined_on,
                member_to=m.left_on,
                birth_date=births.get(m.person_id),
            )
            for m in household.memberships
        ),
        residence_country=country,
    )


@dataclass(frozen=True, slots=True)
class PotView:
    pot: str
    guarantees: tuple[str, ...]
    year: InsuranceYear
    money_limit_cents: int | None
    used_cents: int
    reserved_cents: int
    left_cents: int | None
    case_limit: int | None
    cases_used: int
    cases_reserved: int
    cases_left: int | None


def pot_view(pot: Pot, year: InsuranceYear, state: PotYear | None) -> PotView:
    if state is None:
        state = PotYear(pot.code, pot.money_limit_cents, pot.case_limit)
    return PotView(
        pot=pot.code,
        guarantees=pot.guarantees,
        year=year,
        money_limit_cents=state.money_limit_cents,
        used_cents=state.used_cents,
        reserved_cents=state.reserved_cents,
        left_cents=state.left_cents,
        case_limit=state.case_limit,
        cases_used=state.cases_used,
        cases_reserved=state.cases_reserved,
        cases_left=state.cases_left,
    )


def household_pots(
    uow: UnitOfWork, affiliation_id: str, catalog: Catalog, on: date
) -> list[PotView]:
    """Every pot of the product for the insurance year containing `on` (rows not yet created
    read as unused)."""
    loaded = policies.load(uow, affiliation_id)
    product = catalog.get(*loaded.affiliation.product_key)
    year = insurance_year(loaded.affiliation.start_date, max(on, loaded.affiliation.start_date))
    states = repository.pot_years(uow, affiliation_id, year.start)
    return [pot_view(pot, year, states.get(pot.code)) for pot in product.pots]


def _pot_of(product: ProductVersion, guarantee: str) -> Pot | None:
    code = product.guarantee(guarantee).pot
    return None if code is None else product.pot(code)


class CaseLimitReached(Conflict):
    """Art. 5.2: a case holding none of its pot's yearly cases, when none is left."""

    code = "pot.cases_exhausted"


@dataclass(frozen=True, slots=True)
class _CaseInPot:
    pot: Pot
    locked: LockedPot
    held: Reservation


def _lock_case_pot(
    uow: UnitOfWork,
    *,
    case_id: str,
    affiliation_id: str,
    guarantee: str,
    incident_date: date,
    catalog: Catalog,
    at: datetime,
) -> _CaseInPot | None:
    """The locked pot year a case of `guarantee` draws on, with what the case holds in it; None
    when the guarantee has no pot or the incident precedes the cover (the engine declines it)."""
    loaded = policies.load(uow, affiliation_id)
    product = catalog.get(*loaded.affiliation.product_key)
    pot = _pot_of(product, guarantee)
    start = loaded.affiliation.start_date
    if pot is None or incident_date < start:
        return None
    locked = repository.lock(uow, affiliation_id, insurance_year(start, incident_date), pot, at=at)
    return _CaseInPot(pot, locked, repository.reservation(uow, locked, case_id, case_id))


def reserve_case(
    uow: UnitOfWork,
    *,
    case_id: str,
    affiliation_id: str,
    guarantee: str,
    incident_date: date,
    catalog: Catalog,
    at: datetime,
) -> PotView | None:
    """Art. 5.2: a case accepted for `guarantee` holds one of its pot's cases. None when the
    guarantee has no pot; idempotent for a case already holding or counted in the pot.
    Raises `PotLimitExceeded` when the year's cases are all used or held."""
    found = _lock_case_pot(
        uow,
        case_id=case_id,
        affiliation_id=affiliation_id,
        guarantee=guarantee,
        incident_date=incident_date,
        catalog=catalog,
        at=at,
    )
    if found is None:
        return None
    pot, locked, held = found.pot, found.locked, found.held
    if held.case_reserved or held.case_counted:
        return pot_view(pot, locked.year, locked.state)
    new = locked.state.reserve(0, 1)
    repository.save(uow, locked, new, at=at)
    repository.save_reservation(
        uow, locked.row_id, replace(held, case_reserved=True), at=at, before=held
    )
    return pot_view(pot, locked.year, new)


def count_case(
    uow: UnitOfWork,
    *,
    case_id: str,
    affiliation_id: str,
    guarantee: str,
    incident_date: date,
    catalog: Catalog,
    at: datetime,
) -> PotView | None:
    """Art. 5.2: a case whose help was given counts against the case limit, "whether it ends in
    money, in services, or both": its reservation becomes usage (nothing changes for a case an
    accepted claim counted already). A case that held none takes one of the cases left; raises
    `PotLimitExceeded` when none is left."""
    found = _lock_case_pot(
        uow,
        case_id=case_id,
        affiliation_id=affiliation_id,
        guarantee=guarantee,
        incident_date=incident_date,
        catalog=catalog,
        at=at,
    )
    if found is None:
        return None
    pot, locked, held = found.pot, found.locked, found.held
    if held.case_counted:
        return pot_view(pot, locked.year, locked.state)
    released = 1 if held.case_reserved else 0
    new = locked.state.settle(Consumption(pot.code, 0, 1, released_cases=released))
    repository.save(uow, locked, new, at=at)
    repository.save_reservation(
        uow,
        locked.row_id,
        replace(held, case_reserved=False, case_counted=True),
        at=at,
        before=held,
    )
    return pot_view(pot, locked.year, new)


@dataclass(frozen=True, slots=True)
class CaseHolding:
    """Where a case stands against its pot's yearly case limit (Art. 5.2)."""

    pot: str
    counted: bool  # an accepted claim or the help given counted it
    reserved: bool  # accepted for the guarantee, not counted yet
    case_limit: int | None
    cases_left: int | None

    @property
    def holds_a_case(self) -> bool:
        return self.counted or self.reserved


def case_holding(uow: UnitOfWork, case_id: str, pot: str) -> CaseHolding:
    """What `case_id` holds in `pot` (the pot of its guarantee), in its pot year."""
    for row_id, held in repository.reservations_of(uow, case_id):
        state = repository.pot_year_state(uow, row_id)
        if state.pot == pot:
            return CaseHolding(
                pot, held.case_counted, held.case_reserved, state.case_limit, state.cases_left
            )
    return CaseHolding(pot, counted=False, reserved=False, case_limit=None, cases_left=None)


def case_counted(uow: UnitOfWork, case_id: str) -> bool:
    """Whether an accepted claim or the help given already counted the case (Art. 5.2)."""
    return any(held.case_counted for _row_id, held in repository.reservations_of(uow, case_id))


def release_case(uow: UnitOfWork, case_id: str, *, at: datetime) -> None:
    """A case closed or declined without being counted gives its case back (Art. 5.2)."""
    for row_id, held in repository.reservations_of(uow, case_id):
        if not held.case_reserved and not held.reserved_cents:
            continue
        locked = repository.lock_by_id(uow, row_id)
        new = locked.state.release(held.reserved_cents, 1 if held.case_reserved else 0)
        repository.save(uow, locked, new, at=at)
        repository.save_reservation(
            uow, row_id, replace(held, reserved_cents=0, case_reserved=False), at=at, before=held
        )


@dataclass(frozen=True, slots=True)
class ClaimPot:
    """The locked pot year of a claim, with what its case and the claim itself hold in it."""

    locked: LockedPot
    case: Reservation
    claim: Reservation

    @property
    def usage(self) -> PotUsage:
        return PotUsage((self.locked.state.balance(),), self.locked.year.start)


def lock_for_claim(
    uow: UnitOfWork,
    *,
    affiliation_id: str,
    year: InsuranceYear,
    pot: Pot,
    case_id: str,
    claim_id: str,
    at: datetime,
) -> ClaimPot:
    locked = repository.lock(uow, affiliation_id, year, pot, at=at)
    held = repository.reservations(uow, locked, {case_id: case_id, claim_id: case_id})
    return ClaimPot(locked, held[case_id], held[claim_id])


def _write(
    uow: UnitOfWork,
    held: ClaimPot,
    new: PotYear,
    case: Reservation,
    claim: Reservation,
    at: datetime,
) -> ClaimPot:
    locked = repository.save(uow, held.locked, new, at=at)
    case = repository.save_reservation(uow, locked.row_id, case, at=at, before=held.case)
    claim = repository.save_reservation(uow, locked.row_id, claim, at=at, before=held.claim)
    return ClaimPot(locked, case, claim)


def settle(uow: UnitOfWork, held: ClaimPot, consumption: Consumption, *, at: datetime) -> ClaimPot:
    """A final acceptance: the claim's and the case's reservations become usage."""
    new = held.locked.state.settle(consumption)
    case = replace(
        held.case,
        case_reserved=held.case.case_reserved and not consumption.released_cases,
        case_counted=held.case.case_counted or consumption.cases > 0,
    )
    claim = replace(
        held.claim, reserved_cents=held.claim.reserved_cents - consumption.released_cents
    )
    return _write(uow, held, new, case, claim, at)


def hold(uow: UnitOfWork, held: ClaimPot, proposal: Consumption, *, at: datetime) -> ClaimPot:
    """A file waiting for a handler or for evidence holds what it would draw."""
    new = held.locked.state.hold(proposal)
    case_reserved = (held.case.case_reserved and not proposal.released_cases) or proposal.cases > 0
    case = replace(held.case, case_reserved=case_reserved and not held.case.case_counted)
    claim = replace(
        held.claim,
        reserved_cents=held.claim.reserved_cents - proposal.released_cents + proposal.amount_cents,
    )
    return _write(uow, held, new, case, claim, at)


def release(uow: UnitOfWork, held: ClaimPot, *, at: datetime) -> ClaimPot:
    """A decline or a withdrawal: the claim's money is given back. The case keeps the place it
    holds among the year's cases until it is closed (Art. 5.2: `count_case` or
    `release_case`)."""
    new = held.locked.state.release(held.claim.reserved_cents, 0)
    claim = replace(held.claim, reserved_cents=0)
    return _write(uow, held, new, held.case, claim, at)


def reopen(uow: UnitOfWork, held: ClaimPot, used_cents: int, *, at: datetime) -> ClaimPot:
    """A reopened claim: what its decision used is held again until the new decision (the case
    stays counted: it was accepted, Art. 5.2)."""
    moved = held.locked.state.unsettle(used_cents, 0)
    claim = replace(held.claim, reserved_cents=held.claim.reserved_cents + used_cents)
    return _write(uow, held, moved, held.case, claim, at)


def record_recovery(uow: UnitOfWork, held: ClaimPot, cents: int, *, at: datetime) -> None:
    """Art. 8.5: recovered money is reported on the pot year; it does not refill the pot."""
    repository.add_recovery(uow, held.locked.row_id, cents, at=at)


def affiliation_of_household(uow: UnitOfWork, household_id: str) -> str | None:
    """The household's most recent affiliation (the one whose pots a member sees)."""
    return repository.latest_affiliation(uow, household_id)
