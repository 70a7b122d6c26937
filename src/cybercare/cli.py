"""The `cybercare` command line: operators' and cron's edge."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from cybercare.billing.cli import billing_app
from cybercare.bootstrap import build_container
from cybercare.kernel.errors import DomainError
from cybercare.outbox.endpoints import register_endpoint
from cybercare.outbox.runner import stop_on_signals
from cybercare.outbox.signing import endpoint_secret
from cybercare.partners.distributors import create_distributor, issue_api_key, revoke_api_key
from cybercare.product.catalog import load_catalog
from cybercare.product.cli import product_app
from cybercare.publishing.service import publish_products
from cybercare.settings import Environment, Settings

app = typer.Typer(
    help="Cyber Care platform: household cyber insurance with assistance.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(product_app, name="product")
distributor_app = typer.Typer(
    help="Distributors, their API keys and webhooks.", no_args_is_help=True
)
app.add_typer(distributor_app, name="distributor")
app.add_typer(billing_app, name="billing")

console = Console()
err = Console(stderr=True)


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


def _migrate() -> ModuleType:
    """Alembic loads only for the commands that migrate (others start faster, e.g. the billing
    run of the monthly batch)."""
    from cybercare.db import migrate

    return migrate


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the latest)."""
    url = settings().database_url
    _migrate().upgrade(url, revision)
    console.print(f"database at {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to `revision` (e.g. -1 or base)."""
    _migrate().downgrade(settings().database_url, revision)
    console.print(f"database at {revision}")


@db_app.command("check")
def db_check() -> None:
    """Fail if the tables in code and the migrations have drifted apart."""
    _migrate().check(settings().database_url)
    console.print("models and migrations agree")


@db_app.command("revision")
def db_revision(message: Annotated[str, typer.Option("-m", "--message")]) -> None:
    """Autogenerate a migration from the tables in code."""
    _migrate().revision(settings().database_url, message)


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


@distributor_app.command("create")
def distributor_create(
    code: str,
    name: Annotated[str, typer.Option(help="Display name, e.g. Proximus")],
    commission: Annotated[str, typer.Option(help="Commission rate in percent")] = "0",
) -> None:
    """Register a distributor (collective policyholder, Art. 1.2)."""
    from cybercare.kernel.money import parse_rate

    container = build_container(settings())
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
def distributor_issue_key(
    code: str, label: Annotated[str, typer.Option(help="What system uses it")] = "api"
) -> None:
    """Issue an API key for a distributor's system; it is shown once, only its hash is kept."""
    container = build_container(settings())
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


@distributor_app.command("revoke-key")
def distributor_revoke_key(key_id: str) -> None:
    """Revoke an API key at once."""
    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        revoke_api_key(
            uow, key_id=key_id, clock=container.clock, actor="cli:distributor.revoke-key"
        )
        uow.commit()
    console.print(f"{key_id} revoked")


@distributor_app.command("add-webhook")
def distributor_add_webhook(code: str, url: str) -> None:
    """Register a webhook endpoint; prints the signing secret to give to the distributor."""
    config = settings()
    container = build_container(config)
    with domain_errors(), container.database.uow() as uow:
        endpoint = register_endpoint(uow, distributor=code, url=url, at=container.clock.now())
        uow.commit()
    secret = endpoint_secret(
        config.secret_key.get_secret_value(), endpoint.id, endpoint.secret_version
    )
    console.print(f"endpoint {endpoint.id} for {code}: {url}")
    console.print(f"signing secret (shown once): {secret}", soft_wrap=True)


@app.command("worker")
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Deliver what is due, run due jobs, exit")
    ] = False,
    poll_interval: Annotated[float, typer.Option(min=0.1)] = 1.0,
) -> None:
    """Deliver outbox messages (webhooks, e-mails) after commit and run the daily jobs."""
    from cybercare.jobs import build_job_registry  # the whole back end: only the worker needs it
    from cybercare.outbox.cli import run_from_settings

    config = settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    registry = build_job_registry(load_catalog(extra_dirs=tuple(config.product_dirs)))
    stop = threading.Event()
    with stop_on_signals(stop):
        stats = run_from_settings(
            config, once=once, poll_interval_s=poll_interval, stop_event=stop, jobs=registry
        )
    console.print(
        f"delivered {stats.delivered}, retrying {stats.retried}, dead {stats.dead}, "
        f"jobs run {len(stats.jobs)}"
    )


@app.command("run")
def run_all() -> None:
    """Set up, seed the demo world, then serve with one worker beside it: what `make run` does.

    In development, staff sign in without the TOTP second factor unless
    CYBERCARE_STAFF_SECOND_FACTOR_REQUIRED is set (the served process and the worker inherit it).
    """
    import os

    setup()
    config = settings()
    if config.environment is Environment.DEVELOPMENT:
        from cybercare.demo import CREDENTIALS_FILE, seed

        variable = "CYBERCARE_STAFF_SECOND_FACTOR_REQUIRED"
        switched_off = not any(name.upper() == variable for name in os.environ)
        if switched_off:
            os.environ[variable] = "false"
            config = settings()
        console.rule("demo")
        for line in seed(build_container(config)):
            console.print(line, soft_wrap=True, markup=False, highlight=False)
        console.print(f"(also in {CREDENTIALS_FILE}; every demo login uses this password)")
        if switched_off:
            console.print(
                f"staff sign in without the TOTP second factor in this demo ({variable}=false;"
                " set it to true to try the second factor as in production)",
                soft_wrap=True,
                markup=False,
            )
        console.print(f"sign in: http://{config.host}:{config.port}/login")
        console.print(f"API documentation: http://{config.host}:{config.port}/docs")
        console.rule()
    worker_process = subprocess.Popen([sys.executable, "-m", "cybercare.cli", "worker"])
    try:
        serve(host=None, port=None, workers=1)
    finally:
        worker_process.terminate()
        worker_process.wait(timeout=10)


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
    """Serve the HTTP API and the web pages."""
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


