"""`cybercare distributor ...`: distributors, their API keys and webhooks (Art. 1.2, 11.1)."""

from __future__ import annotations

from typing import Annotated

import typer

from cybercare.bootstrap import Container
from cybercare.cli.common import console, domain_errors, err, settings, wired
from cybercare.partners.distributor_queries import distributor_terms
from cybercare.partners.distributors import (
    TEST_KEY_ID,
    create_distributor,
    issue_api_key,
    revoke_api_key,
)
from cybercare.partners.webhooks import create_endpoint
from cybercare.sandbox.service import prepare_distributor

distributor_app = typer.Typer(
    help="Distributors, their API keys and webhooks.", no_args_is_help=True
)


@distributor_app.command("create")
def distributor_create(
    code: str,
    name: Annotated[str, typer.Option(help="Display name, e.g. Proximus")],
    commission: Annotated[str, typer.Option(help="Commission rate in percent")] = "0",
) -> None:
    """Register a distributor (collective policyholder, Art. 1.2)."""
    from cybercare.kernel.money import parse_rate

    container = wired()
    with domain_errors(), container.database.uow() as uow:
        create_distributor(
            uow,
            code=code,
            name=name,
            commission_bp=parse_rate(commission),
            clock=container.clock,
            actor="cli:distributor.create",
        )
        uow.commit()
    console.print(f"distributor {code} created")


@distributor_app.command("issue-key")
@distributor_app.command("add-key", hidden=True)
def distributor_issue_key(
    code: str,
    label: Annotated[str, typer.Option(help="What system uses it")] = "api",
    test: Annotated[
        bool,
        typer.Option(
            "--test",
            help="A test-mode key (cck_test_…) for the sandbox: its own database, never the live "
            "data (docs/partner-sandbox.md)",
        ),
    ] = False,
) -> None:
    """Issue an API key for a distributor's system; it is shown once, only its hash is kept."""
    container = wired()
    if test:
        _issue_test_key(container, code, label)
        return
    with domain_errors(), container.database.uow() as uow:
        issued = issue_api_key(
            uow,
            distributor=code,
            label=label,
            clock=container.clock,
            actor="cli:distributor.issue-key",
        )
        uow.commit()
    console.print(f"key id: {issued.key_id}")
    console.print(f"API key (shown once): {issued.token}", soft_wrap=True)


def _issue_test_key(container: Container, code: str, label: str) -> None:
    """The distributor as it is live is registered in the sandbox (with the catalogue), then
    the key is issued there: the live database is only read."""
    sandbox = container.sandbox
    if sandbox is None:
        err.print("[red]error[/red]: no sandbox: set CYBERCARE_SANDBOX_DATABASE_URL")
        raise typer.Exit(1)
    with container.database.reader() as live:
        found = distributor_terms(live, code)
    if found is None:
        err.print(f"[red]error[/red]: no distributor {code!r}")
        raise typer.Exit(1)
    actor = "cli:distributor.issue-key"
    with domain_errors(), sandbox.database.uow() as uow:
        prepare_distributor(
            uow,
            code=code,
            name=found[0],
            commission_bp=found[1],
            catalog=sandbox.catalog,
            clock=sandbox.clock,
            actor=actor,
        )
        issued = issue_api_key(
            uow, distributor=code, label=label, clock=sandbox.clock, actor=actor, test_mode=True
        )
        uow.commit()
    console.print(f"test-mode key id: {issued.key_id} (sandbox)")
    console.print(f"test-mode API key (shown once): {issued.token}", soft_wrap=True)


@distributor_app.command("revoke-key")
def distributor_revoke_key(key_id: str) -> None:
    """Revoke an API key at once (a test-mode key, `test_…`, in the sandbox)."""
    container = wired()
    if key_id.startswith(f"{TEST_KEY_ID}_"):
        if container.sandbox is None:
            err.print("[red]error[/red]: no sandbox: set CYBERCARE_SANDBOX_DATABASE_URL")
            raise typer.Exit(1)
        container = container.sandbox
    with domain_errors(), container.database.uow() as uow:
        revoke_api_key(
            uow, key_id=key_id, clock=container.clock, actor="cli:distributor.revoke-key"
        )
        uow.commit()
    console.print(f"{key_id} revoked")


@distributor_app.command("add-webhook")
def distributor_add_webhook(
    code: str,
    url: str,
    test: Annotated[
        bool, typer.Option("--test", help="An endpoint of the sandbox (test-mode events)")
    ] = False,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--event-type", help="Only these event types (repeat); default: all"),
    ] = None,
) -> None:
    """Register a webhook endpoint; prints its Standard Webhooks signing secret (`whsec_…`) to
    give to the distributor (who can also create endpoints with POST /api/v1/webhook-endpoints)."""
    config = settings()
    container = wired(config)
    if test:
        if container.sandbox is None:
            err.print("[red]error[/red]: no sandbox: set CYBERCARE_SANDBOX_DATABASE_URL")
            raise typer.Exit(1)
        container = container.sandbox
    with domain_errors(), container.database.uow() as uow:
        created = create_endpoint(
            uow,
            distributor=code,
            url=url,
            event_types=event_type or None,
            keys=container.settings.key_ring,
            actor="cli:distributor.add-webhook",
            at=container.clock.now(),
        )
        uow.commit()
    console.print(f"endpoint {created.endpoint.id} for {code}: {url}")
    console.print(f"signing secret (shown once): {created.secret}", soft_wrap=True)
    console.print("verify deliveries with the standardwebhooks library (docs/outbox.md)")
