"""`cybercare recoveries ...`: recovery files after ECOM/PAYF payments (Art. 8.5 subrogation)."""

from __future__ import annotations

from typing import Annotated

import typer

from cybercare.cli.common import console, domain_errors, wired, working
from cybercare.kernel.money import format_amount
from cybercare.settings import Settings

recoveries_app = typer.Typer(
    help="Recovery files: subrogation after ECOM and PAYF payments (Art. 8.5).",
    no_args_is_help=True,
)


@recoveries_app.command("list")
def recoveries_list(
    status: Annotated[
        str | None, typer.Option(help="open, demanded, partly_recovered, recovered...")
    ] = None,
) -> None:
    """The recovery files, newest first: amount paid, recovered, and the transfer reference."""
    from cybercare.claims.recovery.file_queries import recovery_files

    container = wired(Settings())
    with container.database.uow() as uow:
        views = recovery_files(uow, status=status)
    if not views:
        console.print("no recovery file")
        return
    for v in views:
        console.print(
            f"{v.file_id}\t{v.claim_id}\t{v.guarantee}\t{v.status}\t"
            f"paid {format_amount(v.paid_cents)}\trecovered {format_amount(v.recovered_cents)}\t"
            f"{v.communication}"
        )


@recoveries_app.command("sweep")
def recoveries_sweep() -> None:
    """Open a recovery file for every paid ECOM/PAYF claim that has none (idempotent)."""
    from cybercare.claims.subrogation_service import open_recovery_files_for_paid_claims

    container = wired(Settings())
    with working("opening recovery files"), domain_errors(), container.database.uow() as uow:
        opened = open_recovery_files_for_paid_claims(uow, at=container.clock.now())
        uow.commit()
    console.print(f"opened {opened} recovery files")
