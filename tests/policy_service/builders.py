"""Builders for policy service scenarios: commands as plain functions with keyword defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

from cybercare.db.uow import Database
from cybercare.household.domain import Address, Relationship
from cybercare.kernel.clock import Clock
from cybercare.policy import service
from cybercare.policy.quotes import quote
from cybercare.policy.service import Actor, NewPerson, Subscription
from cybercare.policy.views import AffiliationView
from cybercare.product.catalog import Catalog
from tests.api import builders as api_builders
from tests.api.builders import SECRET_KEY, TODAY

catalog = api_builders.catalog
seed = api_builders.seed


def actor(distributor: str = "proximus") -> Actor:
    return Actor(f"distributor:{distributor}:key_test", distributor)


def person(
    *,
    given_name: str = "An",
    family_name: str = "Peeters",
    birth_date: date = date(1980, 5, 1),
    language: str = "nl",
    email: str | None = "an.peeters@example.be",
) -> NewPerson:
    return NewPerson(given_name, family_name, birth_date, language, email)


def subscription(
    products: Catalog,
    clock: Clock,
    *,
    distributor: str = "proximus",
    customer_ref: str = "CUST-1",
    start_date: date | None = None,
    members: tuple[tuple[NewPerson, Relationship], ...] = (
        (person(given_name="Jan", email=None), Relationship.SPOUSE),
    ),
) -> Subscription:
    start = start_date or clock.today()
    shown = quote(products, distributor, "cyber-care-be", start, clock, SECRET_KEY)
    return Subscription(
        customer_ref=customer_ref,
        terms_token=shown.terms_token,
        start_date=start,
        affiliate=person(),
        members=members,
        address=Address("Meir", "1", "2000", "Antwerpen", "BE"),
        prevention_declarations=api_builders.declarations(),
    )


def subscribe(
    database: Database, products: Catalog, clock: Clock, **changes: Any
) -> AffiliationView:
    distributor = changes.get("distributor", "proximus")
    command = subscription(products, clock, **changes)
    with database.uow() as uow:
        view = service.subscribe(uow, actor(distributor), command, products, clock, SECRET_KEY)
        uow.commit()
    return view


__all__ = ["TODAY", "actor", "catalog", "person", "seed", "subscribe", "subscription"]
