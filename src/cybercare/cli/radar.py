"""`cybercare radar ...`: the scam radar's known-bad list, loaded from a file a partner or an
authority shares (issue 20), and lookalike checks of a domain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cybercare.cli.common import console, domain_errors, wired, working
from cybercare.settings import Settings

radar_app = typer.Typer(
    help="Scam radar: the known-bad list and lookalike domains (issue 20).", no_args_is_help=True
)


@radar_app.command("load-known-bad")
def load_known_bad(
    file: Annotated[Path, typer.Argument(help="CSV with the columns kind,value[,reason]")],
    source: Annotated[
        str | None, typer.Option(help="Who shared it (default: the file's name)")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why, for lines without a reason")] = "",
    actor: Annotated[str, typer.Option(help="Who loads it, for the audit trail")] = "cli",
) -> None:
    """Add a shared list to the known-bad indicators; households that reported a newly listed
    indicator are told (outbox). Lines already known are skipped; a bad line stops the load."""
    from cybercare.radar.service import load_known_bad as load

    container = wired(Settings())
    data = file.read_text("utf-8-sig")
    with working("loading known-bad indicators"), domain_errors(), container.database.uow() as uow:
        done = load(uow, f"cli:{actor}", data, source or file.name, container.clock, reason=reason)
        uow.commit()
    console.print(
        f"added {done.added}, already known {done.already_known}, "
        f"households told {done.households_told}"
    )


@radar_app.command("lookalike")
def lookalike(domain: Annotated[str, typer.Argument(help="A domain or URL")]) -> None:
    """Which protected brand a domain imitates, if any (brands.toml)."""
    from cybercare.radar.service import is_lookalike

    imitates = is_lookalike(domain)
    console.print(f"imitates {imitates}" if imitates else "no protected brand imitated")
