"""`cybercare backup` and `cybercare restore`: the whole platform into one archive while it keeps
serving, and back into an empty database, verified (docs/backup.md)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from cybercare.cli.common import console, err, settings

if TYPE_CHECKING:
    from cybercare.db.backup import Progress as Reporter

# Steps counted in bytes; the others count pages or tables.
BYTE_STEPS = frozenset({"checksum", "archive"})


def backup(
    target: Annotated[Path, typer.Argument(help="The archive to write; never overwritten")],
    database_url: Annotated[
        str | None, typer.Option(help="The database to back up; default: CYBERCARE_DATABASE_URL")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar")] = False,
) -> None:
    """Back up the database (claim evidence included) into one archive, while the server keeps
    serving: the archive holds the database as it was when the backup began."""
    from cybercare.db.backup import back_up
    from cybercare.kernel.clock import SystemClock

    url = database_url or settings().database_url
    started = time.perf_counter()
    with _refusals(), _progress(quiet) as progress:
        summary = back_up(url, target, at=SystemClock().now(), progress=progress)
    seconds = round(time.perf_counter() - started, 3)
    if as_json:
        _print_json({**summary.as_json(), "seconds": seconds})
        return
    manifest = summary.manifest
    console.print(
        f"{target}: {summary.size_bytes:,} bytes, {manifest.database} at schema"
        f" {manifest.alembic_revision}, {manifest.figures.rows:,} rows in"
        f" {len(manifest.figures.tables)} tables, {manifest.figures.audit_events:,} audit events,"
        f" in {seconds:.1f} s"
    )


def restore(
    archive: Annotated[Path, typer.Argument(help="An archive written by `cybercare backup`")],
    database_url: Annotated[
        str,
        typer.Option(help="An empty database to restore into (a new SQLite file, or createdb)"),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar")] = False,
) -> None:
    """Restore an archive into an empty database, then verify its rows, ledger totals and audit
    trail against the archive's manifest. Refuses a non-empty database, a corrupted archive
    and a backup of a newer schema than this code."""
    from cybercare.db.backup import restore as restore_archive

    started = time.perf_counter()
    with _refusals(), _progress(quiet) as progress:
        summary = restore_archive(archive, database_url, progress=progress)
    seconds = round(time.perf_counter() - started, 3)
    if as_json:
        _print_json({**summary.as_json(), "seconds": seconds})
        return
    figures = summary.restored
    console.print(
        f"restored and verified: {figures.rows:,} rows in {len(figures.tables)} tables, ledger"
        f" {figures.debit_cents / 100:,.2f} EUR debit = credit, {figures.audit_events:,} audit"
        f" events, in {seconds:.1f} s"
    )
    if summary.needs_upgrade:
        console.print(
            f"the backup's schema is {summary.manifest.alembic_revision}, this code's"
            f" {summary.code_revision}: run `cybercare db upgrade` before serving"
        )


@contextmanager
def _refusals() -> Iterator[None]:
    from cybercare.db.backup import BackupError

    try:
        yield
    except BackupError as error:
        err.print(f"[red]error[/red]: {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@contextmanager
def _progress(quiet: bool) -> Iterator[Reporter]:
    """A bar per step on the error stream (the summary, JSON or not, goes to the output)."""
    columns = (
        TextColumn("{task.description:<16}"),
        BarColumn(),
        TextColumn("{task.fields[amount]}"),
        TimeElapsedColumn(),
    )
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=err, disable=quiet, transient=False) as bar:

        def report(step: str, done: int, total: int | None) -> None:
            amount = _amount(step, done, total)
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total, amount=amount)
            bar.update(tasks[step], completed=done, total=total, amount=amount)

        yield report


def _amount(step: str, done: int, total: int | None) -> str:
    if step in BYTE_STEPS:
        return f"{done / 1e6:,.1f}/{(total or 0) / 1e6:,.1f} MB"
    return f"{done:,}/{total:,}" if total is not None else ""


def _print_json(summary: dict[str, Any]) -> None:
    typer.echo(json.dumps(summary, indent=2))
