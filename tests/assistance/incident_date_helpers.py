"""Household and contract changes for the incident-date scenarios, run as the edges run them."""

from __future__ import annotations

from datetime import date

from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clauses import Art
from cybercare.kernel.clock import FixedClock
from cybercare.policy import repository as policies
from cybercare.policy import service as policy
from cybercare.policy.domain import terminate, withdraw
from cybercare.policy.service import Actor
from tests.assistance.builders import World
from tests.assistance.helpers import CATALOG, run

ACTOR = Actor("test")
LEFT_ON = date(2026, 11, 1)


def leaves(db: Database, clock: FixedClock, world: World, name: str, on: date = LEFT_ON) -> None:
    run(
        db,
        lambda uow: policy.member_leaves(
            uow, ACTOR, world.affiliation_id, world.person(name), on, CATALOG, clock
        ),
    )


def ends(db: Database, world: World, on: date, *, withdrawn: bool = False) -> None:
    """The contract ends on `on` (the lifecycle's own rules are tested in tests/policy)."""

    def change(uow: UnitOfWork) -> None:
        loaded = policies.load(uow, world.affiliation_id, for_update=True)
        if withdrawn:
            update = withdraw(loaded.affiliation, on, Art("9.3"))
        else:
            update = terminate(loaded.affiliation, on, Art("9.4"))
        policies.save_affiliation(uow, update.affiliation, today=date(2026, 11, 27))

    run(db, change)


def left(uow: UnitOfWork, world: World) -> bool:
    household = policies.load(uow, world.affiliation_id).household
    cas = world.person("adult_child")
    return any(m.left_on is not None for m in household.memberships if m.person_id == cas)
