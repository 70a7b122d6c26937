"""Delivery adapters: how bytes leave the platform. Each is a small class behind a protocol, so
tests use a real local HTTP server and a real mailbox folder, and production swaps nothing else.

Adapters return on success and raise `DeliveryFailed` otherwise; they never touch the database.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import tempfile
from collections.abc import Mapping
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Protocol

import httpx

ERROR_TEXT_LIMIT = 500


class DeliveryFailed(Exception):
    """The receiver did not take the message. `permanent`: retrying cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class WebhookTransport(Protocol):
    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> None:
        """Return when the receiver answered 2xx; raise `DeliveryFailed` otherwise."""
        ...


class MailTransport(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Return once the message is handed over; raise `DeliveryFailed` otherwise."""
        ...


class HttpWebhookTransport:
    """POSTs with httpx: bounded timeouts, no redirects followed (a 3xx is not a receipt)."""

    def __init__(
        self,
        *,
        timeout_s: float = 10.0,
        connect_timeout_s: float = 5.0,
        user_agent: str = "Cybercare-Webhooks/1",
        max_connections: int = 64,
    ) -> None:
        # Thread-safe: the worker's delivery threads share it (and its keep-alive connections).
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            follow_redirects=False,
            headers={"User-Agent": user_agent},
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> None:
        try:
            response = self._client.post(url, content=body, headers=dict(headers))
        except httpx.TimeoutException as exc:
            raise DeliveryFailed(f"timeout: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}"[:ERROR_TEXT_LIMIT]) from exc
        if not response.is_success:
            excerpt = response.text[:200].strip()
            raise DeliveryFailed(f"HTTP {response.status_code}: {excerpt}"[:ERROR_TEXT_LIMIT])

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpWebhookTransport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SmtpMailTransport:
    """One SMTP session per message (e-mails are few); STARTTLS and login when configured.

    STARTTLS verifies the relay's certificate and name against `tls_context` (default: the
    system's CAs); smtplib's own default would accept any certificate. The password is sent only
    inside TLS when `starttls` is on, and only if the relay offers AUTH.
    """

    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        timeout_s: float = 30.0,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.timeout_s = timeout_s
        self.starttls = starttls
        self.username = username
        self.password = password
        self.tls_context = tls_context

    def send(self, message: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls(context=self.tls_context or ssl.create_default_context())
                if self.username is not None:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(f"recipient refused: {exc.recipients}"[:ERROR_TEXT_LIMIT]) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}"[:ERROR_TEXT_LIMIT]) from exc


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class MailboxTransport:
    """Development mailbox: one readable `.eml` file per message in a folder, never dropped.

    The file name comes from the Message-ID, so a redelivery overwrites the same file; files are
    written to a temporary name and renamed, so a reader never sees half a message.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, message: EmailMessage) -> Path:
        message_id = str(message.get("Message-ID", "")).strip("<> ")
        if not message_id:
            raise DeliveryFailed("a message without a Message-ID cannot be filed", permanent=True)
        return self.folder / f"{_UNSAFE.sub('_', message_id)}.eml"

    def send(self, message: EmailMessage) -> None:
        target = self.path_for(message)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(message.as_bytes())
            Path(temporary).replace(target)
        except OSError as exc:
            raise DeliveryFailed(f"mailbox {self.folder}: {exc}"[:ERROR_TEXT_LIMIT]) from exc
