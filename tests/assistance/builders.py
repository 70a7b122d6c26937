"""A household with every role of Art. 11 and the staff of every team, in the test database.

The Peeters household: An (affiliate), Bram (her partner), Cas (their adult son, 26), Dina
(their daughter, 12: a minor represented by An and Bram), Emma (Bram's mother, 70, insured as
partner_parent), and Frank, a housemate who is not family (recorded, not insured, Art. 2.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select

from cybercare.db.tables import DistributorRow, ProductVersionRow
from cybercare.db.uow import Database
from cybercare.household.domain import Person, Relationship, add_member, new_household
from cybercare.identity import service as identity
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.policy import repository as policy_repository
from cybercare.policy.domain import subscribe
from cybercare.policy.repository import AffiliationRecord
from cybercare.product.catalog import reference_product
from cybercare.publishing.service import publish_products
from tests.policy.builders import address, declarations

START = date(2025, 1, 6)
STAFF_ROLES = {
    "technical": ["technical"],
    "legal": ["legal"],
    "financial": ["financial"],
    "psychologist": ["psychological"],
    "other_psychologist": ["psychological"],
    "claims_handler": ["claims_handler"],
    "supervisor": ["supervisor"],
    "admin": ["admin"],
}
MEMBERS = {
    "affiliate": ("An", date(1980, 5, 1), Relationship.AFFILIATE),
    "partner": ("Bram", date(1979, 2, 3), Relationship.PARTNER),
    "adult_child": ("Cas", date(2000, 3, 4), Relationship.CHILD),
    "minor": ("Dina", date(2014, 6, 7), Relationship.CHILD),
    "grandparent": ("Emma", date(1956, 8, 9), Relationship.PARTNER_PARENT),
}


@dataclass
class World:
    household_id: str
    affiliation_id: str
    people: dict[str, str]  # role name -> person id
    users: dict[str, Principal] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Principal:
        return self.users[name]

    def person(self, name: str) -> str:
        return self.people[name]


def _ensure_product_and_distributor(database: Database, clock: Clock) -> None:
    with database.uow() as uow:
        if uow.session.scalar(select(ProductVersionRow.id)) is None:
            publish_products(uow, [reference_product()], clock, actor="test")
        if uow.session.get(DistributorRow, "proxi") is None:
            uow.session.add(
                DistributorRow(
                    code="proxi",
                    name="Proxi",
                    commission_bp=0,
                    last_event_seq=0,
                    created_at=datetime(2024, 1, 1, tzinfo=UTC),
                )
            )
        uow.commit()


def household_world(
    database: Database, clock: Clock, *, suffix: str = "", with_staff: bool = True
) -> World:
    """The Peeters household with a login for everyone, and (once) the staff logins."""
    _ensure_product_and_distributor(database, clock)
    product = reference_product()
    family = product.household.family_relationships
    ids = {name: f"per_{name[:10]}{suffix}" for name in MEMBERS}
    people = {
        name: Person(ids[name], given, "Peeters", born, "nl")
        for name, (given, born, _) in MEMBERS.items()
    }
    household = new_household(people["affiliate"], address(), START)
    for name, (_, _, relationship) in MEMBERS.items():
        if relationship is not Relationship.AFFILIATE:
            household = add_member(household, people[name], relationship, START, family).household
    housemate = Person(f"per_housemate{suffix}", "Frank", "Janssens", date(1990, 1, 1), "fr")
    household = add_member(
        household, housemate, Relationship.OTHER, START, family, insured=False
    ).household
    ids["housemate"] = housemate.person_id
    affiliation_id = f"aff_test{suffix}"
    household_id = f"hh_test{suffix}"
    affiliation = subscribe(affiliation_id, product, START, START, declarations()).affiliation
    record = AffiliationRecord(
        affiliation_id, "proxi", f"cust{suffix}", household_id, datetime(2025, 1, 6, tzinfo=UTC)
    )
    world = World(household_id, affiliation_id, ids)
    with database.uow() as uow:
        policy_repository.add_new(uow, record, affiliation, household, terms_token_sha256="0" * 64)
        for name in (*MEMBERS, "housemate"):
            world.users[name] = identity.create_member_user(
                uow,
                email=f"{name}{suffix}@peeters.example",
                person_id=ids[name],
                clock=clock,
                actor="test",
            )
        if with_staff:
            for name, roles in STAFF_ROLES.items():
                world.users[name] = identity.create_staff_user(
                    uow,
                    email=f"{name}@cybercare.example",
                    display_name=name,
                    roles=roles,
                    clock=clock,
                    actor="test",
                )
        uow.commit()
    return world


def token_for(database: Database, clock: Clock, principal: Principal) -> str:
    with database.uow() as uow:
        issued = identity.issue_token(
            uow, user_id=principal.user_id, label="test", clock=clock, actor="test"
        )
        uow.commit()
    return issued.token
