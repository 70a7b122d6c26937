"""What a signed-in member reads of their household's affiliation (Art. 2, 9, 11.3).

Every insured member of the household reads the contract: its status and dates, the address and
the insured persons with their relationship (the certificate names them all). A person recorded
at the address who is not family (Art. 2.3), or who has left the household, is not insured and
reads none of it (`NotInsured`). The contract's commands and its premiums are the affiliate's
(`require_affiliate`; Art. 11.3: "the affiliate sees the policy, the billing and the remaining
limits"); their cases stay each member's own (`assistance.access`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from cybercare.db.tables import AffiliationRow
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import (
    ART_2_1,
    COUPLE,
    Household,
    Membership,
    Relationship,
    ever_insured,
    is_family,
    is_minor,
)
from cybercare.identity.domain import Principal
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Forbidden, NotFound
from cybercare.policy import repository
from cybercare.policy.domain import AffiliationStatus, PendingTermination, StatusPeriod
from cybercare.policy.repository import Loaded
from cybercare.policy.views import AffiliationView, affiliation_view
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion

ART_11_3 = Art("11.3")


class NotInsured(Forbidden):
    """The signed-in person is not (or no longer) an insured member of the household."""

    code = "portal.not_insured"


class AffiliateOnly(Forbidden):
    """Only the affiliate (the subscriber, Art. 1.2) acts on the contract and sees its premiums."""

    code = "portal.affiliate_only"


class NoAffiliation(NotFound):
    code = "affiliation.not_found"


@dataclass(frozen=True, slots=True)
class PersonView:
    person_id: str
    given_name: str
    family_name: str
    birth_date: date
    age: int
    minor: bool
    relationship: Relationship
    insured: bool
    joined_on: date
    left_on: date | None
    you: bool

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_affiliate(self) -> bool:
        return self.relationship == Relationship.AFFILIATE


@dataclass(frozen=True, slots=True)
class MemberHousehold:
    """The household as one of its insured members sees it on `today`."""

    affiliation: AffiliationView
    product: ProductVersion
    today: date
    on: date  # the day the household is shown on: today, or the start date when still to come
    members: tuple[PersonView, ...]  # living there on `on`: insured first, the affiliate first
    former: tuple[PersonView, ...]  # who left, most recent first
    you: PersonView

    @property
    def affiliation_id(self) -> str:
        return self.affiliation.affiliation_id

    @property
    def is_affiliate(self) -> bool:
        return self.you.is_affiliate

    @property
    def affiliate(self) -> PersonView | None:
        return next((p for p in self.members if p.is_affiliate), None)

    @property
    def insured(self) -> tuple[PersonView, ...]:
        return tuple(p for p in self.members if p.insured)

    @property
    def status(self) -> str:
        return self.affiliation.status

    @property
    def current_period(self) -> StatusPeriod | None:
        """The status period of `on` (the last one once the contract has ended)."""
        for period in self.affiliation.periods:
            if period.contains(self.on):
                return period
        return self.affiliation.periods[-1] if self.affiliation.periods else None

    @property
    def pending_end(self) -> PendingTermination | None:
        return self.affiliation.pending_end

    @property
    def in_force(self) -> bool:
        return self.status in ("active", "suspended", "pending_start")


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day` (a 29 February birthday completes a year on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def latest_affiliation_id(uow: UnitOfWork, household_id: str) -> str | None:
    """The household's most recent affiliation: the contract its members see."""
    return uow.session.scalar(
        select(AffiliationRow.id)
        .where(AffiliationRow.household_id == household_id)
        .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id.desc())
        .limit(1)
    )


def load_for_member(uow: UnitOfWork, principal: Principal) -> Loaded:
    """The affiliation of the member's household (never another household's: the principal's
    household scopes the lookup)."""
    if not principal.is_member or principal.household_id is None:
        raise NotInsured("the portal is for insured members", clause=str(ART_11_3))
    affiliation_id = latest_affiliation_id(uow, principal.household_id)
    if affiliation_id is None:
        raise NoAffiliation("this household has no affiliation")
    return repository.load(uow, affiliation_id)


def member_household(
    uow: UnitOfWork, principal: Principal, catalog: Catalog, today: date
) -> MemberHousehold:
    """The household of `principal` as they may read it; `NotInsured` for a housemate who is
    not family (Art. 2.3) or a person who has left."""
    return household_of(load_for_member(uow, principal), principal, catalog, today)