# --- users (members and staff) and their personal API tokens (Art. 11) --------------------------

user_app = typer.Typer(
    help="Member and staff logins and personal API tokens.", no_args_is_help=True
)
app.add_typer(user_app, name="user")


@user_app.command("create-member")
def user_create_member(
    email: str, person: Annotated[str, typer.Option("--person", help="The insured person's id")]
) -> None:
    """A login for an insured person: sees their cases and those of minors they represent."""
    from cybercare.identity.service import create_member_user

    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        principal = create_member_user(
            uow, email=email, person_id=person, clock=container.clock, actor="cli:user"
        )
        uow.commit()
    console.print(f"member user {principal.user_id} ({principal.display_name}) created")


@user_app.command("create-staff")
def user_create_staff(
    email: str,
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            help="technical, legal, financial, psychological, claims_handler, supervisor, admin",
        ),
    ],
    name: Annotated[str, typer.Option(help="Display name")] = "",
    language: Annotated[str, typer.Option(help="nl, fr, de or en")] = "en",
) -> None:
    """A staff login with one or more roles (repeat --role)."""
    from cybercare.identity.service import create_staff_user

    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        principal = create_staff_user(
            uow,
            email=email,
            display_name=name,
            roles=role,
            language=language,
            clock=container.clock,
            actor="cli:user",
        )
        uow.commit()
    roles = ", ".join(sorted(r.value for r in principal.roles))
    console.print(f"staff user {principal.user_id} created with roles: {roles}")


@user_app.command("set-password")
def user_set_password(
    email: str,
    stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the password from standard input (one line)")
    ] = False,
) -> None:
    """Set a user's web password (asked twice, never shown); their open web sessions end."""
    from cybercare.identity.service import user_id_for_email
    from cybercare.identity.signin import set_password

    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        user_id = user_id_for_email(uow, email)
        set_password(
            uow, user_id=user_id, password=password, clock=container.clock, actor="cli:user"
        )
        uow.commit()
    console.print(f"password of {email} set; their web sessions are ended")


@user_app.command("remove-second-factor")
def user_remove_second_factor(email: str) -> None:
    """Remove a user's TOTP second factor (a lost phone): staff set up a new one at their
    next sign-in while the setting requires it."""
    from cybercare.identity.service import user_id_for_email
    from cybercare.identity.signin import remove_second_factor

    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        user_id = user_id_for_email(uow, email)
        remove_second_factor(uow, user_id=user_id, clock=container.clock)
        uow.commit()
    console.print(f"second factor of {email} removed")


@user_app.command("issue-token")
def user_issue_token(
    email: str, label: Annotated[str, typer.Option(help="What it is used for")] = "api"
) -> None:
    """Issue a personal API token; it is shown once, only its hash is kept."""
    from cybercare.identity.service import issue_token, user_id_for_email

    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        user_id = user_id_for_email(uow, email)
        issued = issue_token(
            uow, user_id=user_id, label=label, clock=container.clock, actor="cli:user"
        )
        uow.commit()
    console.print(f"token id: {issued.token_id}")
    console.print(f"API token (shown once): {issued.token}", soft_wrap=True)


@user_app.command("revoke-token")
def user_revoke_token(token_id: str) -> None:
    """Revoke a personal API token at once."""
    from cybercare.identity.service import revoke_token

    container = build_container(settings())
    with domain_errors(), container.database.uow() as uow:
        revoke_token(uow, token_id=token_id, clock=container.clock, actor="cli:user")
        uow.commit()
    console.print(f"{token_id} revoked")


# --- payouts: SEPA credit transfer files (claims) ----------------------------------------------

payouts_app = typer.Typer(help="Claim payouts and their SEPA files.", no_args_is_help=True)
app.add_typer(payouts_app, name="payouts")


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

    from cybercare.payments.service import create_payment_file

    container = build_container(Settings())
    day = date.fromisoformat(execution_date) if execution_date else container.clock.today()
    day = day if execution_date else day + timedelta(days=1)
    with container.database.uow() as uow:
        made = create_payment_file(
            uow, actor="cli:payouts", execution_date=day, at=container.clock.now()
        )
        uow.commit()
    if made is None:
        Console().print("no payout is scheduled")
        return
    target = Path(output or f"var/payments/{made.file_id}.xml")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(made.xml)
    Console().print(
        f"{made.file_id}: {made.count} transfers, {made.total_cents / 100:.2f} EUR -> {target}"
    )
