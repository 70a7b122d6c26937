"""The `cybercare` command line: operators' and cron's edge."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.kernel.errors import DomainError
from cybercare.product.cli import product_app
from cybercare.publishing.service import publish_products
from cybercare.settings import Settings

app = typer.Typer(
    help="Cyber Care platform: household cyber insurance with assistance.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(product_app, name="product")

console = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            err.print(f"[red]configuration error[/red]: {error['msg']}")
        raise typer.Exit(2) from None


@contextmanager
def domain_errors() -> Iterator[None]:
    """Map domain refusals to a message and a non-zero exit, like the API maps them to HTTP."""
    try:
        yield
    except DomainError as exc:
        clause = f" ({exc.clause})" if exc.clause else ""
        err.print(f"[red]error[/red]: {exc.message}{clause}")
        raise typer.Exit(1) from None


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the latest)."""
    url = settings().database_url
    migrate.upgrade(url, revision)
    console.print(f"database at {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to `revision` (e.g. -1 or base)."""
    migrate.downgrade(settings().database_url, revision)
    console.print(f"database at {revision}")


@db_app.command("check")
def db_check() -> None:
    """Fail if the tables in code and the migrations have drifted apart."""
    migrate.check(settings().database_url)
    console.print("models and migrations agree")


@db_app.command("revision")
def db_revision(message: Annotated[str, typer.Option("-m", "--message")]) -> None:
    """Autogenerate a migration from the tables in code."""
    migrate.revision(settings().database_url, message)


@product_app.command("publish")
def product_publish() -> None:
    """Register every catalogue product version in the database (idempotent)."""
    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        report = publish_products(
            uow, list(container.catalog.all()), container.clock, actor="cli:product.publish"
        )
        uow.commit()
    for name in report.published:
        console.print(f"published {name}")
    for name in report.sales_changed:
        console.print(f"sales dates updated for {name} (Art. 1.4)")
    if report.unchanged:
        console.print(f"{len(report.unchanged)} version(s) already published, unchanged")


@app.command("setup")
def setup() -> None:
    """Migrate the database and publish the product catalogue: what `make run` does first."""
    db_upgrade()
    product_publish()


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Default: CYBERCARE_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Default: CYBERCARE_PORT")] = None,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Serve the HTTP API (and, later, the web pages)."""
    import uvicorn

    config = settings()
    uvicorn.run(
        "cybercare.api.app:create_app",
        factory=True,
        host=host or config.host,
        port=port or config.port,
        workers=workers,
        log_level="info",
    )


if __name__ == "__main__":  # pragma: no cover
    app()
