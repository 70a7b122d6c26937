"""`cybercare reports ...`: the insurer's monthly bordereaux (docs/bordereaux.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cybercare.cli.common import console, domain_errors, wired
from cybercare.reporting.bordereau import Format, Kind, Month

reports_app = typer.Typer(help="Bordereaux and statements for the insurer.", no_args_is_help=True)


@reports_app.command("bordereau")
def bordereau(
    month: Annotated[str, typer.Option(help="The month, e.g. 2026-11")],
    kind: Annotated[Kind, typer.Option(help="premium, claims or commission")],
    out: Annotated[Path, typer.Option("--out", help="The file to write")],
    format: Annotated[Format, typer.Option("--format", help="csv, xlsx or json")] = Format.CSV,
    distributor: Annotated[
        str | None, typer.Option(help="Commission statement of one distributor only")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress")] = False,
) -> None:
    """Write one bordereau of a closed month; the same month always gives the same bytes."""
    from cybercare.reporting.bordereau_export import export

    with domain_errors():
        period = Month.parse(month)
        if distributor is not None and kind is not Kind.COMMISSION:
            raise typer.BadParameter("--distributor is for the commission statement only")
        container = wired()
        partial = out.with_name(out.name + ".part")
        with (
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.completed:,} lines"),
                TimeElapsedColumn(),
                console=console,
                disable=quiet,
            ) as bar,
            partial.open("wb") as handle,
        ):
            task = bar.add_task(f"{kind.value} {period.code}", total=None)
            totals = export(
                container.database,
                kind,
                period,
                format,
                handle,
                distributor=distributor,
                progress=lambda count: bar.update(task, completed=count),
            )
        partial.replace(out)  # a finished file or none: never half a bordereau
    console.print(f"{totals.lines:,} lines written to {out}")
