"""Import a distributor's existing book: batches of households, one transaction each.

Each batch is checked line by line (`book.domain`, the subscription's own rules), then its new
households are written set-based: one multi-row INSERT per table for the whole batch, with the
same rows a subscription writes (affiliation, household, people, memberships, address, status
period, paper mandate), the same audit events (one per feed event, one per mandate) and the
same feed events and webhooks, per household, plus one `book.batch_imported` audit event that
lists the batch's affiliations. The `book_imports` row of each household commits with it: a
re-run skips the households done, a run killed at any point loses at most the batch in flight
and resumes where it stopped. A dry run checks everything, the database included (references
already used), and writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cybercare.audit import trail
from cybercare.billing import mandate_repository
from cybercare.billing.mandate_service import audit_record
from cybercare.book import repository
from cybercare.book.checking import checked_batches
from cybercare.book.domain import BookHousehold, BookIndex, Problem, RawHousehold
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.partners.feed import publish_events
from cybercare.policy import repository as policy_repository
from cybercare.policy.repository import AffiliationRecord
from cybercare.policy.service import Actor, Published, audited_events, subscription_events
from cybercare.product.model import ProductVersion

DEFAULT_BATCH_SIZE = 2_000
MAX_PROBLEMS_KEPT = 100_000  # a dry run of a broken file of millions of lines stays in memory

# Told where a crash must leave a resumable state: "before_commit:N" inside batch N's
# transaction, "after_batch:N" once it committed. The crash tests stop the run there.
Checkpoint = Callable[[str], None]
Progress = Callable[[int], None]  # lines read so far


def no_checkpoint(_point: str) -> None:
    """A run without a fault injected."""


def no_progress(_lines: int) -> None:
    """A run nobody watches."""


@dataclass
class ImportReport:
    distributor: str
    dry_run: bool
    households: int = 0  # households read
    imported: int = 0  # new affiliations written (or that would be, in a dry run)
    already_imported: int = 0  # skipped: a previous run imported them
    refused: int = 0  # households with at least one problem
    batches: int = 0  # batches committed
    events: int = 0  # feed events published
    problems: list[Problem] = field(default_factory=list)

    def problem(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)


@dataclass(frozen=True, slots=True)
class BookImport:
    """What an operator asks: whose book, on which product version, how."""

    distributor: str
    product: ProductVersion
    source: str  # the file's name, for the audit trail
    batch_size: int = DEFAULT_BATCH_SIZE
    dry_run: bool = False
    workers: int = 0  # processes checking lines beside this one (0: checked here)

    @property
    def actor(self) -> Actor:
        return Actor(f"import:{self.distributor}", self.distributor)


def import_book(
    database: Database,
    request: BookImport,
    records: Iterable[RawHousehold | Problem],
    clock: Clock,
    *,
    progress: Progress = no_progress,
    checkpoint: Checkpoint = no_checkpoint,
) -> ImportReport:
    """Check and import `records` (a reader of `book.formats`), batch by batch."""
    product = request.product
    if request.distributor not in product.distributors:
        raise InvalidInput(
            "distributor",
            f"{product.code} {product.version} is not sold by {request.distributor}",
            clause="Art. 1.2",
        )
    with database.reader() as uow:
        if not repository.distributor_exists(uow, request.distributor):
            raise InvalidInput("distributor", f"no distributor {request.distributor!r}")
    report = ImportReport(request.distributor, request.dry_run)
    index = BookIndex()
    batches = checked_batches(records, product, clock.today(), request.batch_size, request.workers)
    for number, batch in enumerate(batches, start=1):
        checked: list[BookHousehold] = []
        last_line = 0
        for record, result in batch:
            last_line = record.line
            if isinstance(record, RawHousehold):
                report.households += 1
            if isinstance(result, BookHousehold):
                problems = index.admit(result)
                if not problems:
                    checked.append(result)
                    continue
            else:
                problems = [result] if isinstance(result, Problem) else list(result)
            report.refused += 1
            for problem in problems:
                report.problem(problem)
        if request.dry_run:
            with database.reader() as uow:
                _new_households(uow, request, checked, report)
        else:
            with database.uow() as uow:
                fresh = _new_households(uow, request, checked, report)
                if fresh:
                    _write(uow, request, fresh, clock, report)
                    checkpoint(f"before_commit:{number}")
                    uow.commit()
                    report.batches += 1
            checkpoint(f"after_batch:{number}")
        progress(last_line)
    report.problems.sort()
    return report


def _new_households(
    uow: UnitOfWork, request: BookImport, checked: list[BookHousehold], report: ImportReport
) -> list[BookHousehold]:
    """The households of the batch still to import: those a previous run did not bring in, and
    whose mandate reference no other mandate uses."""
    done = repository.imported_refs(uow, request.distributor, [h.customer_ref for h in checked])
    references = [h.mandate.reference for h in checked if h.mandate is not None]
    taken = mandate_repository.references_taken(uow, references)
    fresh: list[BookHousehold] = []
    for household in checked:
        if household.customer_ref in done:
            report.already_imported += 1
        elif household.mandate is not None and household.mandate.reference in taken:
            report.refused += 1
            report.problem(
                Problem(
                    household.line, "mandate.reference", "this mandate reference is already used"
                )
            )
        else:
            fresh.append(household)
    if request.dry_run:
        report.imported += len(fresh)
    return fresh


def batch_terms_digest(batch_id: str) -> str:
    """What stands in an imported affiliation's `terms_token_sha256`: no quote was shown here;
    the digest names the import batch, whose audit event says which file and line."""
    return hashlib.sha256(f"book-import:{batch_id}".encode()).hexdigest()


def _write(
    uow: UnitOfWork,
    request: BookImport,
    households: list[BookHousehold],
    clock: Clock,
    report: ImportReport,
) -> None:
    now = clock.now()
    actor = request.actor
    batch_id = new_id("bki", 16)
    records = [
        AffiliationRecord(
            h.affiliation.affiliation_id, request.distributor, h.customer_ref, new_id("hh"), now
        )
        for h in households
    ]
    policy_repository.add_many(
        uow,
        [(r, h.affiliation, h.household) for r, h in zip(records, households, strict=True)],
        terms_token_sha256=batch_terms_digest(batch_id),
    )
    mandates = [h.mandate for h in households if h.mandate is not None]
    mandate_repository.add_many(uow, mandates, at=now)
    audited: list[trail.AuditRecord] = []
    published: list[Published] = []
    for record, household in zip(records, households, strict=True):
        events = subscription_events(
            request.product,
            household.affiliation.start_date,
            household.household,
            household.household_changes,
        )
        audits, feed = audited_events(actor, record, now, events)
        audited.extend(audits)
        published.extend(feed)
    audited.extend(
        audit_record(
            actor.name,
            "mandate_registered",
            m,
            now,
            channel=m.channel.value,
            consent_text_version=None,
        )
        for m in mandates
    )
    audited.append(
        trail.AuditRecord(
            now,
            actor.name,
            "book.batch_imported",
            "book_import",
            batch_id,
            None,
            {
                "distributor": request.distributor,
                "source": request.source,
                "product": {"code": request.product.code, "version": request.product.version},
                "lines": [households[0].line, households[-1].line],
                "affiliations": [r.affiliation_id for r in records],
            },
        )
    )
    trail.record_many(uow, audited)
    repository.mark_imported(
        uow,
        distributor=request.distributor,
        batch_id=batch_id,
        at=now,
        households=[
            (h.customer_ref, r.affiliation_id, h.line, h.paid_until)
            for r, h in zip(records, households, strict=True)
        ],
    )
    # The feed's sequence row is locked last, as a subscription does (policy.service._emit).
    publish_events(uow, distributor=request.distributor, events=published, at=now)
    report.imported += len(households)
    report.events += len(published)
