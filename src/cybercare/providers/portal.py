"""The provider portal's use cases (issue 19): a provider user sees only its provider's orders,
accepts or declines them, enters its quote, reports the work (done or not possible, with a
report file), uploads its UBL invoice and sees what was paid. One transaction each, never
committed here.

Every use case starts from the principal's own provider (`Principal.provider_id`): another
provider's order is "not found", as it is for the services' `by_provider` checks. What an order
shows is its brief, the data the work needs and nothing else (Art. 11): never the case, the
member's pot nor what the pot covers of the quote.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, RoleRequired
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound
from cybercare.product.catalog import Catalog
from cybercare.providers import portal_repository, repository
from cybercare.providers.domain import ART_11, Order, OrderNotFound, OrderStatus, Provider
from cybercare.providers.invoice_import import import_ubl
from cybercare.providers.invoicing import MatchedInvoice
from cybercare.providers.portal_repository import ReportFile
from cybercare.providers.repository import ProviderPayout
from cybercare.providers.service import audit_change, decline_order, enter_quote, report_work

MAX_REPORT_BYTES = 5_000_000
REPORT_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
# What a provider's answer can still be while the order waits for its quote or acceptance.
ANSWERABLE = frozenset({OrderStatus.APPOINTED, OrderStatus.QUOTED})


class OrderAlreadyAnswered(Conflict):
    code = "provider_order.already_answered"


def provider_of(principal: Principal) -> str:
    """The principal's provider, or refused: these use cases are for provider users only."""
    if not principal.is_provider or principal.provider_id is None:
        raise RoleRequired("this is for an appointed provider's users", clause=str(ART_11))
    return principal.provider_id


@dataclass(frozen=True, slots=True)
class PortalOrder:
    """One order as its provider sees it: the order's own figures and its brief (Art. 11)."""

    order: Order
    brief: dict[str, Any]
    taken_at: datetime | None
    reports: tuple[ReportFile, ...] = ()
    payout_status: str | None = None

    @property
    def may_answer(self) -> bool:
        return self.order.status in ANSWERABLE

    @property
    def may_quote(self) -> bool:
        return self.order.status in ANSWERABLE and self.taken_at is not None

    @property
    def may_report(self) -> bool:
        return self.order.status is OrderStatus.ACCEPTED

    @property
    def may_invoice(self) -> bool:
        return self.order.status in (OrderStatus.WORK_DONE, OrderStatus.NOT_POSSIBLE)


def _mine(
    uow: UnitOfWork, principal: Principal, order_id: str, *, for_update: bool = False
) -> Order:
    provider_id = provider_of(principal)
    held = repository.order(uow, order_id, for_update=for_update)
    if held.order.provider_id != provider_id:
        raise OrderNotFound(f"no order {order_id!r}", params={"order_id": order_id})
    return held.order


def my_provider(uow: UnitOfWork, principal: Principal) -> Provider:
    return repository.provider(uow, provider_of(principal))


def my_orders(uow: UnitOfWork, principal: Principal) -> list[PortalOrder]:
    """The provider's orders, the newest first; no other provider's."""
    provider_id = provider_of(principal)
    taken = portal_repository.taken_of(uow, provider_id)
    found = [
        PortalOrder(held.order, held.brief, taken.get(held.order.order_id))
        for held in repository.orders(uow, provider_id=provider_id)
    ]
    return sorted(found, key=lambda o: (o.order.appointed_at, o.order.order_id), reverse=True)


def my_order(uow: UnitOfWork, principal: Principal, order_id: str) -> PortalOrder:
    order = _mine(uow, principal, order_id)
    held = repository.order(uow, order_id)
    paid = {p.order_id: p.status for p in repository.payouts_of_provider(uow, order.provider_id)}
    return PortalOrder(
        order,
        held.brief,
        portal_repository.taken_at(uow, order_id),
        tuple(portal_repository.report_files(uow, order_id)),
        paid.get(order_id),
    )


def my_payouts(uow: UnitOfWork, principal: Principal) -> list[ProviderPayout]:
    """What the insurer paid or is paying the provider, with its payment file (no IBAN other
    than the provider's own verified one)."""
    return repository.payouts_of_provider(uow, provider_of(principal))


