"""All SQL of the appointed providers: the registry, orders (compare-and-set on their version),
invoices, payouts to providers and incidents (Art. 6.6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from cybercare.db.tables import (
    AffiliationRow,
    CaseRow,
    PersonRow,
    ProviderIncidentRow,
    ProviderInvoiceRow,
    ProviderOrderRow,
    ProviderPayoutRow,
    ProviderRow,
    ProviderServiceRow,
    TakedownRequestRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Conflict
from cybercare.providers.domain import (
    Incident,
    Order,
    OrderNotFound,
    OrderStatus,
    Provider,
    ProviderKind,
    ProviderNotFound,
    ServiceRate,
)


class OrderChangedConcurrently(Conflict):
    code = "provider_order.concurrent_update"


# --- providers ---------------------------------------------------------------------------------


def _provider(row: ProviderRow, services: list[ProviderServiceRow]) -> Provider:
    return Provider(
        provider_id=row.id,
        kind=ProviderKind(row.kind),
        name=row.name,
        vat_number=row.vat_number,
        email=row.email,
        languages=frozenset(row.languages),
        regions=frozenset(row.regions),
        services=tuple(
            ServiceRate(s.code, s.description, s.rate_cents, s.unit)
            for s in sorted(services, key=lambda s: s.code)
        ),
        quote_within_hours=row.quote_within_hours,
        finish_within_days=row.finish_within_days,
        contract_start=row.contract_start,
        contract_end=row.contract_end,
        iban=row.iban,
        account_holder=row.account_holder,
        bank_entered_by=row.bank_entered_by,
        bank_verified_by=row.bank_verified_by,
        active=row.active,
    )


def _provider_values(p: Provider, at: datetime) -> dict[str, Any]:
    return {
        "kind": p.kind.value,
        "name": p.name,
        "vat_number": p.vat_number,
        "email": p.email,
        "languages": sorted(p.languages),
        "regions": sorted(p.regions),
        "quote_within_hours": p.quote_within_hours,
        "finish_within_days": p.finish_within_days,
        "contract_start": p.contract_start,
        "contract_end": p.contract_end,
        "iban": p.iban,
        "account_holder": p.account_holder,
        "bank_entered_by": p.bank_entered_by,
        "bank_verified_by": p.bank_verified_by,
        "active": p.active,
        "updated_at": at,
    }


def vat_taken(uow: UnitOfWork, vat_number: str) -> bool:
    return (
        uow.session.scalar(select(ProviderRow.id).where(ProviderRow.vat_number == vat_number))
        is not None
    )


def add_provider(uow: UnitOfWork, provider: Provider, *, at: datetime) -> None:
    uow.session.add(ProviderRow(id=provider.provider_id, **_provider_values(provider, at)))
    uow.session.flush()
    _write_services(uow, provider)


def save_provider(uow: UnitOfWork, provider: Provider, *, at: datetime) -> None:
    uow.session.execute(
        update(ProviderRow)
        .where(ProviderRow.id == provider.provider_id)
        .values(**_provider_values(provider, at))
        .execution_options(synchronize_session=False)
    )
    uow.session.execute(
        delete(ProviderServiceRow).where(ProviderServiceRow.provider_id == provider.provider_id)
    )
    _write_services(uow, provider)


def _write_services(uow: UnitOfWork, provider: Provider) -> None:
    for s in provider.services:
        uow.session.add(
            ProviderServiceRow(
                provider_id=provider.provider_id,
                code=s.code,
                description=s.description,
                rate_cents=s.rate_cents,
                unit=s.unit,
            )
        )
    uow.session.flush()


def provider(uow: UnitOfWork, provider_id: str, *, for_update: bool = False) -> Provider:
    query = select(ProviderRow).where(ProviderRow.id == provider_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalars(query.execution_options(populate_existing=True)).one_or_none()
    if row is None:
        raise ProviderNotFound(f"no provider {provider_id!r}", params={"provider_id": provider_id})
    services = list(
        uow.session.scalars(
            select(ProviderServiceRow).where(ProviderServiceRow.provider_id == provider_id)
        )
    )
    return _provider(row, services)


def providers(uow: UnitOfWork, kind: ProviderKind | None = None) -> list[Provider]:
    query = select(ProviderRow).order_by(ProviderRow.kind, ProviderRow.name)
    if kind is not None:
        query = query.where(ProviderRow.kind == kind.value)
    rows = list(uow.session.scalars(query))
    services: dict[str, list[ProviderServiceRow]] = {}
    for s in uow.session.scalars(select(ProviderServiceRow)):
        services.setdefault(s.provider_id, []).append(s)
    return [_provider(r, services.get(r.id, [])) for r in rows]


def provider_of_vat(uow: UnitOfWork, vat_number: str) -> str | None:
    return uow.session.scalar(select(ProviderRow.id).where(ProviderRow.vat_number == vat_number))


# --- orders ------------------------------------------------------------------------------------


_ORDER_FIELDS = (
    "quote_cents",
    "quoted_at",
    "covered_cents",
    "accepted_at",
    "finished_at",
    "outcome",
    "outcome_note",
    "invoiced_cents",
    "used_cents",
    "invoiced_at",
    "paid_at",
)


@dataclass(frozen=True, slots=True)
class HeldOrder:
    order: Order
    household_id: str
    version: int
    brief: dict[str, Any]


def _order(row: ProviderOrderRow) -> HeldOrder:
    order = Order(
        order_id=row.id,
        case_id=row.case_id,
        workstream_id=row.workstream_id,
        provider_id=row.provider_id,
        guarantee=row.guarantee,
        service_code=row.service_code,
        status=OrderStatus(row.status),
        appointed_by=row.appointed_by,
        appointed_at=row.appointed_at,
        **{name: getattr(row, name) for name in _ORDER_FIELDS},
    )
    return HeldOrder(order, row.household_id, row.row_version, dict(row.brief or {}))


def add_order(uow: UnitOfWork, order: Order, *, household_id: str, brief: dict[str, Any]) -> None:
    uow.session.add(
        ProviderOrderRow(
            id=order.order_id,
            case_id=order.case_id,
            workstream_id=order.workstream_id,
            provider_id=order.provider_id,
            household_id=household_id,
            guarantee=order.guarantee,
            service_code=order.service_code,
            status=order.status.value,
            brief=brief,
            appointed_by=order.appointed_by,
            appointed_at=order.appointed_at,
            row_version=1,
            **{name: getattr(order, name) for name in _ORDER_FIELDS},
        )
    )
    uow.session.flush()


def save_order(uow: UnitOfWork, held: HeldOrder, new: Order) -> HeldOrder:
    """Compare and set: a write based on a stale read changes nothing and raises."""
    result = uow.session.execute(
        update(ProviderOrderRow)
        .where(ProviderOrderRow.id == new.order_id, ProviderOrderRow.row_version == held.version)
        .values(
            status=new.status.value,
            row_version=held.version + 1,
            **{name: getattr(new, name) for name in _ORDER_FIELDS},
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise OrderChangedConcurrently(
            f"order {new.order_id} changed since it was read; retry",
            params={"order_id": new.order_id},
        )
    return HeldOrder(new, held.household_id, held.version + 1, held.brief)


def order(uow: UnitOfWork, order_id: str, *, for_update: bool = False) -> HeldOrder:
    query = select(ProviderOrderRow).where(ProviderOrderRow.id == order_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalars(query.execution_options(populate_existing=True)).one_or_none()
    if row is None:
        raise OrderNotFound(f"no order {order_id!r}", params={"order_id": order_id})
    return _order(row)


def orders(
    uow: UnitOfWork, *, provider_id: str | None = None, case_id: str | None = None
) -> list[HeldOrder]:
    query = select(ProviderOrderRow).order_by(ProviderOrderRow.appointed_at, ProviderOrderRow.id)
    if provider_id is not None:
        query = query.where(ProviderOrderRow.provider_id == provider_id)
    if case_id is not None:
        query = query.where(ProviderOrderRow.case_id == case_id)
    return [_order(r) for r in uow.session.scalars(query)]


# --- what an order's brief is made of ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseParty:
    first_name: str
    email: str | None


def case_party(uow: UnitOfWork, person_id: str) -> CaseParty:
    row = uow.session.execute(
        select(PersonRow.given_name, PersonRow.email).where(PersonRow.id == person_id)
    ).one()
    return CaseParty(row.given_name, row.email)


def case_urls(uow: UnitOfWork, case_id: str) -> tuple[str, ...]:
    return tuple(
        uow.session.scalars(
            select(TakedownRequestRow.url)
            .where(TakedownRequestRow.case_id == case_id)
            .order_by(TakedownRequestRow.sent_at, TakedownRequestRow.id)
        )
    )


def affiliation_terms(uow: UnitOfWork, affiliation_id: str) -> tuple[tuple[str, str], date]:
    """The product key and the start date of an affiliation: what picks a case's pot year (one
    small query, not the whole household)."""
    row = uow.session.execute(
        select(
            AffiliationRow.product_code, AffiliationRow.product_version, AffiliationRow.start_date
        ).where(AffiliationRow.id == affiliation_id)
    ).one()
    return (row.product_code, row.product_version), row.start_date


def case_household(uow: UnitOfWork, case_id: str) -> str | None:
    return uow.session.scalar(select(CaseRow.household_id).where(CaseRow.id == case_id))


# --- invoices -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    order_id: str
    provider_id: str
    invoice_number: str
    issue_date: date
    source: str
    tax_exclusive_cents: int
    tax_cents: int
    payable_cents: int
    sha256: str
    content: bytes
    entered_by: str
    received_at: datetime


def invoice_known(uow: UnitOfWork, provider_id: str, number: str, sha256: str) -> bool:
    found = uow.session.scalar(
        select(func.count())
        .select_from(ProviderInvoiceRow)
        .where(
            (ProviderInvoiceRow.sha256 == sha256)
            | (
                (ProviderInvoiceRow.provider_id == provider_id)
                & (ProviderInvoiceRow.invoice_number == number)
            )
        )
    )
    return bool(found)


def add_invoice(uow: UnitOfWork, record: InvoiceRecord) -> None:
    uow.session.add(ProviderInvoiceRow(**{f: getattr(record, f) for f in record.__slots__}))
    uow.session.flush()


# --- payouts to providers -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProviderPayout:
    payout_id: str
    order_id: str
    provider_id: str
    amount_cents: int
    iban: str
    holder_name: str
    remittance: str
    status: str
    payment_file_id: str | None


def _payout(row: ProviderPayoutRow) -> ProviderPayout:
    return ProviderPayout(
        row.id,
        row.order_id,
        row.provider_id,
        row.amount_cents,
        row.iban,
        row.holder_name,
        row.remittance,
        row.status,
        row.payment_file_id,
    )


def add_payout(uow: UnitOfWork, payout: ProviderPayout, *, at: datetime) -> None:
    uow.session.add(
        ProviderPayoutRow(
            id=payout.payout_id,
            order_id=payout.order_id,
            provider_id=payout.provider_id,
            amount_cents=payout.amount_cents,
            iban=payout.iban,
            holder_name=payout.holder_name,
            remittance=payout.remittance,
            status=payout.status,
            payment_file_id=payout.payment_file_id,
            created_at=at,
            updated_at=at,
        )
    )
    uow.session.flush()


def lock_payouts(
    uow: UnitOfWork, *, status: str, payment_file_id: str | None = None
) -> list[ProviderPayout]:
    query = select(ProviderPayoutRow).where(ProviderPayoutRow.status == status)
    if payment_file_id is not None:
        query = query.where(ProviderPayoutRow.payment_file_id == payment_file_id)
    rows = uow.session.scalars(
        query.order_by(ProviderPayoutRow.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return [_payout(r) for r in rows]


def move_payouts(
    uow: UnitOfWork, ids: list[str], *, status: str, payment_file_id: str, at: datetime
) -> None:
    if ids:
        uow.session.execute(
            update(ProviderPayoutRow)
            .where(ProviderPayoutRow.id.in_(ids))
            .values(status=status, payment_file_id=payment_file_id, updated_at=at)
            .execution_options(synchronize_session=False)
        )


def payouts_of_provider(uow: UnitOfWork, provider_id: str) -> list[ProviderPayout]:
    rows = uow.session.scalars(
        select(ProviderPayoutRow)
        .where(ProviderPayoutRow.provider_id == provider_id)
        .order_by(ProviderPayoutRow.created_at, ProviderPayoutRow.id)
    )
    return [_payout(r) for r in rows]


# --- incidents (Art. 6.6) -----------------------------------------------------------------------


def add_incident(uow: UnitOfWork, incident: Incident) -> None:
    uow.session.add(
        ProviderIncidentRow(
            order_id=incident.order_id,
            provider_id=incident.provider_id,
            kind=incident.kind.value,
            note=incident.note,
            recorded_by=incident.recorded_by,
            recorded_at=incident.recorded_at,
        )
    )
    uow.session.flush()


def incident_counts(uow: UnitOfWork) -> dict[str, int]:
    rows = uow.session.execute(
        select(ProviderIncidentRow.provider_id, func.count()).group_by(
            ProviderIncidentRow.provider_id
        )
    )
    return {r[0]: r[1] for r in rows}
