"""Read models of the providers' pages: the registry with each provider's performance, and one
order with its invoice and payout (the back office), for the edges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from cybercare.assistance import repository as cases
from cybercare.assistance.access import load_case_for
from cybercare.assistance.views import CaseView
from cybercare.db.tables import ProviderInvoiceRow, ProviderPayoutRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role
from cybercare.providers import repository
from cybercare.providers.domain import (
    GUARANTEES_OF_KIND,
    Order,
    OrderNotFound,
    Provider,
    ProviderKind,
)


@dataclass(frozen=True, slots=True)
class OrderPage:
    order: Order
    provider: Provider
    brief: dict[str, Any]
    invoice_number: str | None
    invoice_source: str | None
    payout_status: str | None
    payment_file_id: str | None


def order_page(uow: UnitOfWork, order_id: str) -> OrderPage:
    held = repository.order(uow, order_id)
    provider = repository.provider(uow, held.order.provider_id)
    invoice = uow.session.execute(
        select(ProviderInvoiceRow.invoice_number, ProviderInvoiceRow.source).where(
            ProviderInvoiceRow.order_id == order_id
        )
    ).first()
    payout = uow.session.execute(
        select(ProviderPayoutRow.status, ProviderPayoutRow.payment_file_id).where(
            ProviderPayoutRow.order_id == order_id
        )
    ).first()
    return OrderPage(
        held.order,
        provider,
        held.brief,
        invoice[0] if invoice else None,
        invoice[1] if invoice else None,
        payout[0] if payout else None,
        payout[1] if payout else None,
    )


def registry(uow: UnitOfWork) -> list[Provider]:
    return repository.providers(uow)


def orders_of_case(uow: UnitOfWork, case_id: str) -> list[Order]:
    return [held.order for held in repository.orders(uow, case_id=case_id)]


@dataclass(frozen=True, slots=True)
class ServiceStep:
    """A dated step of a service on the member's case (no provider data, no brief: the member
    sees what the service is, what it costs and what the pot covers)."""

    at: datetime
    kind: str  # the provider's kind: data_recovery, takedown, lawyer, psychologist
    event: str  # appointed, accepted, work_done, not_possible, invoiced
    amount_cents: int = 0
    member_share_cents: int = 0


def member_service_steps(uow: UnitOfWork, case_id: str) -> list[ServiceStep]:
    steps: list[ServiceStep] = []
    kinds = {p.provider_id: p.kind.value for p in repository.providers(uow)}
    for held in repository.orders(uow, case_id=case_id):
        o = held.order
        kind = kinds.get(o.provider_id, "")
        steps.append(ServiceStep(o.appointed_at, kind, "appointed"))
        if o.accepted_at is not None and o.quote_cents is not None:
            steps.append(
                ServiceStep(
                    o.accepted_at, kind, "accepted", o.quote_cents, o.quote_cents - o.covered_cents
                )
            )
        if o.finished_at is not None and o.outcome in ("work_done", "not_possible"):
            steps.append(ServiceStep(o.finished_at, kind, o.outcome))
        if o.invoiced_at is not None:
            steps.append(
                ServiceStep(o.invoiced_at, kind, "invoiced", o.used_cents, o.member_pays_cents)
            )
    return steps


@dataclass(frozen=True, slots=True)
class AppointChoice:
    """What the agent needs to appoint a provider from a workstream: the case and the providers
    fit for it (kind serving the case's guarantee and the workstream's team, under contract,
    speaking the member's language)."""

    case_id: str
    team: str
    guarantee: str | None
    language: str
    providers: list[Provider]


def appoint_choice(
    uow: UnitOfWork, principal: Principal, workstream_id: str, today: date
) -> AppointChoice:
    ws = cases.workstream(uow, workstream_id)
    if ws is None or not principal.is_staff:
        raise OrderNotFound(f"no workstream {workstream_id!r}")
    case = load_case_for(uow, principal, ws.case_id, today=today)
    fit: list[Provider] = []
    if case.guarantee_code is not None:
        for p in repository.providers(uow):
            if not p.under_contract(today):
                continue
            if case.guarantee_code not in GUARANTEES_OF_KIND[p.kind]:
                continue
            if p.kind is ProviderKind.PSYCHOLOGIST and ws.team != "psychological":
                continue
            if case.language in p.languages:
                fit.append(p)
    fit.sort(key=lambda p: (p.kind.value, p.name))
    return AppointChoice(case.id, ws.team, case.guarantee_code, case.language, fit)


def provider_of(uow: UnitOfWork, provider_id: str) -> Provider:
    """One provider for its page and forms; `ProviderNotFound` (404) otherwise."""
    return repository.provider(uow, provider_id)


def appointable_providers(
    uow: UnitOfWork, viewer: Principal, case: CaseView, today: date
) -> dict[str, list[Provider]]:
    """For the case page: each open workstream the viewer may appoint from (an agent of its
    team, or a supervisor) with the providers fit for it, as `appoint_choice` lists them."""
    if case.guarantee_code is None:
        return {}
    return {
        str(ws.workstream_id): appoint_choice(uow, viewer, str(ws.workstream_id), today).providers
        for ws in case.workstreams
        if ws.status != "closed" and (viewer.in_team(ws.team) or viewer.has_role(Role.SUPERVISOR))
    }
