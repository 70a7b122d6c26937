"""`cybercare billing ...`: the billing run, exports and imports of the collection channels."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cybercare.billing.domain import Period
from cybercare.billing.run import Progress as RunProgress
from cybercare.billing.run import RunReport, run_billing
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from cybercare.kernel.errors import DomainError
from cybercare.kernel.money import format_amount
from cybercare.product.catalog import Catalog, load_catalog
from cybercare.settings import Settings

billing_app = typer.Typer(
    help="Premium billing and collection (Art. 9.1, 9.6).", no_args_is_help=True
)
console = Console()
err = Console(stderr=True)


def _wiring() -> tuple[Database, Catalog, SystemClock]:
    """The database, catalogue and clock from the environment (as `bootstrap` wires them)."""
    settings = Settings()
    database = Database(make_engine(settings.database_url, echo=settings.sql_echo))
    return database, load_catalog(extra_dirs=tuple(settings.product_dirs)), SystemClock()


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
    chunk_size: Annotated[int, typer.Option(min=1, help="Affiliations per transaction")] = 50_000,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar")] = False,
) -> None:
    """Compute every premium line of a period (idempotent, safe to kill and rerun)."""
    database, catalog, clock = _wiring()
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
            database,
            catalog,
            clock,
            month,
            distributor=distributor,
            chunk_size=chunk_size,
            progress=_Bar(progress),
        )
    _summary(report)
    console.print(f"run time: {time.perf_counter() - started:.2f} s")


def _summary(report: RunReport) -> None:
    scope = "all distributors" if report.scope == "*" else report.scope
    if report.already_finished:
        console.print(f"period {report.period} ({scope}) was already billed: nothing created")
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
