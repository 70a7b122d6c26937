"""`cybercare billing ...`: the billing run, exports and imports of the collection channels."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cybercare.billing.domain import Period
from cybercare.billing.run import Progress as RunProgress
from cybercare.billing.run import RunReport, run_billing
from cybercare.bootstrap import Container
from cybercare.cli.common import console, domain_errors, err, wired, working
from cybercare.kernel.errors import DomainError
from cybercare.kernel.money import format_amount
from cybercare.settings import Settings

if TYPE_CHECKING:
    from cybercare.billing.service import ImportReport

# The exports, imports and SEPA files import their modules (XML schemas, PDF letters) when they
# run: `billing run`, the monthly batch, starts without loading them.

billing_app = typer.Typer(
    help="Premium billing and collection (Art. 9.1, 9.6).", no_args_is_help=True
)


def _wiring() -> Container:
    # Unguarded `Settings()`: a configuration error stops these batch commands with pydantic's
    # own report, as it did before they joined the other commands (`common.settings()` exits 2).
    return wired(Settings())


class _Bar(RunProgress):
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("billing", total=None)

    def start(self, total_chunks: int, done: int) -> None:
        self.progress.update(self.task, total=total_chunks + 0, completed=0)

    def advance(self, lines: int) -> None:
        self.progress.advance(self.task)


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except DomainError as exc:
        raise typer.BadParameter(exc.message) from None


@billing_app.command("run")
def run(
    period: Annotated[str, typer.Option(help="The month to bill, e.g. 2026-12")],
    distributor: Annotated[str | None, typer.Option(help="Only this distributor")] = None,
    chunk_size: Annotated[
        int | None,
        typer.Option(
            min=1, help="Affiliations per transaction (default: 250,000 on SQLite, 50,000 else)"
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar")] = False,
) -> None:
    """Compute every premium line of a period (idempotent, safe to kill and rerun)."""
    container = _wiring()
    month = _period(period)
    started = time.perf_counter()
    with Progress(
        TextColumn("chunks"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
    ) as progress:
        report = run_billing(
            container.database,
            container.catalog,
            container.clock,
            month,
            distributor=distributor,
            chunk_size=chunk_size,
            progress=_Bar(progress),
        )
    _summary(report)
    console.print(f"run time: {time.perf_counter() - started:.2f} s")


def _summary(report: RunReport) -> None:
    scope = "all distributors" if report.scope == "*" else report.scope
    if report.already_finished and report.lines_created:
        console.print(
            f"period {report.period} ({scope}) was already billed: "
            f"{report.lines_created} missing lines billed as a supplement"
        )
        for item in report.supplement:
            console.print(
                f"  supplement {item.distributor}: {item.lines} lines, "
                f"gross {format_amount(item.gross_cents)}"
            )
    elif report.already_finished:
        console.print(
            f"period {report.period} ({scope}) was already billed and no line is missing: "
            "nothing created"
        )
    else:
        resumed = " (resumed after an interruption)" if report.resumed else ""
        console.print(f"period {report.period} ({scope}) billed{resumed}")
    table = Table("distributor", "lines", "gross", "net", "tax")
    for item in report.totals:
        table.add_row(
            item.distributor,
            str(item.lines),
            format_amount(item.gross_cents),
            format_amount(item.net_cents),
            format_amount(item.tax_cents),
        )
    table.add_row(
        "total",
        str(report.lines),
        format_amount(report.gross_cents),
        format_amount(report.net_cents),
        format_amount(report.tax_cents),
        style="bold",
    )
    console.print(table)
    console.print(f"lines created by this run: {report.lines_created}")


def _report(report: ImportReport) -> None:
    console.print(
        f"applied {report.applied}, already applied {report.already_applied}, "
        f"collected {format_amount(report.collected_cents)}, errors {len(report.errors)}"
    )
    for error in report.errors:
        err.print(f"line {error.line}: {error.message}")
    if report.errors:
        raise typer.Exit(1)


@billing_app.command("export")
def export(
    period: Annotated[str, typer.Option(help="e.g. 2026-12")],
    distributor: Annotated[str, typer.Option()],
    output: Annotated[Path, typer.Option(help="File to write; .json or .csv")],
) -> None:
    """The period's charge lines for a distributor's invoices (docs/billing.md)."""
    from cybercare.billing import service
    from cybercare.billing.formats import charges_csv, charges_json

    container = _wiring()
    month = _period(period)
    with (
        working(f"exporting {month.code} for {distributor}"),
        container.database.streaming_reader() as uow,
    ):
        charges = service.export_charges(uow, month, distributor)
        if output.suffix == ".json":
            output.write_text(charges_json(month.code, distributor, charges), encoding="utf-8")
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(charges_csv(charges))
    console.print(f"written {output}")


def _import(kind: str, path: Path, distributor: str | None) -> None:
    from cybercare.billing import sepa, service

    container = _wiring()
    clock = container.clock
    content = path.read_text(encoding="utf-8")
    with working(f"importing {path.name}"), container.database.uow() as uow:
        if kind == "results":
            assert distributor is not None
            report = service.import_payment_results(uow, distributor, content, clock)
        elif kind == "transfers":
            report = service.import_transfers(uow, content, clock)
        else:
            report = sepa.import_returned_debits(uow, content, clock)
        uow.commit()
    _report(report)


@billing_app.command("import-results")
def import_results(
    path: Path, distributor: Annotated[str, typer.Option(help="Whose results these are")]
) -> None:
    """Apply a distributor's payment results (paid, unpaid, contested); idempotent."""
    _import("results", path, distributor)


@billing_app.command("import-transfers")
def import_transfers(path: Path) -> None:
    """Apply bank transfers matched on their structured communication; idempotent."""
    _import("transfers", path, None)


@billing_app.command("import-returns")
def import_returns(path: Path) -> None:
    """Apply returned direct debits (SEPA reason codes); idempotent."""
    _import("returns", path, None)


@billing_app.command("debit-file")
def debit_file(
    period: Annotated[str, typer.Option(help="e.g. 2026-12")],
    collection_date: Annotated[
        str, typer.Option(help="ISO date the bank collects: a TARGET2 business day, D+1 at least")
    ],
    output: Annotated[Path, typer.Option(help="Where to write the pain.008 XML")],
) -> None:
    """Build the period's pain.008 (validated against ISO 20022) for the direct debits. The
    creditor is the insurer's (CYBERCARE_SEPA_CREDITOR_* settings, checked at start-up)."""
    from cybercare.billing import sepa

    container = _wiring()
    try:
        when = date.fromisoformat(collection_date)
    except ValueError:
        raise typer.BadParameter(f"{collection_date!r} is not an ISO date (YYYY-MM-DD)") from None
    with working("building the pain.008"), domain_errors(), container.database.uow() as uow:
        built = sepa.build_debit_file(
            uow, _period(period), container.settings.creditor, when, container.clock
        )
        uow.commit()
    if built is None:
        console.print("no direct debit to collect")
        return
    output.write_bytes(built.xml)
    console.print(
        f"{output}: {built.line_count} debits, {format_amount(built.total_cents)} EUR "
        f"(message {built.message_id})"
    )
