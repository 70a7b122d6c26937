"""Providers' UBL invoices in: one uploaded in the portal (`import_ubl`), or every file dropped
in a folder the worker watches (`import_folder`: `incoming/*.xml`, each in its own transaction,
moved to `accepted/`, or to `refused/` beside a `.txt` with the reason per field)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import DomainError, InvalidInput
from cybercare.product.catalog import Catalog
from cybercare.providers.invoicing import MatchedInvoice, match_invoice
from cybercare.providers.ubl import read_invoice
from cybercare.providers.ubl_schema import invoice_schema


def import_ubl(
    uow: UnitOfWork,
    data: bytes,
    *,
    actor: str,
    clock: Clock,
    catalog: Catalog,
    provider_id: str | None = None,
) -> MatchedInvoice:
    """Validate (`providers.ubl`, against the UBL 2.1 schema too) and match one invoice to its
    order; `InvoiceRefused` names every field at fault."""
    return match_invoice(
        uow,
        facts=read_invoice(data, invoice_schema()),
        content=data,
        source="ubl",
        actor=actor,
        clock=clock,
        catalog=catalog,
        provider_id=provider_id,
    )


@dataclass(frozen=True, slots=True)
class FolderRun:
    accepted: int
    refused: int


def refusal_text(error: DomainError) -> str:
    if isinstance(error, InvalidInput):
        return "\n".join(f"{field}: {reason}" for field, reason in error.errors) + "\n"
    return f"{error.code}: {error.message}\n"


def import_folder(database: Database, folder: Path, clock: Clock, catalog: Catalog) -> FolderRun:
    """Every invoice waiting in `folder/incoming`, oldest name first, one transaction each."""
    incoming = folder / "incoming"
    accepted, refused = folder / "accepted", folder / "refused"
    for target in (incoming, accepted, refused):
        target.mkdir(parents=True, exist_ok=True)
    done = bad = 0
    for path in sorted(incoming.glob("*.xml")):
        data = path.read_bytes()
        try:
            with database.uow() as uow:
                import_ubl(uow, data, actor="worker:invoice_folder", clock=clock, catalog=catalog)
                uow.commit()
        except DomainError as error:
            (refused / f"{path.name}.txt").write_text(refusal_text(error), encoding="utf-8")
            path.replace(refused / path.name)
            bad += 1
            continue
        path.replace(accepted / path.name)
        done += 1
    return FolderRun(done, bad)
