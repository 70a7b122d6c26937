"""All SQL of the policy context: affiliations with their timeline and their household.

Loads typed snapshots for the pure domain and writes back what a decision changed. Histories are
kept: periods, memberships and addresses are only appended or closed, never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute

from cybercare.db.inserts import insert_rows
from cybercare.db.tables import (
    AddressRow,
    AffiliationRow,
    HouseholdRow,
    MembershipRow,
    PersonRow,
    PremiumLineRow,
    StatusPeriodRow,
)
from cybercare.db.tables.base import Base, table_of
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import (
    Address,
    AddressPeriod,
    Household,
    Membership,
    Person,
    Relationship,
)
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import NotFound
from cybercare.policy.domain import (
    Affiliation,
    AffiliationStatus,
    PendingTermination,
    PreventionDeclaration,
    StatusPeriod,
    TerminationBy,
)
from cybercare.policy.lifecycle import ChargedMonth


@dataclass(frozen=True, slots=True)
class AffiliationRecord:
    """What the database knows beside the domain snapshot: ownership and references."""

    affiliation_id: str
    distributor: str
    customer_ref: str
    household_id: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Loaded:
    record: AffiliationRecord
    affiliation: Affiliation
    household: Household


class AffiliationNotFound(NotFound):
    code = "affiliation.not_found"


def _article(text: str | None) -> Art | None:
    return Art(text.removeprefix("Art. ")) if text else None


def _art_text(article: Art | None) -> str | None:
    return str(article) if article else None


# --- reading ---------------------------------------------------------------------------------


def load(
    uow: UnitOfWork,
    affiliation_id: str,
    *,
    distributor: str | None = None,
    for_update: bool = False,
) -> Loaded:
    """The affiliation and its household. A distributor other than its own gets NotFound, the
    same answer as for an id that does not exist (Art. 11.1: no leak of other portfolios)."""
    query = _AFFILIATION_FOR_UPDATE if for_update else _AFFILIATION
    row = uow.session.execute(query, {"parent": affiliation_id}).first()
    if row is None or (distributor is not None and row.distributor_code != distributor):
        raise AffiliationNotFound(
            f"no affiliation {affiliation_id!r}", params={"affiliation_id": affiliation_id}
        )
    return Loaded(_record(row), _affiliation(uow, row), load_household(uow, row.household_id))


def ids_for_customer(uow: UnitOfWork, distributor: str, customer_ref: str) -> list[str]:
    return list(
        uow.session.scalars(
            select(AffiliationRow.id)
            .where(
                AffiliationRow.distributor_code == distributor,
                AffiliationRow.customer_ref == customer_ref,
            )
            .order_by(AffiliationRow.created_at, AffiliationRow.id)
        )
    )


def ids_due_on(uow: UnitOfWork, day: date) -> list[str]:
    """Affiliations whose term ends or whose pending end falls on or before `day` (daily job)."""
    return list(
        uow.session.scalars(
            select(AffiliationRow.id)
            .where(
                AffiliationRow.status.in_(("active", "suspended")),
                (AffiliationRow.term_end <= day) | (AffiliationRow.pending_end_date <= day),
            )
            .order_by(AffiliationRow.id)
        )
    )


def _record(row: Row[Any]) -> AffiliationRecord:
    return AffiliationRecord(
        row.id, row.distributor_code, row.customer_ref, row.household_id, row.created_at
    )


def _affiliation(uow: UnitOfWork, row: Row[Any]) -> Affiliation:
    periods = _rows(uow, _PERIODS, row.id)
    pending = None
    if row.pending_end_date is not None:
        assert row.pending_end_notice_on is not None
        assert row.pending_end_by is not None
        pending = PendingTermination(
            notice_on=row.pending_end_notice_on,
            effective_date=row.pending_end_date,
            by=TerminationBy(row.pending_end_by),
            article=_article(row.pending_end_article) or Art("9"),
        )
    return Affiliation(
        affiliation_id=row.id,
        product_key=(row.product_code, row.product_version),
        subscribed_on=row.subscribed_on,
        start_date=row.start_date,
        periods=tuple(
            StatusPeriod(AffiliationStatus(p.status), p.start_date, p.end_date, _article(p.article))
            for p in periods
        ),
        term_end=row.term_end,
        declarations=tuple(
            PreventionDeclaration(code, bool(value))
            for code, value in row.prevention_declarations.items()
        ),
        pending_termination=pending,
    )


def _of_parent(entity: type[Base], parent: InstrumentedAttribute[str], *order: Any) -> Select[Any]:
    """The rows of `entity` belonging to one parent (`:parent`), as plain rows (Core), not ORM
    objects: what a domain value is built from and then dropped; the identity map's bookkeeping
    cost more than the query (every claim loads its household). Built once, at import: a
    statement object keeps its compiled form's cache key."""
    return select(table_of(entity)).where(parent == bindparam("parent")).order_by(*order)