def take_order(uow: UnitOfWork, principal: Principal, order_id: str, clock: Clock) -> Order:
    """The provider accepts the order: it will do the work and sends its quote next."""
    order = _mine(uow, principal, order_id, for_update=True)
    if order.status not in ANSWERABLE:
        raise OrderAlreadyAnswered(
            f"order {order_id} is {order.status.value}", params={"status": order.status.value}
        )
    now = clock.now()
    if portal_repository.mark_taken(uow, order_id, now):
        audit_change(
            uow, principal.actor, "provider_order.taken", "provider_order", order_id, now,
            clause=str(ART_11), provider_id=order.provider_id,
        )  # fmt: skip
    return order


def decline(uow: UnitOfWork, principal: Principal, order_id: str, note: str, clock: Clock) -> Order:
    """The provider declines the order; the agent appoints another (Art. 6.6)."""
    _mine(uow, principal, order_id, for_update=True)
    if not note.strip():
        raise InvalidInput("note", "say why the order is declined")
    return decline_order(
        uow, principal, order_id, note.strip(), clock, by_provider=provider_of(principal)
    )


def quote(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    quote_cents: int,
    clock: Clock,
    catalog: Catalog,
) -> Order:
    """The provider's quote, once it accepted the order; the agent accepts it (or not)."""
    _mine(uow, principal, order_id, for_update=True)
    if portal_repository.taken_at(uow, order_id) is None:
        raise InvalidInput("quote_cents", "accept the order before sending a quote")
    view = enter_quote(
        uow, principal, order_id, quote_cents, clock, catalog, by_provider=provider_of(principal)
    )
    return view.order  # not `view.cover`: what is left in the member's pot is not the provider's


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    media_type: str
    content: bytes


def report(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    *,
    done: bool,
    note: str,
    upload: Upload | None,
    clock: Clock,
) -> Order:
    """The work done, or not possible (Art. 4.6: an obligation of means still costs what was
    agreed), with the provider's report file (PDF or image)."""
    _mine(uow, principal, order_id, for_update=True)
    if upload is not None:
        if upload.media_type not in REPORT_TYPES:
            raise InvalidInput("report", "a PDF, PNG or JPEG file")
        if not upload.content or len(upload.content) > MAX_REPORT_BYTES:
            raise InvalidInput("report", "a file of at most 5 MB")
    new = report_work(
        uow, principal, order_id, done=done, note=note, clock=clock,
        by_provider=provider_of(principal),
    )  # fmt: skip
    if upload is not None:
        now = clock.now()
        digest = hashlib.sha256(upload.content).hexdigest()
        file_id = portal_repository.add_report_file(
            uow, order_id=order_id, filename=upload.filename[:200], media_type=upload.media_type,
            content=upload.content, sha256=digest, by=principal.actor, at=now,
        )  # fmt: skip
        audit_change(
            uow, principal.actor, "provider_order.report_uploaded", "provider_order", order_id,
            now, file_id=file_id, sha256=digest, size_bytes=len(upload.content),
        )  # fmt: skip
    return new


def upload_invoice(
    uow: UnitOfWork,
    principal: Principal,
    order_id: str,
    data: bytes,
    clock: Clock,
    catalog: Catalog,
) -> MatchedInvoice:
    """The provider's UBL invoice for this order: validated and matched (`invoice_import`); an
    invoice naming another order is refused on its order reference."""
    _mine(uow, principal, order_id)
    matched = import_ubl(
        uow, data, actor=principal.actor, clock=clock, catalog=catalog,
        provider_id=provider_of(principal),
    )  # fmt: skip
    if matched.order.order_id != order_id:
        raise InvalidInput("BT-13 purchase order reference", f"this page is order {order_id}")
    return matched


# --- what staff see of the portal's uploads (the back office's order page) -----------------------


def order_report_files(uow: UnitOfWork, order_id: str) -> list[ReportFile]:
    """The report files the provider uploaded for the order (for the staff order page, whose
    route rule admits the provider staff only)."""
    return portal_repository.report_files(uow, order_id)


def report_file(uow: UnitOfWork, order_id: str, file_id: int) -> tuple[str, str, bytes]:
    found = portal_repository.report_file_content(uow, order_id, file_id)
    if found is None:
        raise NotFound(
            f"no report file {file_id} of order {order_id!r}", code="report_file.not_found"
        )
    return found
