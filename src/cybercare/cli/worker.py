"""`cybercare worker [--once]`: the outbox's deliveries and the daily jobs, in one process.

Settings read (CYBERCARE_ prefix): database_url, secret_key, smtp_host, smtp_port, smtp_from,
smtp_starttls, smtp_username, smtp_password, smtp_ca_file, mailbox_dir, outbox_max_attempts,
outbox_lease_s (renewed while in flight), outbox_concurrency, webhook_endpoint_concurrency,
webhook_disable_after_days (issue 18), sql_echo, product_dirs; bank_url and payout_account_* for
the SEPA Instant payouts (`bank.instant` messages, issue 15); public_url for the link in the
"your copy of your data is ready" e-mail (`privacy.export` messages, issue 17);
worker_heartbeat_fresh_s (its heartbeat for `GET /health/ready`, issue 16). SIGTERM or SIGINT:
the message in hand is finished and recorded, the rest of the batch handed back, then the
process exits 0.
"""

from __future__ import annotations

import logging
import ssl
import threading
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Protocol

import typer
from pydantic import SecretStr

from cybercare.banking.connector import BankConnector
from cybercare.banking.file_delivery import BankFileHandler
from cybercare.bootstrap import Container
from cybercare.cli.common import console, err, wired
from cybercare.observability.logs import configure_logging
from cybercare.outbox.bank_files import BANK_FILE
from cybercare.outbox.dispatch import Handler
from cybercare.outbox.heartbeat import Heartbeat
from cybercare.outbox.jobs import JobRegistry, default_registry
from cybercare.outbox.retry_policy import WebhookPolicy
from cybercare.outbox.runner import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_POLL_INTERVAL_S,
    WorkerStats,
    run_worker,
    stop_on_signals,
)
from cybercare.outbox.transports import (
    HttpWebhookTransport,
    MailboxTransport,
    MailTransport,
    SmtpMailTransport,
)
from cybercare.partners.webhooks import notify_endpoint_disabled
from cybercare.payments.instant import INSTANT, InstantHandler
from cybercare.privacy.export_task import PRIVACY_EXPORT, ExportHandler

logger = logging.getLogger("cybercare.outbox")


class MailSettings(Protocol):
    """Where e-mails go; `cybercare.settings.Settings` provides it."""

    smtp_host: str | None
    smtp_port: int
    smtp_starttls: bool
    smtp_username: str | None
    smtp_password: SecretStr | None
    smtp_ca_file: Path | None
    mailbox_dir: Path


def mail_transport_for(settings: MailSettings) -> MailTransport:
    """SMTP when a host is configured, otherwise the development mailbox folder (never dropped)."""
    if settings.smtp_host:
        password = settings.smtp_password
        return SmtpMailTransport(
            settings.smtp_host,
            settings.smtp_port,
            starttls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=password.get_secret_value() if password is not None else None,
            tls_context=ssl.create_default_context(cafile=settings.smtp_ca_file)
            if settings.smtp_ca_file
            else None,
        )
    return MailboxTransport(settings.mailbox_dir)


def _mail_route(config: MailSettings) -> str:
    if not config.smtp_host:
        return f"mailbox folder {config.mailbox_dir}"
    security = "STARTTLS" if config.smtp_starttls else "no TLS"
    login = f", login as {config.smtp_username}" if config.smtp_username else ""
    return f"SMTP {config.smtp_host}:{config.smtp_port} ({security}{login})"


def worker_handlers(container: Container, bank: BankConnector | None) -> dict[str, Handler]:
    """The deliveries beyond webhooks and e-mails, by outbox message kind."""
    config = container.settings
    handlers: dict[str, Handler] = {
        BANK_FILE: BankFileHandler(bank.send_file if bank else None),
        # issue 17: the archive of a data request, built after the request is committed
        PRIVACY_EXPORT: ExportHandler(
            container.database, container.catalog, container.clock, config.public_url
        ),
    }
    if bank is not None:  # issue 15: an STP payout to an approved account leaves at once
        handlers[INSTANT] = InstantHandler(
            container.database, container.clock, bank.send_instant, config.payout_account
        )
    return handlers


def run_from_container(
    container: Container,
    *,
    once: bool,
    poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
    batch_size: int = DEFAULT_BATCH_SIZE,
    stop_event: threading.Event | None = None,
    jobs: JobRegistry = default_registry,
) -> WorkerStats:
    """The worker loop on the container's database and clock; its engine is closed at the end."""
    config = container.settings
    mail = mail_transport_for(config)
    logger.info("worker started: mail via %s", _mail_route(config))
    bank = BankConnector(config.bank_url) if config.bank_url else None
    handlers = worker_handlers(container, bank)
    beating = Heartbeat(
        container.database,
        container.clock,
        fresh_for=timedelta(seconds=config.worker_heartbeat_fresh_s),
    )
    try:
        policy = WebhookPolicy(
            disable_after=timedelta(days=config.webhook_disable_after_days),
            per_endpoint_in_flight=config.webhook_endpoint_concurrency,
        )
        webhook_client = HttpWebhookTransport(max_connections=config.outbox_concurrency)
        with webhook_client as webhooks, beating:
            return run_worker(
                container.database,
                container.clock,
                webhook_transport=webhooks,
                mail_transport=mail,
                secret_key=config.key_ring,
                mail_from=config.smtp_from,
                once=once,
                poll_interval_s=poll_interval_s,
                stop_event=stop_event,
                batch_size=batch_size,
                max_attempts=config.outbox_max_attempts,
                lease_s=config.outbox_lease_s,
                jobs=jobs,
                handlers=handlers,
                concurrency=config.outbox_concurrency,
                policy=policy,
                on_disabled=notify_endpoint_disabled,  # issue 18: the partner is told
            )
    finally:
        if bank is not None:
            bank.close()
        container.engine.dispose()


def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Deliver what is due, run due jobs, exit")
    ] = False,
    # Half a second: an instant payout waits at most that long for the worker (issue 15: p99
    # under 10 s from the member's claim to the instruction leaving); an idle poll is one query.
    poll_interval: Annotated[float, typer.Option(min=0.1)] = 0.5,
    sandbox: Annotated[
        bool,
        typer.Option(
            "--sandbox",
            help="Work on the sandbox's database (issue 18): its webhooks and e-mails, and the "
            "test clocks' advances; never the live one",
        ),
    ] = False,
) -> None:
    """Deliver outbox messages (webhooks, e-mails) after commit and run the daily jobs."""
    from cybercare.jobs import build_job_registry, build_sandbox_registry

    container = wired()
    configure_logging(container.settings)
    config = container.settings
    if sandbox:
        if container.sandbox is None:
            err.print("[red]error[/red]: no sandbox: set CYBERCARE_SANDBOX_DATABASE_URL")
            raise typer.Exit(1)
        container = container.sandbox
        registry = build_sandbox_registry(container.catalog, config.creditor)
    else:
        registry = build_job_registry(
            container.catalog,
            config.public_url,
            bank_url=config.bank_url,
            bank_accounts=[config.sepa_creditor_iban, config.payout_account_iban],
            invoice_folder=config.provider_invoice_folder,
        )
    stop = threading.Event()
    with stop_on_signals(stop):
        stats = run_from_container(
            container, once=once, poll_interval_s=poll_interval, stop_event=stop, jobs=registry
        )
    console.print(
        f"delivered {stats.delivered}, retrying {stats.retried}, dead {stats.dead}, "
        f"jobs run {len(stats.jobs)}"
    )
