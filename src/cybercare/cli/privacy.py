"""`cybercare privacy ...`: the record of processing activities and the retention job."""

from __future__ import annotations

import typer

from cybercare.cli.common import console, wired
from cybercare.settings import Settings

privacy_app = typer.Typer(
    help="Privacy (GDPR): the record of processing, retention and pseudonymisation.",
    no_args_is_help=True,
)


@privacy_app.command("record")
def record() -> None:
    """Print the record of processing activities (art. 30) as Markdown: docs/privacy.md."""
    from cybercare.privacy.record_queries import record_markdown
    from cybercare.privacy.schedule import load_schedule

    typer.echo(record_markdown(load_schedule()), nl=False)


@privacy_app.command("pseudonymise")
def pseudonymise(batch: int = typer.Option(1000, min=1, help="Subjects per transaction")) -> None:
    """Pseudonymise now what has expired (what the daily job privacy.retention does)."""
    from cybercare.privacy.pseudonymise_service import pseudonymise_expired
    from cybercare.privacy.schedule import load_schedule

    container = wired(Settings())
    counts = pseudonymise_expired(
        container.database,
        load_schedule(),
        container.clock,
        batch=batch,
        progress=lambda code, n: console.print(f"{code}: {n}"),
    )
    for code, n in counts.items():
        console.print(f"{code}\t{n}")
