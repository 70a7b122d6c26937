"""Pulling the bank's documents: read `/documents` after the last sequence imported, fetch each
document and hand it to the import (`banking.service.import_bank_document`), one transaction per
document, in the bank's order. A document's source is `bank:<seq>`, so the cursor is derived
from what was imported; the import is idempotent (by the document's sha256), so pulling twice,
or from 0 again, changes nothing.

A document the import refuses stops the pull there: the next pull starts again at it, and the
error is in the report for finance to see (never skipped silently).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cybercare.banking import repository
from cybercare.banking.connector import BankConnector, BankDocumentRef
from cybercare.banking.readers import read_bank_file
from cybercare.banking.service import import_bank_document
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.errors import DomainError

SOURCE_PREFIX = "bank:"
_SOURCE = re.compile(r"^bank:(\d+)$")

# (uow, data, ref, at) → None: imports one document inside the caller's unit of work.
ImportDocument = Callable[[UnitOfWork, bytes, BankDocumentRef, datetime], Any]


def source_of(ref: BankDocumentRef) -> str:
    return f"{SOURCE_PREFIX}{ref.seq}"


def sequence_of(source: str) -> int | None:
    match = _SOURCE.match(source)
    return int(match.group(1)) if match else None


@dataclass
class PullReport:
    after: int
    imported: list[BankDocumentRef] = field(default_factory=list)
    failed: BankDocumentRef | None = None
    error: str | None = None

    @property
    def last_sequence(self) -> int:
        return self.imported[-1].seq if self.imported else self.after

    def summary(self) -> str:
        text = f"{len(self.imported)} bank documents imported after #{self.after}"
        if self.failed is not None:
            text += f"; stopped at #{self.failed.seq} {self.failed.name}: {self.error}"
        return text


def pull_documents(
    database: Database,
    connector: BankConnector,
    *,
    after: int,
    import_document: ImportDocument,
    now: Callable[[], datetime],
    limit: int | None = None,
) -> PullReport:
    """Import the documents after sequence `after`, oldest first. Transport errors
    (`BankUnavailable`) propagate: nothing is lost, the next pull resumes."""
    report = PullReport(after=after)
    for ref in connector.documents_after(after)[:limit]:
        data = connector.document(ref.name)
        try:
            with database.uow() as uow:
                import_document(uow, data, ref, now())
                uow.commit()
        except DomainError as exc:
            report.failed, report.error = ref, exc.message
            break
        report.imported.append(ref)
    return report


def last_pulled_sequence(database: Database) -> int:
    """The highest `bank:<seq>` source among the imported documents (0 before the first)."""
    with database.reader() as uow:
        found = [sequence_of(source) for source in repository.bank_document_sources(uow)]
    return max((seq for seq in found if seq is not None), default=0)


def platform_import(accounts: list[str], *, actor: str) -> ImportDocument:
    """The platform's import (`banking.service.import_bank_document`, reading with
    `banking.readers.read_bank_file`)."""

    def run(uow: UnitOfWork, data: bytes, ref: BankDocumentRef, at: datetime) -> Any:
        return import_bank_document(
            uow,
            data,
            filename=ref.name,
            source=source_of(ref),
            at=at,
            actor=actor,
            accounts=accounts,
            read=read_bank_file,
        )

    return run
