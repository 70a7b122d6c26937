"""`cybercare bank import FILE...`: what the bank sent (camt.053, camt.054, CODA, pain.002),
imported one file per transaction, idempotently, with a progress bar and a summary. Errors
name their line; any refused file makes the exit code non-zero (the others are imported).

The `bank` group lives here; `bank pull` (the bank connector, cli/bank.py) joins it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from cybercare.cli.common import console, err, wired
from cybercare.kernel.errors import DomainError, InvalidInput
from cybercare.settings import Settings

bank_app = typer.Typer(
    help="The bank's documents: statements and status reports.", no_args_is_help=True
)


@bank_app.callback()
def bank() -> None:
    """The bank's documents: statements and status reports."""


def our_accounts(config: Settings) -> frozenset[str]:
    """The only accounts whose statements we import: the creditor's and the payout account."""
    return frozenset({config.creditor.account.iban, config.payout_account.iban})


@bank_app.command("import")
def import_files(
    files: Annotated[list[Path], typer.Argument(help="camt.053/.054, CODA or pain.002 files")],
    source: Annotated[str, typer.Option(help="Where the files came from")] = "cli",
) -> None:
    """Import bank documents: match every line, book the matches, queue the rest for finance."""
    from cybercare.banking.readers import read_bank_file
    from cybercare.banking.service import import_bank_document

    container = wired()
    accounts = our_accounts(container.settings)
    refused = 0
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        for path in files:
            task = bar.add_task(path.name, total=None)

            def advance(done: int, total: int, task: TaskID = task) -> None:
                bar.update(task, completed=done, total=total)

            try:
                data = path.read_bytes()
                with container.database.uow() as uow:
                    result = import_bank_document(
                        uow,
                        data,
                        filename=path.name,
                        source=source,
                        at=container.clock.now(),
                        actor=f"cli:{source}",
                        accounts=accounts,
                        read=read_bank_file,
                        progress=advance,
                    )
                    uow.commit()
            except OSError as exc:
                refused += 1
                err.print(f"[red]{path}[/red]: {exc.strerror or exc}")
                continue
            except InvalidInput as exc:
                refused += 1
                for where, message in exc.errors:
                    err.print(f"[red]{path}[/red] {where}: {message}", soft_wrap=True)
                continue
            except DomainError as exc:
                refused += 1
                err.print(f"[red]{path}[/red]: {exc.message}")
                continue
            bar.update(task, completed=result.line_count, total=result.line_count or 1)
            if result.already_imported:
                console.print(
                    f"{path}: already imported (document {result.document_id})", soft_wrap=True
                )
            else:
                console.print(
                    f"{path}: {result.kind}, {result.line_count} lines: "
                    f"{result.matched} matched ({result.matched_cents / 100:.2f} EUR), "
                    f"{result.unmatched} for finance ({result.unmatched_cents / 100:.2f} EUR), "
                    f"{result.ignored} ignored",
                    soft_wrap=True,
                )
    if refused:
        err.print(f"{refused} of {len(files)} files refused: nothing of them was imported")
        raise typer.Exit(1)
