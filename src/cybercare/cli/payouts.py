"""`cybercare payouts ...`: claim payouts and their SEPA credit transfer files (pain.001)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from cybercare.cli.common import wired, working
from cybercare.kernel.money import format_amount
from cybercare.settings import Settings

payouts_app = typer.Typer(help="Claim payouts and their SEPA files.", no_args_is_help=True)


@payouts_app.command("file")
def payouts_file(
    execution_date: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD; default: tomorrow")
    ] = None,
    output: Annotated[str | None, typer.Option(help="Where to write the pain.001 XML")] = None,
) -> None:
    """Put every scheduled payout in one pain.001 file, validated against ISO 20022."""
    from datetime import date, timedelta
    from pathlib import Path

    from cybercare.providers.payouts import create_payment_file  # members' and providers'

    container = wired(Settings())  # unguarded, as in cli/billing.py `_wiring`: kept as it was
    day = date.fromisoformat(execution_date) if execution_date else container.clock.today()
    day = day if execution_date else day + timedelta(days=1)
    with working("building the pain.001"), container.database.uow() as uow:
        made = create_payment_file(
            uow,
            actor="cli:payouts",
            execution_date=day,
            at=container.clock.now(),
            debtor=container.settings.payout_account,
        )
        uow.commit()
    if made is None:
        Console().print("no payout is scheduled")
        return
    target = Path(output or f"var/payments/{made.file_id}.xml")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(made.xml)
    Console().print(
        f"{made.file_id}: {made.count} transfers, {format_amount(made.total_cents)} EUR -> {target}"
    )
