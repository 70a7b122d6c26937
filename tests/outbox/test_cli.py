"""`cybercare worker --once` wiring: settings pick the transports, the loop drains and returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import Engine

from cybercare.bootstrap import build_container
from cybercare.cli.worker import mail_transport_for, run_from_container
from cybercare.db.uow import Database
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.transports import MailboxTransport, SmtpMailTransport
from cybercare.settings import Environment, Settings
from tests.outbox import builders


@dataclass
class MailSettings:
    mailbox_dir: Path
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_ca_file: Path | None = None


def test_without_an_smtp_host_mail_goes_to_the_mailbox_folder(tmp_path: Path) -> None:
    settings = MailSettings(tmp_path / "mailbox")
    assert isinstance(mail_transport_for(settings), MailboxTransport)
    settings.smtp_host = "mail.internal"
    transport = mail_transport_for(settings)
    assert isinstance(transport, SmtpMailTransport)
    assert (transport.host, transport.port) == ("mail.internal", 25)


def test_the_worker_once_drains_what_is_due_and_returns(
    fresh_database: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = fresh_database
    builders.email(Database(engine), dedupe_key="welcome:aff_1")
    builders.email(Database(engine), dedupe_key="welcome:aff_2")

    settings = Settings(
        environment=Environment.TEST,
        database_url=url,
        mailbox_dir=tmp_path / "mailbox",
        secret_key=SecretStr(builders.SECRET_KEY),
        smtp_host=None,
        smtp_from=builders.MAIL_FROM,
    )
    stats = run_from_container(build_container(settings), once=True, jobs=JobRegistry())

    assert stats.delivered == 2
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 2
    assert builders.count(Database(engine), status="delivered") == 2
