"""Use cases of the appointed providers (issue 19). One transaction each, never committed here.

- registry: `register_provider`, `change_provider`, `enter_bank_details`, `verify_bank_details`
  (supervisors and admins maintain it; finance verifies bank details, never who entered them);
- orders: `appoint_provider` (an agent of the workstream's team), `enter_quote` (the provider or
  the agent), `accept_quote` (reserves in the household's pot with the claims' machinery, so that
  quotes and claims share one pot never exceeded, Art. 5.3), `report_work`, `decline_order`,
  `cancel_order`, `record_incident` (Art. 6.6);
- invoices: `match_invoice` (a UBL invoice, `providers.ubl`, or a PDF entered by staff): it
  consumes the pot (used), releases the rest of the reservation, books the service cost apart
  from claims, and schedules the provider's payout for the next pain.001 file
  (`providers.payouts`).

Every change writes its audit event; the provider and the member are told through the outbox.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

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
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.money import format_amount
from cybercare.kernel.periods import InsuranceYear, insurance_year
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
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
    ServiceRate,
    order_brief,
    quote_cover,
)
from cybercare.providers.repository import HeldOrder, InvoiceRecord, ProviderPayout
from cybercare.providers.ubl import InvoiceFacts, InvoiceRefused

REGISTRY_ROLES = (Role.SUPERVISOR, Role.ADMIN)
BANK_VERIFIER_ROLES = (Role.FINANCE,)


class ProviderExists(Conflict):
    code = "provider.exists"


class InvoiceKnown(Conflict):
    code = "provider_invoice.duplicate"


def _audit(
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


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProviderCreate:
    kind: ProviderKind
    name: str
    vat_number: str
    email: str
    languages: frozenset[str]
    regions: frozenset[str]
    services: tuple[ServiceRate, ...]
    quote_within_hours: int
    finish_within_days: int
    contract_start: date
    contract_end: date | None = None


def register_provider(
    uow: UnitOfWork, principal: Principal, data: ProviderCreate, clock: Clock
) -> Provider:
    require_role(principal, *REGISTRY_ROLES)
    if repository.vat_taken(uow, data.vat_number):
        raise ProviderExists(
            f"a provider with VAT number {data.vat_number} exists", params={"field": "vat_number"}
        )
    provider = Provider(new_id("prv"), **{f: getattr(data, f) for f in data.__slots__})
    now = clock.now()
    repository.add_provider(uow, provider, at=now)
    _audit(
        uow,
        principal.actor,
        "provider.registered",
        "provider",
        provider.provider_id,
        now,
        kind=provider.kind.value,
        name=provider.name,
    )
    return provider


def change_provider(
    uow: UnitOfWork,
    principal: Principal,
    provider_id: str,
    clock: Clock,
    *,
    services: tuple[ServiceRate, ...] | None = None,
    contract_end: date | None = None,
    active: bool | None = None,
) -> Provider:
    """Rates, the contract's end or the provider's activity; the change is audited."""
    require_role(principal, *REGISTRY_ROLES)
    before = repository.provider(uow, provider_id, for_update=True)
    after = replace(
        before,
        services=before.services if services is None else services,
        contract_end=before.contract_end if contract_end is None else contract_end,
        active=before.active if active is None else active,
    )
    now = clock.now()
    repository.save_provider(uow, after, at=now)
    _audit(
        uow,
        principal.actor,
        "provider.changed",
        "provider",
        provider_id,
        now,
        services=[s.code for s in after.services],
        active=after.active,
        contract_end=after.contract_end.isoformat() if after.contract_end else None,
    )
    return after


def enter_bank_details(
    uow: UnitOfWork, principal: Principal, provider_id: str, iban: str, holder: str, clock: Clock
) -> Provider:
    """New bank details: no payment goes to them until someone else verified them."""
    require_role(principal, *REGISTRY_ROLES, *BANK_VERIFIER_ROLES)
    compact = _checked_iban(iban)
    if not holder.strip():
        raise InvalidInput("account_holder", "the account holder's name")
    before = repository.provider(uow, provider_id, for_update=True)
    after = before.enter_bank_details(compact, holder.strip()[:140], principal.actor)
    now = clock.now()
    repository.save_provider(uow, after, at=now)
    _audit(
        uow,
        principal.actor,
        "provider.bank_details_entered",
        "provider",
        provider_id,
        now,
        iban_last4=compact[-4:],
    )
    return after


def verify_bank_details(
    uow: UnitOfWork, principal: Principal, provider_id: str, clock: Clock
) -> Provider:
    """The payee check (as a handler approves a member's new IBAN): finance, four eyes."""
    require_role(principal, *BANK_VERIFIER_ROLES)
    before = repository.provider(uow, provider_id, for_update=True)
    after = before.verify_bank_details(principal.actor)
    now = clock.now()
    repository.save_provider(uow, after, at=now)
    _audit(uow, principal.actor, "provider.bank_details_verified", "provider", provider_id, now)
    return after


def _checked_iban(iban: str) -> str:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return str(IBAN(iban).compact)
    except SchwiftyException as exc:
        raise InvalidInput("iban", f"{iban!r} is not a valid IBAN ({exc})") from None


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
    _audit(
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


def _pot_of(
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
    found = _pot_of(uow, case, held.order.guarantee, catalog)
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
    _audit(
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
    found = _pot_of(uow, case, held.order.guarantee, catalog)
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
    _audit(
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
    _audit(uow, principal.actor, "provider_order.declined", "provider_order", order_id, now)
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
    _audit(
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
    _audit(
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
    _audit(
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


# --- invoices ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchedInvoice:
    order: Order
    payout: ProviderPayout | None
    member_share_cents: int


def match_invoice(
    uow: UnitOfWork,
    *,
    facts: InvoiceFacts,
    content: bytes,
    source: str,
    actor: str,
    clock: Clock,
    catalog: Catalog,
    provider_id: str | None = None,
) -> MatchedInvoice:
    """Match an invoice to its order (BT-13), check the seller is the order's provider (BT-31
    VAT, BT-84 IBAN = the verified account) and the amount is within the accepted quote, then
    consume the pot (used), release the rest of the reservation, book the service cost and
    schedule the provider's payout. `provider_id`: the provider uploading it (the portal)."""
    errors: list[tuple[str, str]] = []
    try:
        held = repository.order(uow, facts.order_reference, for_update=True)
    except OrderNotFound:
        raise InvoiceRefused(
            "BT-13 purchase order reference", f"no order {facts.order_reference!r}"
        ) from None
    order = held.order
    if provider_id is not None and order.provider_id != provider_id:
        raise InvoiceRefused("BT-13 purchase order reference", f"no order {order.order_id!r}")
    provider = repository.provider(uow, order.provider_id)
    if facts.seller_vat != provider.vat_number:
        errors.append(
            (
                "BT-31 seller VAT identifier",
                f"{facts.seller_vat} is not the VAT number of the order's provider",
            )
        )
    if not provider.bank_verified:
        errors.append(("BT-84 payment account", "the provider's bank details are not verified"))
    elif facts.payee_iban is not None and facts.payee_iban != provider.iban:
        errors.append(
            ("BT-84 payment account", "not the provider's verified account (payee check)")
        )
    if order.status not in (OrderStatus.WORK_DONE, OrderStatus.NOT_POSSIBLE):
        errors.append(
            (
                "BT-13 purchase order reference",
                f"order {order.order_id} is {order.status.value}: no work reported",
            )
        )
    elif facts.payable_cents > (order.quote_cents or 0):
        errors.append(
            (
                "BT-115 amount due",
                f"{format_amount(facts.payable_cents)} EUR is above the accepted quote "
                f"of {format_amount(order.quote_cents or 0)} EUR",
            )
        )
    digest = hashlib.sha256(content).hexdigest()
    if repository.invoice_known(uow, provider.provider_id, facts.invoice_number, digest):
        errors.append(("BT-1 invoice number", f"invoice {facts.invoice_number} was received"))
    if errors:
        raise InvoiceRefused.of(errors)
    now = clock.now()
    new = order.invoice(facts.payable_cents, now)
    case = cases.case_row(uow, order.case_id, for_update=True)  # before the pot, as claims
    assert case is not None
    found = _pot_of(uow, case, order.guarantee, catalog)
    if found is not None:
        pot, year = found
        pot_held = cover.lock_for_claim(
            uow,
            affiliation_id=case.affiliation_id,
            year=year,
            pot=pot,
            case_id=case.id,
            claim_id=order.order_id,
            at=now,
        )
        cover.settle(
            uow,
            pot_held,
            Consumption(pot.code, new.used_cents, 0, pot_held.claim.reserved_cents, 0),
            at=now,
        )
    held = repository.save_order(uow, held, new)
    repository.add_invoice(
        uow,
        InvoiceRecord(
            order_id=order.order_id,
            provider_id=provider.provider_id,
            invoice_number=facts.invoice_number,
            issue_date=facts.issue_date,
            source=source,
            tax_exclusive_cents=facts.tax_exclusive_cents,
            tax_cents=facts.tax_cents,
            payable_cents=facts.payable_cents,
            sha256=digest,
            content=content,
            entered_by=actor,
            received_at=now,
        ),
    )
    payout = None
    if new.insurer_pays_cents:
        post(
            uow,
            entry(
                f"provider_order:{order.order_id}:invoice",
                "service.invoice",
                clock.today(),
                f"{provider.kind.value} order {order.order_id}",
                (
                    debit(Account.SERVICE_COST_EXPENSE, held.household_id, new.insurer_pays_cents),
                    credit(
                        Account.SERVICE_COST_PAYABLE, provider.provider_id, new.insurer_pays_cents
                    ),
                ),
            ),
            at=now,
        )
        payout = ProviderPayout(
            payout_id=new_id("ppo"),
            order_id=order.order_id,
            provider_id=provider.provider_id,
            amount_cents=new.insurer_pays_cents,
            iban=provider.iban or "",
            holder_name=provider.account_holder or provider.name,
            remittance=f"Invoice {facts.invoice_number} order {order.order_id}"[:140],
            status="scheduled",
            payment_file_id=None,
        )
        repository.add_payout(uow, payout, at=now)
    _audit(
        uow,
        actor,
        "provider_invoice.matched",
        "provider_order",
        order.order_id,
        now,
        clause=str(ART_5_3),
        invoice=facts.invoice_number,
        source=source,
        payable_cents=facts.payable_cents,
        used_cents=new.used_cents,
        member_share_cents=new.member_pays_cents,
    )
    return MatchedInvoice(new, payout, new.member_pays_cents)


def enter_pdf_invoice(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    *,
    invoice_number: str,
    issue_date: date,
    tax_exclusive_cents: int,
    tax_cents: int,
    pdf: bytes,
    clock: Clock,
    catalog: Catalog,
) -> MatchedInvoice:
    """A PDF-only invoice, its figures entered by finance staff against its order."""
    require_role(principal, Role.FINANCE, Role.SUPERVISOR)
    if not pdf.startswith(b"%PDF-"):
        raise InvalidInput("file", "a PDF document")
    if not invoice_number.strip():
        raise InvalidInput("invoice_number", "the provider's invoice number")
    if tax_exclusive_cents <= 0 or tax_cents < 0:
        raise InvalidInput("tax_exclusive_cents", "positive amounts in cents")
    held = repository.order(uow, order_id)
    provider = repository.provider(uow, held.order.provider_id)
    total = tax_exclusive_cents + tax_cents
    facts = InvoiceFacts(
        invoice_number=invoice_number.strip(),
        issue_date=issue_date,
        order_reference=order_id,
        seller_vat=provider.vat_number,
        seller_name=provider.name,
        payee_iban=None,
        currency="EUR",
        line_total_cents=tax_exclusive_cents,
        tax_exclusive_cents=tax_exclusive_cents,
        tax_cents=tax_cents,
        tax_inclusive_cents=total,
        payable_cents=total,
        lines=1,
        vat=(),
    )
    return match_invoice(
        uow,
        facts=facts,
        content=pdf,
        source="pdf",
        actor=principal.actor,
        clock=clock,
        catalog=catalog,
    )
