"""A production mail relay demands STARTTLS and a login: the settings reach the transport, the
password only ever crosses inside a verified TLS session, and every refusal leaves the e-mail
undelivered (`DeliveryFailed`: the outbox retries it) instead of sending it some other way."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from cybercare.cli.worker import mail_transport_for
from cybercare.outbox.transports import DeliveryFailed
from cybercare.settings import Environment, Settings
from tests.outbox.tls_smtp import TlsSmtpRelay, self_signed_certificate

USERNAME, PASSWORD = "cybercare", "relay-password-0123456789"


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    return self_signed_certificate(tmp_path)[0]


@pytest.fixture
def relay(tmp_path: Path, certificate: Path) -> Iterator[TlsSmtpRelay]:
    server = TlsSmtpRelay(
        certificate, tmp_path / "relay.key", username=USERNAME, password=PASSWORD
    ).start()
    yield server
    server.stop()


def _settings(relay: TlsSmtpRelay, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": Environment.TEST,
        "smtp_host": "127.0.0.1",
        "smtp_port": relay.port,
        "smtp_starttls": True,
        "smtp_username": USERNAME,
        "smtp_password": SecretStr(PASSWORD),
        **changes,
    }
    return Settings(**values)


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Cyber Care <no-reply@cybercare.example>"
    message["To"] = "lea.peeters@example.be"
    message["Subject"] = "Welkom bij Cyber Care"
    message["Message-ID"] = "<welcome.1@cybercare.example>"
    message.set_content("Uw aansluiting is actief.")
    return message


def test_an_email_reaches_a_relay_that_demands_starttls_and_a_login(
    relay: TlsSmtpRelay, certificate: Path
) -> None:
    transport = mail_transport_for(_settings(relay, smtp_ca_file=certificate))

    transport.send(_message())

    (received,) = relay.messages
    assert received["Subject"] == "Welkom bij Cyber Care"
    (session,) = relay.sessions
    assert session.tls and session.user == USERNAME
    verbs = [command.split()[0] for command in session.commands]
    assert verbs.index("STARTTLS") < verbs.index("AUTH") < verbs.index("MAIL")


def test_a_wrong_password_leaves_the_email_undelivered(
    relay: TlsSmtpRelay, certificate: Path
) -> None:
    transport = mail_transport_for(
        _settings(relay, smtp_ca_file=certificate, smtp_password=SecretStr("wrong"))
    )

    with pytest.raises(DeliveryFailed, match="535"):
        transport.send(_message())

    assert relay.messages == []


def test_without_starttls_the_password_is_never_offered_in_clear(relay: TlsSmtpRelay) -> None:
    transport = mail_transport_for(_settings(relay, smtp_starttls=False))

    with pytest.raises(DeliveryFailed, match="AUTH"):
        transport.send(_message())

    assert relay.messages == []
    assert not any(command.startswith("AUTH") for command in relay.sessions[0].commands)


def test_a_relay_certificate_the_platform_does_not_trust_is_refused_before_the_login(
    relay: TlsSmtpRelay,
) -> None:
    transport = mail_transport_for(_settings(relay))  # the system's CAs: a self-signed relay

    with pytest.raises(DeliveryFailed, match="CERTIFICATE_VERIFY_FAILED"):
        transport.send(_message())

    assert relay.messages == []
    assert relay.sessions[0].user is None


def test_production_refuses_a_relay_login_without_starttls() -> None:
    with pytest.raises(ValidationError, match="CYBERCARE_SMTP_STARTTLS"):
        Settings(
            environment=Environment.PRODUCTION,
            secret_key=SecretStr("a-real-production-secret-of-forty-characters"),
            sepa_creditor_iban="BE56363123456788",
            sepa_creditor_bic="BBRUBEBB",
            sepa_creditor_id="BE87ZZZ0411111111",
            payout_account_iban="BE36733765432181",
            payout_account_bic="KREDBEBB",
            smtp_host="relay.example",
            smtp_username=USERNAME,
        )