def household_of(
    loaded: Loaded, principal: Principal, catalog: Catalog, today: date
) -> MemberHousehold:
    affiliation, household = loaded.affiliation, loaded.household
    product = catalog.get(*affiliation.product_key)
    on = max(today, affiliation.start_date)
    family = product.household.family_relationships
    present = [m for m in household.memberships if m.is_member_on(on)]
    former = [
        m
        for m in household.memberships
        if m.left_on is not None
        and m.left_on <= on
        and not any(p.person_id == m.person_id for p in present)
    ]

    def person(membership: Membership) -> PersonView:
        who = household.person(membership.person_id)
        return PersonView(
            person_id=who.person_id,
            given_name=who.given_name,
            family_name=who.family_name,
            birth_date=who.birth_date,
            age=age_on(who.birth_date, on),
            minor=is_minor(who, on),
            relationship=membership.relationship,
            insured=is_family(membership.relationship, family),
            joined_on=membership.joined_on,
            left_on=membership.left_on,
            you=who.person_id == principal.person_id,
        )

    members = sorted(
        (person(m) for m in present),
        key=lambda p: (
            not p.is_affiliate,
            not p.insured,
            p.relationship not in COUPLE,
            p.minor,
            p.birth_date,
            p.person_id,
        ),
    )
    you = next((p for p in members if p.you), None)
    if you is None or not you.insured:
        # A member who has left reads nothing of the household today (Art. 11.3), but may still
        # report an incident from when they were insured and follow their own cases (Art. 9.7).
        former_member = you is None and ever_insured(household, principal.person_id or "", family)
        raise NotInsured(
            "only the insured members of the household read its contract",
            clause=str(product.household.non_family_article if you else ART_2_1),
            params={"former_member": former_member},
        )
    return MemberHousehold(
        affiliation=affiliation_view(loaded.record, affiliation, household, product, today),
        product=product,
        today=today,
        on=on,
        members=tuple(members),
        former=tuple(
            sorted((person(m) for m in former), key=lambda p: p.left_on or on, reverse=True)
        ),
        you=you,
    )


def require_affiliate(household: MemberHousehold, clause: Art | str, action: str) -> None:
    """Refuse unless the signed-in member is the affiliate (Art. 1.2: the subscriber)."""
    if not household.is_affiliate:
        raise AffiliateOnly(
            f"only the affiliate may {action}", clause=str(clause), params={"action": action}
        )


@dataclass(frozen=True, slots=True)
class AffiliationInForce:
    affiliation_id: str
    status: str
    product_key: tuple[str, str]


def affiliation_in_force(
    uow: UnitOfWork, household_id: str, statuses: tuple[str, ...]
) -> AffiliationInForce | None:
    """The household's most recent affiliation with one of `statuses` (e.g. the cover a member
    reports an incident on)."""
    rows = uow.session.execute(
        select(
            AffiliationRow.id,
            AffiliationRow.status,
            AffiliationRow.product_code,
            AffiliationRow.product_version,
        )
        .where(AffiliationRow.household_id == household_id)
        .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id)
    )
    for row in rows:
        if row.status in statuses:
            return AffiliationInForce(row.id, row.status, (row.product_code, row.product_version))
    return None


@dataclass(frozen=True, slots=True)
class CoverToReport:
    """The affiliation an incident is reported on, and the day its cover ended, if it has."""

    affiliation_id: str
    status: str
    product_key: tuple[str, str]
    ended_on: date | None


def cover_to_report(
    uow: UnitOfWork, household_id: str, in_force: tuple[str, ...]
) -> CoverToReport | None:
    """The household's most recent affiliation in force (`in_force` statuses), else its most
    recent one that ended after having been active: Art. 3.4 covers an incident that happened
    while the policy was active, whenever it is declared (late: Art. 8.2, a handler decides)."""
    found = affiliation_in_force(uow, household_id, in_force)
    if found is not None:
        return CoverToReport(found.affiliation_id, found.status, found.product_key, None)
    affiliation_id = latest_affiliation_id(uow, household_id)
    if affiliation_id is None:
        return None
    affiliation = repository.load(uow, affiliation_id).affiliation
    if not any(p.status is AffiliationStatus.ACTIVE for p in affiliation.periods):
        return None  # withdrawn before its start: it never covered a day
    return CoverToReport(
        affiliation_id,
        affiliation.current.status.value,
        affiliation.product_key,
        affiliation.current.start if affiliation.ended else None,
    )


def household_by_id(uow: UnitOfWork, household_id: str) -> Household:
    """The household with its people and memberships (the caller checked the reader may see it)."""
    return repository.load_household(uow, household_id)
