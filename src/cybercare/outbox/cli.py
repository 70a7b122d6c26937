"""`cybercare worker [--once]`: the Typer command, registered by cybercare.cli.

Settings read (CYBERCARE_ prefix): database_url, secret_key, smtp_host, smtp_port, smtp_from,
mailbox_dir, outbox_max_attempts, sql_echo.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Annotated, Protocol

import typer
from pydantic import SecretStr, ValidationError

from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from cybercare.outbox.jobs import JobRegistry, default_registry
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
from cybercare.settings import Settings

logger = logging.getLogger("cybercare.outbox")


class WorkerSettings(Protocol):
    """The settings the worker reads; `cybercare.settings.Settings` provides them."""

    database_url: str
    secret_key: SecretStr
    sql_echo: bool
    smtp_host: str | None
    smtp_port: int
    smtp_from: str
    mailbox_dir: Path
    outbox_max_attempts: int


def mail_transport_for(settings: WorkerSettings) -> MailTransport:
    """SMTP when a host is configured, otherwise the development mailbox folder (never dropped)."""
    if settings.smtp_host:
        return SmtpMailTransport(settings.smtp_host, settings.smtp_port)
    return MailboxTransport(settings.mailbox_dir)


def run_from_settings(
    settings: WorkerSettings,
    *,
    once: bool,
    poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
    batch_size: int = DEFAULT_BATCH_SIZE,
    stop_event: threading.Event | None = None,
    jobs: JobRegistry = default_registry,
) -> WorkerStats:
    engine = make_engine(settings.database_url, echo=settings.sql_echo)
    mail = mail_transport_for(settings)
    logger.info(
        "worker started: mail via %s",
        f"SMTP {settings.smtp_host}:{settings.smtp_port}"
        if settings.smtp_host
        else f"mailbox folder {settings.mailbox_dir}",
    )
    try:
        with HttpWebhookTransport() as webhooks:
            return run_worker(
                Database(engine),
                SystemClock(),
                webhook_transport=webhooks,
                mail_transport=mail,
                secret_key=settings.secret_key.get_secret_value(),
                mail_from=settings.smtp_from,
                once=once,
                poll_interval_s=poll_interval_s,
                stop_event=stop_event,
                batch_size=batch_size,
                max_attempts=settings.outbox_max_attempts,
                jobs=jobs,
            )
    finally:
        engine.dispose()


def worker_command(
    once: Annotated[
        bool, typer.Option("--once", help="Deliver what is due, run due jobs, then exit.")
    ] = False,
    poll_interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds to sleep when nothing is due.")
    ] = DEFAULT_POLL_INTERVAL_S,
    batch_size: Annotated[int, typer.Option(min=1, max=500)] = DEFAULT_BATCH_SIZE,
) -> None:
    """Deliver outbox messages (webhooks, e-mails) after commit and run the daily jobs."""
    try:
        settings: WorkerSettings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            typer.echo(f"configuration error: {error['msg']}", err=True)
        raise typer.Exit(2) from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    stop = threading.Event()
    with stop_on_signals(stop):
        stats = run_from_settings(
            settings,
            once=once,
            poll_interval_s=poll_interval,
            batch_size=batch_size,
            stop_event=stop,
        )
    typer.echo(
        f"delivered {stats.delivered}, retrying {stats.retried}, dead {stats.dead}, "
        f"jobs run {len(stats.jobs)}"
    )
