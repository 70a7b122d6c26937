"""Read models of the policy context, built from domain snapshots for the edges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.household.domain import Address, Household, Relationship, is_family
from cybercare.kernel.clauses import Reason
from cybercare.kernel.periods import InsuranceYear, insurance_year
from cybercare.policy.domain import Affiliation, PendingTermination, StatusPeriod, status_on
from cybercare.policy.repository import AffiliationRecord
from cybercare.product.model import ProductVersion


@dataclass(frozen=True, slots=True)
class MemberView:
    person_id: str
    given_name: str
    family_name: str
    birth_date: date
    language: str
    relationship: Relationship
    insured: bool
    joined_on: date
    left_on: date | None


@dataclass(frozen=True, slots=True)
class AffiliationView:
    affiliation_id: str
    distributor: str
    customer_ref: str
    product_code: str
    product_version: str
    subscribed_on: date
    start_date: date
    status: str
    insurance_year: InsuranceYear | None
    renews_on: date | None
    pending_end: PendingTermination | None
    periods: tuple[StatusPeriod, ...]
    members: tuple[MemberView, ...]  # the whole history, current first
    address: Address | None
    prevention_declarations: dict[str, bool]
    reasons: tuple[Reason, ...] = ()


def affiliation_view(
    record: AffiliationRecord,
    affiliation: Affiliation,
    household: Household,
    product: ProductVersion,
    today: date,
    reasons: tuple[Reason, ...] = (),
) -> AffiliationView:
    people = {p.person_id: p for p in household.people}
    family = product.household.family_relationships
    members = tuple(
        MemberView(
            person_id=m.person_id,
            given_name=people[m.person_id].given_name,
            family_name=people[m.person_id].family_name,
            birth_date=people[m.person_id].birth_date,
            language=people[m.person_id].language,
            relationship=m.relationship,
            insured=m.relationship == Relationship.AFFILIATE or is_family(m.relationship, family),
            joined_on=m.joined_on,
            left_on=m.left_on,
        )
        for m in sorted(
            household.memberships, key=lambda m: (m.left_on is not None, m.joined_on, m.person_id)
        )
    )
    status = status_on(affiliation, today)
    on = max(today, affiliation.start_date)
    address = next((a.address for a in household.addresses if a.contains(on)), None)
    in_force = status is not None and status.value in ("active", "suspended")
    return AffiliationView(
        affiliation_id=affiliation.affiliation_id,
        distributor=record.distributor,
        customer_ref=record.customer_ref,
        product_code=product.code,
        product_version=product.version,
        subscribed_on=affiliation.subscribed_on,
        start_date=affiliation.start_date,
        status=status.value if status else "pending_start",
        insurance_year=insurance_year(affiliation.start_date, on)
        if in_force or status is None
        else None,
        renews_on=affiliation.term_end if in_force or status is None else None,
        pending_end=affiliation.pending_termination,
        periods=affiliation.periods,
        members=members,
        address=address,
        prevention_declarations={d.obligation: d.respected for d in affiliation.declarations},
        reasons=reasons,
    )
