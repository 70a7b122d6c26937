"""Use cases of the orders to appointed providers (issue 19). One transaction each, never
committed here. The registry is `providers.registry`, the invoices `providers.invoicing`.

`appoint_provider` (an agent of the workstream's team), `enter_quote` (the provider or the
agent), `accept_quote` (reserves in the household's pot with the claims' machinery, so that
quotes and claims share one pot never exceeded, Art. 5.3), `report_work`, `decline_order`,
`cancel_order`, `record_incident` (Art. 6.6). Every change writes its audit event; the provider
and the member are told through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from cybercare.assistance import repository as cases
from cybercare.assistance.access import load_case_for
from cybercare.assistance.case import Case
from cybercare.audit.trail import record
from cybercare.cover import repository as pot_rows
from cybercare.cover import service as cover
from cybercare.cover.domain import Consumption
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.money import format_amount
from cybercare.kernel.periods import InsuranceYear, insurance_year
from cybercare.outbox.enqueue import enqueue_email
from cybercare.product.catalog import Catalog
from cybercare.product.model import Pot
from cybercare.providers import repository
from cybercare.providers.domain import (
    ART_5_3,
    ART_6_6,
    ART_11,
    CaseMaterial,
    Incident,
    IncidentKind,
    Order,
    OrderNotFound,
    OrderStatus,
    Provider,
    ProviderKind,
    QuoteCover,
    order_brief,
    quote_cover,
)
from cybercare.providers.repository import HeldOrder


def audit_change(
    uow: UnitOfWork,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    at: datetime,
    clause: str | None = None,
    **details: object,
) -> None:
    record(
        uow,
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        clause=clause,
        details=details,
    )


# --- orders ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrderView:
    order: Order
    provider_name: str
    provider_kind: ProviderKind
    cover: QuoteCover | None = None


def _require_agent_of(principal: Principal, team: str) -> None:
    if not (principal.in_team(team) or principal.has_role(Role.SUPERVISOR)):
        require_role(principal, Role.SUPERVISOR)  # raises with the clause


def appoint_provider(
    uow: UnitOfWork,
    principal: Principal,
    *,
    workstream_id: str,
    provider_id: str,
    service_code: str,
    clock: Clock,
    device: str | None = None,
    counsellor_summary: str | None = None,
) -> OrderView:
    """From a workstream, an agent of its team appoints a provider for one of its services. The
    order goes to the provider by e-mail with only what the work needs (Art. 11)."""
    ws = cases.workstream(uow, workstream_id, for_update=True)
    if ws is None or not principal.is_staff:
        raise OrderNotFound(f"no workstream {workstream_id!r}")
    _require_agent_of(principal, ws.team)
    case = load_case_for(uow, principal, ws.case_id, today=clock.today(), for_update=True)
    case.check_writable()
    ws.check_writable()
    if case.guarantee_code is None:
        raise InvalidInput("workstream_id", "the case is not triaged to a guarantee yet")
    provider = repository.provider(uow, provider_id)
    provider.check_fit_for(case.guarantee_code, clock.today())
    if service_code not in {s.code for s in provider.services}:
        raise InvalidInput("service_code", f"{provider.name} offers no service {service_code!r}")
    if provider.kind is ProviderKind.PSYCHOLOGIST and ws.team != "psychological":
        raise InvalidInput("workstream_id", "a psychologist is appointed by the counsellor")
    party = repository.case_party(uow, case.person_id)
    material = CaseMaterial(
        case_ref=case.id,
        language=case.language,
        member_first_name=party.first_name,
        guarantee=case.guarantee_code,
        narrative=case.narrative,
        urls=repository.case_urls(uow, case.id),
        device=device,
        counsellor_summary=counsellor_summary,
    )
    brief = order_brief(provider.kind, material, service_code)
    now = clock.now()
    order = Order(
        order_id=new_id("ord"),
        case_id=case.id,
        workstream_id=ws.id,
        provider_id=provider.provider_id,
        guarantee=case.guarantee_code,
        service_code=service_code,
        status=OrderStatus.APPOINTED,
        appointed_by=principal.actor,
        appointed_at=now,
    )
    repository.add_order(uow, order, household_id=case.household_id, brief=brief.as_dict())
    audit_change(
        uow,
        principal.actor,
        "provider_order.appointed",
        "provider_order",
        order.order_id,
        now,
        clause=str(ART_11),
        case_id=case.id,
        provider_id=provider.provider_id,
        service=service_code,
        shared=[k for k, _ in brief.items],
    )
    lines = [f"{k}: {v}" for k, v in brief.items]
    enqueue_email(
        uow,
        to=provider.email,
        subject=f"Cyber Care order {order.order_id}: {service_code}",
        text="\n".join(
            [
                f"Order {order.order_id} (case {case.id}), service {service_code}.",
                "Please send your quote in the provider portal. What the work needs:",
                *lines,
            ]
        ),
        language=sorted(provider.languages)[0]
        if case.language not in provider.languages
        else case.language,
        at=now,
        dedupe_key=f"provider_order:{order.order_id}:appointed",
    )
    return OrderView(order, provider.name, provider.kind)


def _load_order(
    uow: UnitOfWork, principal: Principal, order_id: str, clock: Clock
) -> tuple[HeldOrder, Case]:
    held = repository.order(uow, order_id, for_update=True)
    if not principal.is_staff:
        raise OrderNotFound(f"no order {order_id!r}")
    # The case row is locked before the pot year, in the order a claim takes them (submit_claim):
    # a pot reservation's key share on the case would otherwise deadlock with a claim.
    case = load_case_for(uow, principal, held.order.case_id, today=clock.today(), for_update=True)
    return held, case


def pot_of_case(
    uow: UnitOfWork, case: Case, guarantee: str, catalog: Catalog
) -> tuple[Pot, InsuranceYear] | None:
    key, start = repository.affiliation_terms(uow, case.affiliation_id)
    product = catalog.get(*key)
    code = product.guarantee(guarantee).pot
    if code is None or case.incident_date < start:
        return None
    return product.pot(code), insurance_year(start, case.incident_date)


def quote_view(uow: UnitOfWork, held: HeldOrder, case: Case, catalog: Catalog) -> QuoteCover | None:
    """What the pot would cover of the quote now (without a lock: for display)."""
    quote = held.order.quote_cents
    if quote is None:
        return None
    found = pot_of_case(uow, case, held.order.guarantee, catalog)
    if found is None:
        return quote_cover(quote, None)
    pot, year = found
    states = pot_rows.pot_years(uow, case.affiliation_id, year.start)
    state = states.get(pot.code)
    left = pot.money_limit_cents if state is None else state.left_cents
    return quote_cover(quote, left)


def enter_quote(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    quote_cents: int,
    clock: Clock,
    catalog: Catalog,
    *,
    by_provider: str | None = None,
) -> OrderView:
    """A quote, entered by the agent or uploaded by the provider (`by_provider`: its id, checked
    against the order's provider by the portal); shown with what the pot covers of it."""
    if by_provider is None:
        held, case = _load_order(uow, principal, order_id, clock)
    else:
        held = repository.order(uow, order_id, for_update=True)
        if held.order.provider_id != by_provider:
            raise OrderNotFound(f"no order {order_id!r}")
        case = cases.case_row(uow, held.order.case_id)  # type: ignore[assignment]
    now = clock.now()
    new = held.order.quote(quote_cents, now)
    repository.save_order(uow, held, new)
    audit_change(
        uow,
        principal.actor,
        "provider_order.quoted",
        "provider_order",
        order_id,
        now,
        quote_cents=quote_cents,
    )
    provider = repository.provider(uow, new.provider_id)
    cover_now = quote_view(uow, replace(held, order=new), case, catalog)
    return OrderView(new, provider.name, provider.kind, cover_now)


def accept_quote(
    uow: UnitOfWork, principal: Principal, order_id: str, clock: Clock, catalog: Catalog
) -> OrderView:
    """Accepting the quote reserves what the pot covers of it, on the locked pot year and with
    the claims' own moves (`cover.service.lock_for_claim` / `hold`, the order being the holder):
    quotes and member claims share one pot that is never exceeded (Art. 5.3). The part above
    what is left is the member's, told to the member before work starts."""
    held, case = _load_order(uow, principal, order_id, clock)
    ws = cases.workstream(uow, held.order.workstream_id)
    if ws is not None:
        _require_agent_of(principal, ws.team)
    quote = held.order.quote_cents
    if quote is None:
        raise InvalidInput("quote_cents", "no quote to accept yet")
    now = clock.now()
    found = pot_of_case(uow, case, held.order.guarantee, catalog)
    if found is None:
        decided = quote_cover(quote, None)
    else:
        pot, year = found
        pot_held = cover.lock_for_claim(
            uow,
            affiliation_id=case.affiliation_id,
            year=year,
            pot=pot,
            case_id=case.id,
            claim_id=order_id,
            at=now,
        )
        decided = quote_cover(quote, pot_held.locked.state.left_cents)
        if decided.covered_cents or pot_held.claim.reserved_cents:
            cover.hold(
                uow,
                pot_held,
                Consumption(pot.code, decided.covered_cents, 0, pot_held.claim.reserved_cents, 0),
                at=now,
            )
    new = held.order.accept(decided, now)
    repository.save_order(uow, held, new)
    audit_change(
        uow,
        principal.actor,
        "provider_order.accepted",
        "provider_order",
        order_id,
        now,
        clause=str(ART_5_3),
        reason=decided.reason.as_dict(),
        covered_cents=decided.covered_cents,
        member_share_cents=decided.member_share_cents,
    )
    provider = repository.provider(uow, new.provider_id)
    _tell_member(uow, case, new, provider, decided, now)
    enqueue_email(
        uow,
        to=provider.email,
        subject=f"Cyber Care order {order_id}: quote accepted",
        text=f"Your quote of {format_amount(quote)} EUR for order {order_id} is accepted.",
        language=sorted(provider.languages)[0],
        at=now,
        dedupe_key=f"provider_order:{order_id}:accepted",
    )
    return OrderView(new, provider.name, provider.kind, decided)


def _tell_member(
    uow: UnitOfWork, case: Case, order: Order, provider: Provider, decided: QuoteCover, at: datetime
) -> None:
    """Art. 5.3: before work starts the member knows what is covered and what would be theirs."""
    party = repository.case_party(uow, case.person_id)
    if not party.email:
        return
    text = (
        f"A {provider.kind.value.replace('_', ' ')} service for your case {case.id}: quote "
        f"{format_amount(decided.quote_cents)} EUR accepted; your pot covers "
        f"{format_amount(decided.covered_cents)} EUR."
    )
    if decided.partial:
        text += (
            f" The remaining {format_amount(decided.member_share_cents)} EUR is above what is "
            "left in your pot this insurance year (Art. 5.3): it is yours if the work goes on."
        )
    enqueue_email(
        uow,
        to=party.email,
        subject="Cyber Care: a specialist works on your case",
        text=text,
        language=case.language,
        at=at,
        dedupe_key=f"provider_order:{order.order_id}:member_told",
    )


def decline_order(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    note: str,
    clock: Clock,
    *,
    by_provider: str,
) -> Order:
    """The provider declines the order (before any acceptance): the agent appoints another."""
    held = repository.order(uow, order_id, for_update=True)
    if held.order.provider_id != by_provider:
        raise OrderNotFound(f"no order {order_id!r}")
    now = clock.now()
    new = held.order.decline(now, note)
    repository.save_order(uow, held, new)
    audit_change(uow, principal.actor, "provider_order.declined", "provider_order", order_id, now)
    return new


def cancel_order(
    uow: UnitOfWork, principal: Principal, order_id: str, note: str, clock: Clock
) -> Order:
    """The agent cancels (e.g. the provider is late, Art. 6.6): the reservation is released."""
    held, _case = _load_order(uow, principal, order_id, clock)
    now = clock.now()
    new = held.order.cancel(now, note)
    _release(uow, order_id, at=now)
    repository.save_order(uow, held, new)
    audit_change(
        uow,
        principal.actor,
        "provider_order.cancelled",
        "provider_order",
        order_id,
        now,
        clause=str(ART_6_6),
    )
    return new


def _release(uow: UnitOfWork, order_id: str, *, at: datetime) -> None:
    for row_id, held in pot_rows.reservations_of(uow, order_id):
        if not held.reserved_cents:
            continue
        locked = pot_rows.lock_by_id(uow, row_id)
        pot_rows.save(uow, locked, locked.state.release(held.reserved_cents, 0), at=at)
        pot_rows.save_reservation(uow, row_id, replace(held, reserved_cents=0), at=at, before=held)


def report_work(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    *,
    done: bool,
    note: str,
    clock: Clock,
    by_provider: str | None = None,
) -> Order:
    """Work done, or not possible (Art. 4.6: an obligation of means still costs what was
    agreed). Reported by the provider in the portal or by the agent."""
    if by_provider is None:
        held, _case = _load_order(uow, principal, order_id, clock)
    else:
        held = repository.order(uow, order_id, for_update=True)
        if held.order.provider_id != by_provider:
            raise OrderNotFound(f"no order {order_id!r}")
    now = clock.now()
    new = held.order.report(done=done, at=now, note=note)
    repository.save_order(uow, held, new)
    audit_change(
        uow,
        principal.actor,
        "provider_order.reported",
        "provider_order",
        order_id,
        now,
        outcome=new.status.value,
    )
    return new


def record_incident(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    kind: IncidentKind,
    note: str,
    clock: Clock,
) -> Incident:
    """Art. 6.6: the delay or poor work is recorded against the provider."""
    held, _case = _load_order(uow, principal, order_id, clock)
    now = clock.now()
    incident = Incident(order_id, held.order.provider_id, kind, note, principal.actor, now)
    repository.add_incident(uow, incident)
    audit_change(
        uow,
        principal.actor,
        "provider.incident_recorded",
        "provider",
        held.order.provider_id,
        now,
        clause=str(ART_6_6),
        order_id=order_id,
        kind=kind.value,
    )
    return incident
