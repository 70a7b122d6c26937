"""Builders for billing scenarios: distributors, affiliations (through the policy repository)
and many affiliations at once (plain inserts), with keyword defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert

from cybercare.db.tables import (
    AffiliationRow,
    DistributorRow,
    HouseholdRow,
    MandateRow,
    StatusPeriodRow,
)
from cybercare.db.uow import Database, UnitOfWork
from cybercare.household.domain import Address, Person, new_household
from cybercare.kernel.clock import FixedClock
from cybercare.policy import domain, repository
from cybercare.policy.repository import AffiliationRecord
from cybercare.product.catalog import default_catalog, reference_product
from cybercare.publishing.service import publish_products

AT = datetime(2026, 1, 1, tzinfo=UTC)
TOKEN = "0" * 64


def seed(database: Database, *, distributors: dict[str, int] | None = None) -> None:
    """The catalogue published and distributors (code -> commission in basis points)."""
    with database.uow() as uow:
        publish_products(uow, list(default_catalog().all()), FixedClock(AT), actor="test")
        for code, rate in (distributors or {"proximus": 1500}).items():
            uow.session.add(
                DistributorRow(
                    code=code,
                    name=code.title(),
                    commission_bp=rate,
                    last_event_seq=0,
                    created_at=AT,
                )
            )
        uow.commit()


def add_affiliation(
    uow: UnitOfWork,
    *,
    affiliation_id: str = "aff_1",
    distributor: str = "proximus",
    start_date: date = date(2026, 1, 1),
    language: str = "nl",
    email: str | None = "an@example.be",
) -> None:
    """A subscribed affiliation whose affiliate has an e-mail address."""
    product = reference_product()
    declarations = {item.code: True for item in product.obligations.items}
    update = domain.subscribe(affiliation_id, product, start_date, start_date, declarations)
    affiliate = Person(
        f"per_{affiliation_id}", "An", "Peeters", date(1980, 5, 1), language, email, None, None
    )
    address = Address("Rue de la Loi", "16", "1000", "Brussels", "BE", None)
    household = new_household(affiliate, address, start_date)
    record = AffiliationRecord(
        affiliation_id, distributor, f"cust_{affiliation_id}", f"hh_{affiliation_id}", AT
    )
    repository.add_new(uow, record, update.affiliation, household, terms_token_sha256=TOKEN)
    uow.session.flush()


def end_affiliation(uow: UnitOfWork, affiliation_id: str, status: str, from_date: date) -> None:
    loaded = repository.load(uow, affiliation_id)
    if status == "withdrawn":
        update = domain.withdraw(loaded.affiliation, from_date, domain.Art("9.3"))
    else:
        update = domain.terminate(loaded.affiliation, from_date, domain.Art("9.4"))
    repository.save_affiliation(uow, update.affiliation, today=from_date)
    uow.session.flush()


def add_mandate(uow: UnitOfWork, affiliation_id: str, **changes: Any) -> None:
    values: dict[str, Any] = {
        "affiliation_id": affiliation_id,
        "reference": f"CC-{affiliation_id}".replace("_", "-"),
        "debtor_name": "An Peeters",
        "iban": "BE68539007547034",
        "bic": "GKCCBEBB",
        "signed_on": date(2026, 1, 1),
        "status": "active",
        "created_at": AT,
    }
    uow.session.add(MandateRow(**(values | changes)))
    uow.session.flush()


def bulk_affiliations(
    uow: UnitOfWork,
    count: int,
    *,
    distributor: str = "proximus",
    start_date: date = date(2026, 1, 1),
) -> None:
    """`count` active affiliations without people, inserted in three statements."""
    product = reference_product()
    ids = [f"aff_b{index:07d}_{distributor}" for index in range(count)]
    uow.session.execute(insert(HouseholdRow), [{"id": f"hh{i}", "created_at": AT} for i in ids])
    uow.session.execute(
        insert(AffiliationRow),
        [
            {
                "id": i,
                "distributor_code": distributor,
                "customer_ref": i,
                "household_id": f"hh{i}",
                "product_code": product.code,
                "product_version": product.version,
                "subscribed_on": start_date,
                "start_date": start_date,
                "status": "active",
                "term_end": start_date.replace(year=start_date.year + 1),
                "prevention_declarations": {},
                "terms_token_sha256": TOKEN,
                "row_version": 1,
                "created_at": AT,
            }
            for i in ids
        ],
    )
    uow.session.execute(
        insert(StatusPeriodRow),
        [
            {
                "affiliation_id": i,
                "status": "active",
                "start_date": start_date,
                "article": "Art. 3.2",
            }
            for i in ids
        ],
    )
