"""Providers' invoices matched to their orders (issue 19): a UBL invoice (`providers.ubl`) or a
PDF entered by finance. Matching consumes the pot (used), releases the rest of the reservation,
books the service cost apart from claims and schedules the provider's payout for the next
pain.001 file (`providers.payouts`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from cybercare.assistance import repository as cases
from cybercare.cover import service as cover
from cybercare.cover.domain import Consumption
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role, require_role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.kernel.money import format_amount
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
from cybercare.product.catalog import Catalog
from cybercare.providers import repository
from cybercare.providers.domain import (
    ART_5_3,
    Order,
    OrderNotFound,
    OrderStatus,
)
from cybercare.providers.repository import InvoiceRecord, ProviderPayout
from cybercare.providers.service import audit_change, pot_of_case
from cybercare.providers.ubl import InvoiceFacts, InvoiceRefused

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
    found = pot_of_case(uow, case, order.guarantee, catalog)
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
    audit_change(
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
