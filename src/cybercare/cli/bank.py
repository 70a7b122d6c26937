"""`cybercare bank pull`: import what the bank wrote since the last pull (docs/banking.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from cybercare.cli.bank_import import bank_app  # `bank import` and `bank pull`: one group

__all__ = ["bank_app", "bank_pull"]
from cybercare.cli.common import console, domain_errors, err, wired


@bank_app.command("pull")
def bank_pull(
    after: Annotated[
        int | None,
        typer.Option(help="Start after this bank sequence; default: the last one imported"),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Import at most this many")] = None,
) -> None:
    """Read the bank's documents after the last imported sequence and import each one."""
    from cybercare.banking.connector import BankConnector
    from cybercare.banking.pull import last_pulled_sequence, platform_import, pull_documents

    container = wired()
    config = container.settings
    with domain_errors(), BankConnector.from_settings(config) as connector:
        start = last_pulled_sequence(container.database) if after is None else after
        report = pull_documents(
            container.database,
            connector,
            after=start,
            import_document=platform_import(
                [config.sepa_creditor_iban, config.payout_account_iban], actor="cli:bank"
            ),
            now=container.clock.now,
            limit=limit,
        )
    console.print(report.summary(), soft_wrap=True, markup=False, highlight=False)
    if report.failed is not None:
        err.print("[red]error[/red]: the pull stopped at a document the import refused")
        raise typer.Exit(1)