_AFFILIATION = _of_parent(AffiliationRow, AffiliationRow.id)
_AFFILIATION_FOR_UPDATE = _AFFILIATION.with_for_update()
_PERIODS = _of_parent(
    StatusPeriodRow, StatusPeriodRow.affiliation_id, StatusPeriodRow.start_date, StatusPeriodRow.id
)
_PEOPLE = _of_parent(PersonRow, PersonRow.household_id, PersonRow.id)
_MEMBERSHIPS = _of_parent(
    MembershipRow, MembershipRow.household_id, MembershipRow.joined_on, MembershipRow.id
)
_ADDRESSES = _of_parent(AddressRow, AddressRow.household_id, AddressRow.from_date, AddressRow.id)


def _rows(uow: UnitOfWork, query: Select[Any], parent: str) -> Sequence[Row[Any]]:
    return uow.session.execute(query, {"parent": parent}).all()


def load_household(uow: UnitOfWork, household_id: str) -> Household:
    people = _rows(uow, _PEOPLE, household_id)
    memberships = _rows(uow, _MEMBERSHIPS, household_id)
    addresses = _rows(uow, _ADDRESSES, household_id)
    return Household(
        people=tuple(
            Person(
                p.id,
                p.given_name,
                p.family_name,
                p.birth_date,
                p.language,
                p.email,
                p.phone,
                p.national_register_number,
            )
            for p in people
        ),
        memberships=tuple(
            Membership(m.person_id, Relationship(m.relationship), m.joined_on, m.left_on)
            for m in memberships
        ),
        addresses=tuple(
            AddressPeriod(
                Address(a.street, a.number, a.postcode, a.city, a.country, a.box),
                a.from_date,
                a.to_date,
            )
            for a in addresses
        ),
    )


# --- writing ---------------------------------------------------------------------------------


def add_new(
    uow: UnitOfWork,
    record: AffiliationRecord,
    affiliation: Affiliation,
    household: Household,
    *,
    terms_token_sha256: str,
) -> None:
    """Insert a new affiliation with its household: nothing to read back or merge, so one
    multi-row INSERT per table, in foreign-key order (the hot path of every subscription)."""
    add_many(uow, [(record, affiliation, household)], terms_token_sha256=terms_token_sha256)


def add_many(
    uow: UnitOfWork,
    new: Sequence[tuple[AffiliationRecord, Affiliation, Household]],
    *,
    terms_token_sha256: str,
) -> None:
    """`add_new` for many affiliations at once (a batch of an imported book, cybercare.book):
    still one multi-row INSERT per table, whatever the number of households."""
    if not new:
        return
    households: list[dict[str, object]] = []
    affiliations: list[dict[str, object]] = []
    people: list[dict[str, object]] = []
    memberships: list[dict[str, object]] = []
    addresses: list[dict[str, object]] = []
    periods: list[dict[str, object]] = []
    for record, affiliation, household in new:
        household_id = record.household_id
        households.append({"id": household_id, "created_at": record.created_at})
        pending = affiliation.pending_termination
        affiliations.append(
            {
                "id": affiliation.affiliation_id,
                "distributor_code": record.distributor,
                "customer_ref": record.customer_ref,
                "household_id": household_id,
                "product_code": affiliation.product_key[0],
                "product_version": affiliation.product_key[1],
                "subscribed_on": affiliation.subscribed_on,
                "start_date": affiliation.start_date,
                "status": _row_status(affiliation, affiliation.subscribed_on),
                "term_end": affiliation.term_end,
                "pending_end_notice_on": pending.notice_on if pending else None,
                "pending_end_date": pending.effective_date if pending else None,
                "pending_end_by": pending.by.value if pending else None,
                "pending_end_article": _art_text(pending.article) if pending else None,
                "prevention_declarations": {
                    d.obligation: d.respected for d in affiliation.declarations
                },
                "terms_token_sha256": terms_token_sha256,
                "row_version": 1,
                "created_at": record.created_at,
            }
        )
        people.extend(
            {
                "id": p.person_id,
                "household_id": household_id,
                "given_name": p.given_name,
                "family_name": p.family_name,
                "birth_date": p.birth_date,
                "language": p.language,
                "email": p.email,
                "phone": p.phone,
                "national_register_number": p.national_register_number,
            }
            for p in household.people
        )
        memberships.extend(
            {
                "household_id": household_id,
                "person_id": m.person_id,
                "relationship": m.relationship.value,
                "joined_on": m.joined_on,
                "left_on": m.left_on,
            }
            for m in household.memberships
        )
        addresses.extend(
            {
                "household_id": household_id,
                "street": a.address.street,
                "number": a.address.number,
                "box": a.address.box,
                "postcode": a.address.postcode,
                "city": a.address.city,
                "country": a.address.country,
                "from_date": a.from_date,
                "to_date": a.to_date,
            }
            for a in household.addresses
        )
        periods.extend(
            {
                "affiliation_id": affiliation.affiliation_id,
                "status": p.status.value,
                "start_date": p.start,
                "end_date": p.end,
                "article": _art_text(p.article),
            }
            for p in affiliation.periods
        )
    tables: list[tuple[type[Base], list[dict[str, object]]]] = [
        (HouseholdRow, households),
        (AffiliationRow, affiliations),
        (PersonRow, people),
        (MembershipRow, memberships),
        (AddressRow, addresses),
        (StatusPeriodRow, periods),
    ]
    for entity, rows in tables:
        # Every row has every key: one batched INSERT per table (a COPY for a large batch).
        insert_rows(uow.session, entity, rows)


