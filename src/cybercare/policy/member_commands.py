"""The affiliate's commands from the member portal: household members (Art. 2.2, 2.3, 9.7),
withdrawal (Art. 9.3) and termination (Art. 9.4).

Each command checks that the signed-in member is the affiliate of their own household's
contract, then runs the policy use case with the member as the actor (audit trail and
distributor feed as for any other channel). Another member of the household is refused with
`AffiliateOnly`; nobody reaches another household's contract (the principal's household scopes
the lookup). Notices from the portal are dated the day they are given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import ART_2_2, ART_9_7, NotFamily, Relationship, is_family
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.policy import service
from cybercare.policy.domain import TerminationBy
from cybercare.policy.lifecycle import ART_9_3, ART_9_4, TerminationPreview, WithdrawalPreview
from cybercare.policy.member_queries import (
    MemberHousehold,
    household_of,
    load_for_member,
    require_affiliate,
)
from cybercare.policy.service import Actor, NewPerson
from cybercare.policy.views import AffiliationView
from cybercare.product.catalog import Catalog


def _as_affiliate(
    uow: UnitOfWork,
    principal: Principal,
    catalog: Catalog,
    today: date,
    clause: object,
    action: str,
) -> MemberHousehold:
    household = household_of(load_for_member(uow, principal), principal, catalog, today)
    require_affiliate(household, str(clause), action)
    return household


def _actor(principal: Principal) -> Actor:
    return Actor(principal.actor)


# --- members (Art. 2, 9.7) -------------------------------------------------------------------


def add_member(
    uow: UnitOfWork,
    principal: Principal,
    person: NewPerson,
    relationship: Relationship,
    joined_on: date,
    catalog: Catalog,
    clock: Clock,
) -> AffiliationView:
    """The affiliate declares a family member who lives under the same roof (Art. 2.1, 2.2) from
    `joined_on`. The portal declares insured members only: a person who is not family is refused
    (Art. 2.3), never recorded as insured."""
    household = _as_affiliate(uow, principal, catalog, clock.today(), ART_9_7, "add a member")
    product = household.product
    if relationship == Relationship.AFFILIATE:
        raise InvalidInput("relationship", "the household has its affiliate", clause=str(ART_9_7))
    if not is_family(relationship, product.household.family_relationships):
        article = (
            product.household.non_family_article if relationship == Relationship.OTHER else ART_2_2
        )
        raise NotFamily(
            f"a {relationship} of the affiliate is not family and cannot be insured",
            clause=str(article),
            params={"relationship": str(relationship)},
        )
    return service.add_member(
        uow,
        _actor(principal),
        household.affiliation_id,
        person,
        relationship,
        joined_on,
        catalog,
        clock,
    )


def member_leaves(
    uow: UnitOfWork,
    principal: Principal,
    person_id: str,
    left_on: date,
    catalog: Catalog,
    clock: Clock,
) -> AffiliationView:
    """Art. 9.7: a member no longer lives under the affiliate's roof from `left_on` on."""
    household = _as_affiliate(
        uow, principal, catalog, clock.today(), ART_9_7, "record that a member leaves"
    )
    if not any(p.person_id == person_id for p in household.members):
        raise InvalidInput("person_id", "not a member of your household", clause=str(ART_9_7))
    return service.member_leaves(
        uow, _actor(principal), household.affiliation_id, person_id, left_on, catalog, clock
    )


# --- withdrawal (Art. 9.3) and termination (Art. 9.4) ----------------------------------------


@dataclass(frozen=True, slots=True)
class Withdrawal:
    preview: WithdrawalPreview
    household: MemberHousehold


@dataclass(frozen=True, slots=True)
class Termination:
    preview: TerminationPreview
    household: MemberHousehold


def preview_withdrawal(
    uow: UnitOfWork, principal: Principal, catalog: Catalog, clock: Clock
) -> Withdrawal:
    """Art. 9.3: what a withdrawal notified today would do (a refusal once the period is over)."""
    household = _as_affiliate(uow, principal, catalog, clock.today(), ART_9_3, "withdraw")
    preview = service.preview_withdrawal(
        uow, _actor(principal), household.affiliation_id, clock.today(), catalog
    )
    return Withdrawal(preview, household)


def confirm_withdrawal(
    uow: UnitOfWork, principal: Principal, catalog: Catalog, clock: Clock
) -> Withdrawal:
    household = _as_affiliate(uow, principal, catalog, clock.today(), ART_9_3, "withdraw")
    preview, _view = service.confirm_withdrawal(
        uow, _actor(principal), household.affiliation_id, clock.today(), catalog, clock
    )
    return Withdrawal(preview, household)


def preview_termination(
    uow: UnitOfWork, principal: Principal, catalog: Catalog, clock: Clock
) -> Termination:
    """Art. 9.4: the effective date of a termination notified today."""
    household = _as_affiliate(uow, principal, catalog, clock.today(), ART_9_4, "terminate")
    preview = service.preview_termination(
        uow,
        _actor(principal),
        household.affiliation_id,
        clock.today(),
        TerminationBy.AFFILIATE,
        catalog,
    )
    return Termination(preview, household)


def confirm_termination(
    uow: UnitOfWork, principal: Principal, catalog: Catalog, clock: Clock
) -> Termination:
    household = _as_affiliate(uow, principal, catalog, clock.today(), ART_9_4, "terminate")
    preview, _view = service.confirm_termination(
        uow,
        _actor(principal),
        household.affiliation_id,
        clock.today(),
        TerminationBy.AFFILIATE,
        catalog,
        clock,
    )
    return Termination(preview, household)
