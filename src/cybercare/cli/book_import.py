"""`cybercare import book FILE`: a distributor's existing book (JSONL or CSV, docs/book-import.md)
checked line by line and imported in batches, one transaction each, with a progress bar. A re-run
skips what is done; `--dry-run` lists every problem with its line number and writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from cybercare.cli.common import console, domain_errors, err, wired
from cybercare.kernel.errors import InvalidInput
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion

import_app = typer.Typer(help="Bring data in from elsewhere.", no_args_is_help=True)


@import_app.callback()
def importing() -> None:
    """Bring data in from elsewhere."""


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


@import_app.command("book")
def import_book_file(
    file: Annotated[Path, typer.Argument(help="The book: .jsonl (a household per line) or .csv")],
    distributor: Annotated[str, typer.Option(help="Whose book: the distributor's code")],
    product: Annotated[
        str | None,
        typer.Option(
            help="CODE:VERSION; default: the version of the distributor's product open today"
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every line, list the problems, write nothing")
    ] = False,
    batch_size: Annotated[int, typer.Option(help="Households per transaction")] = 2_000,
    workers: Annotated[
        int,
        typer.Option(
            help="Processes checking lines beside the writer (0: checked by the writer; "
            "more only on idle cores: passing households between processes costs CPU)"
        ),
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar")] = False,
) -> None:
    """Import a distributor's existing book of households, idempotently and resumably."""
    from cybercare.book.formats import reader_for
    from cybercare.book.service import BookImport, import_book

    read = reader_for(file.name)
    if read is None:
        err.print(f"[red]error[/red]: {file.name}: a book is a .jsonl or a .csv file")
        raise typer.Exit(2)
    container = wired()
    with domain_errors():
        chosen = _product(container.catalog, distributor, product, container.clock.today())
        request = BookImport(
            distributor, chosen, file.name, max(1, batch_size), dry_run, max(0, workers)
        )
        total = _count_lines(file)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with (
            file.open(encoding="utf-8-sig", newline="") as lines,
            Progress(*columns, console=err, disable=quiet) as bar,
        ):
            task = bar.add_task("checking" if dry_run else "importing", total=total)
            report = import_book(
                container.database,
                request,
                read(lines),
                container.clock,
                progress=lambda done: bar.update(task, completed=done),
            )
            bar.update(task, completed=total)
    for problem in report.problems:
        err.print(f"{file.name}:{problem}", soft_wrap=True, markup=False, highlight=False)
    verb = "would import" if dry_run else "imported"
    console.print(
        f"{file.name}: {report.households} households read, {verb} {report.imported}, "
        f"{report.already_imported} already imported, {report.refused} refused "
        f"({len(report.problems)} problems)"
        + ("" if dry_run else f", {report.events} feed events in {report.batches} batches"),
        soft_wrap=True,
    )
    if report.refused:
        raise typer.Exit(1)


def _product(catalog: Catalog, distributor: str, wanted: str | None, today: date) -> ProductVersion:
    """The version asked for (CODE:VERSION), or the newest version open today of the one
    product the distributor sells."""
    if wanted:
        code, _, version = wanted.partition(":")
        return catalog.latest(code) if not version else catalog.get(code, version)
    for code in catalog.codes():
        product = catalog.open_for(code, today)
        if product is not None and distributor in product.distributors:
            return product
    raise InvalidInput("product", f"no product open today is sold by {distributor!r}")