def _row_status(affiliation: Affiliation, today: date) -> str:
    """The status the row mirrors for queries: today's period, "active" before the start."""
    status_today = next(
        (p.status for p in affiliation.periods if p.contains(today)), affiliation.current.status
    )
    return status_today.value if today >= affiliation.start_date else "active"


def save_affiliation(uow: UnitOfWork, affiliation: Affiliation, *, today: date) -> None:
    row = uow.session.get_one(AffiliationRow, affiliation.affiliation_id)
    row.status = _row_status(affiliation, today)
    row.term_end = affiliation.term_end
    pending = affiliation.pending_termination
    row.pending_end_notice_on = pending.notice_on if pending else None
    row.pending_end_date = pending.effective_date if pending else None
    row.pending_end_by = pending.by.value if pending else None
    row.pending_end_article = _art_text(pending.article) if pending else None
    existing = list(
        uow.session.scalars(
            select(StatusPeriodRow)
            .where(StatusPeriodRow.affiliation_id == affiliation.affiliation_id)
            .order_by(StatusPeriodRow.start_date, StatusPeriodRow.id)
        )
    )
    for index, period in enumerate(affiliation.periods):
        if index < len(existing):
            stored = existing[index]
            stored.status, stored.start_date = period.status.value, period.start
            stored.end_date, stored.article = period.end, _art_text(period.article)
        else:
            uow.session.add(
                StatusPeriodRow(
                    affiliation_id=affiliation.affiliation_id,
                    status=period.status.value,
                    start_date=period.start,
                    end_date=period.end,
                    article=_art_text(period.article),
                )
            )


def save_household(uow: UnitOfWork, household_id: str, household: Household) -> None:
    people = {
        p.id: p
        for p in uow.session.scalars(
            select(PersonRow).where(PersonRow.household_id == household_id)
        )
    }
    for person in household.people:
        row = people.get(person.person_id)
        if row is None:
            row = PersonRow(id=person.person_id, household_id=household_id)
            uow.session.add(row)
        row.given_name, row.family_name = person.given_name, person.family_name
        row.birth_date, row.language = person.birth_date, person.language
        row.email, row.phone = person.email, person.phone
        row.national_register_number = person.national_register_number
    uow.session.flush()
    memberships = {
        (m.person_id, m.relationship, m.joined_on): m
        for m in uow.session.scalars(
            select(MembershipRow).where(MembershipRow.household_id == household_id)
        )
    }
    for membership in household.memberships:
        key = (membership.person_id, membership.relationship.value, membership.joined_on)
        stored = memberships.get(key)
        if stored is None:
            uow.session.add(
                MembershipRow(
                    household_id=household_id,
                    person_id=membership.person_id,
                    relationship=membership.relationship.value,
                    joined_on=membership.joined_on,
                    left_on=membership.left_on,
                )
            )
        else:
            stored.left_on = membership.left_on
    addresses = {
        a.from_date: a
        for a in uow.session.scalars(
            select(AddressRow).where(AddressRow.household_id == household_id)
        )
    }
    for period in household.addresses:
        stored_address = addresses.get(period.from_date)
        if stored_address is None:
            a = period.address
            uow.session.add(
                AddressRow(
                    household_id=household_id,
                    street=a.street,
                    number=a.number,
                    box=a.box,
                    postcode=a.postcode,
                    city=a.city,
                    country=a.country,
                    from_date=period.from_date,
                    to_date=period.to_date,
                )
            )
        else:
            stored_address.to_date = period.to_date


def premiums_charged(uow: UnitOfWork, affiliation_id: str) -> list[ChargedMonth]:
    """The premium lines billed for the affiliation, one per month in order: what a withdrawal
    refunds, each month pro rata by its own days (Art. 9.3)."""
    rows = uow.session.execute(
        select(PremiumLineRow.covered_from, PremiumLineRow.covered_to, PremiumLineRow.gross_cents)
        .where(PremiumLineRow.affiliation_id == affiliation_id)
        .order_by(PremiumLineRow.covered_from, PremiumLineRow.id)
    )
    return [ChargedMonth(row.covered_from, row.covered_to, int(row.gross_cents)) for row in rows]
