"""What every command shares: its settings, its wiring, its consoles and its refusals.

Commands never wire adapters themselves: the database, the catalogue and the clock come from
`cybercare.bootstrap`, the one place that builds them from the settings (for the web server too).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cybercare.bootstrap import Container, build_container
from cybercare.kernel.errors import DomainError
from cybercare.settings import Settings

console = Console()
err = Console(stderr=True)


def settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            err.print(f"[red]configuration error[/red]: {error['msg']}")
        raise typer.Exit(2) from None


def wired(config: Settings | None = None) -> Container:
    """The application's wiring for one command, from `config` or the environment."""
    return build_container(config or settings())


@contextmanager
def domain_errors() -> Iterator[None]:
    """Map domain refusals to a message and a non-zero exit, like the API maps them to HTTP."""
    try:
        yield
    except DomainError as exc:
        clause = f" ({exc.clause})" if exc.clause else ""
        err.print(f"[red]error[/red]: {exc.message}{clause}")
        raise typer.Exit(1) from None


@contextmanager
def working(description: str) -> Iterator[None]:
    """A spinner and the time elapsed, on standard error, for a command whose length the
    platform cannot count in advance (one transaction that builds or reads a whole file).
    Commands that can count their lines show a bar instead (billing run, bank import)."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        progress.add_task(description, total=None)
        yield
