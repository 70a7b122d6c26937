"""Turns a claimed message into one call on a transport: a signed POST or an e-mail.

Runs outside any transaction. Raises `DeliveryFailed` when the message was not taken.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from cybercare.kernel.keyring import SecretKeys
from cybercare.outbox.enqueue import EMAIL, WEBHOOK
from cybercare.outbox.signing import endpoint_secrets, signed_headers
from cybercare.outbox.transports import DeliveryFailed, MailTransport, WebhookTransport
from cybercare.outbox.worker import ClaimedMessage

OUTBOX_ID_HEADER = "X-Cybercare-Outbox-Id"


def build_email(
    payload: Mapping[str, Any], *, message_id: int, dedupe_key: str, sender: str, now: datetime
) -> EmailMessage:
    """The e-mail of an outbox message. Its Message-ID is derived from the message, so a
    redelivery after a crash carries the same id (mail systems and the mailbox dedupe on it)."""
    domain = sender.rpartition("@")[2] or "cybercare.invalid"
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:16]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = str(payload["to"])
    message["Subject"] = str(payload["subject"])
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<outbox.{message_id}.{digest}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message[OUTBOX_ID_HEADER] = str(message_id)
    message.set_content(str(payload["text"]))
    html = payload.get("html")
    if html:
        message.add_alternative(str(html), subtype="html")
    for attachment in payload.get("attachments") or ():
        maintype, _, subtype = str(attachment["content_type"]).partition("/")
        message.add_attachment(
            base64.b64decode(attachment["data"]),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=str(attachment["filename"]),
        )
    # Set last: making the message multipart moves Content-* headers into its first part.
    if payload.get("language"):
        message["Content-Language"] = str(payload["language"])
    return message


# A delivery the worker is given by the composition root (the bank's instant payouts, issue 15):
# the message's payload and the time; raises to be retried like any failed delivery.
Handler = Callable[[Mapping[str, Any], datetime], None]


@dataclass(frozen=True)
class Dispatcher:
    webhook_transport: WebhookTransport
    mail_transport: MailTransport
    secret_key: SecretKeys  # the key ring (or one key): endpoint secrets derive from it
    mail_from: str
    handlers: Mapping[str, Handler] = field(default_factory=dict)

    def deliver(self, message: ClaimedMessage, now: datetime) -> None:
        if message.kind == WEBHOOK:
            self._post(message, now)
        elif message.kind == EMAIL:
            self._mail(message, now)
        elif message.kind in self.handlers:
            self.handlers[message.kind](message.payload, now)
        else:
            raise DeliveryFailed(f"unknown message kind {message.kind!r}", permanent=True)

    def _post(self, message: ClaimedMessage, now: datetime) -> None:
        endpoint = message.endpoint
        if endpoint is None or not endpoint.active:
            raise DeliveryFailed("the webhook endpoint is no longer active", permanent=True)
        body = str(message.payload["body"]).encode()
        secrets = endpoint_secrets(
            self.secret_key,
            endpoint.id,
            endpoint.secret_version,
            previous_until=endpoint.previous_secret_until,
            now=now,
        )
        headers = signed_headers(
            secrets=secrets,
            timestamp=now,
            body=body,
            event_id=str(message.payload["event_id"]),
            event_type=str(message.payload["event_type"]),
        )
        self.webhook_transport.post(endpoint.url, body, headers)

    def _mail(self, message: ClaimedMessage, now: datetime) -> None:
        email = build_email(
            message.payload,
            message_id=message.id,
            dedupe_key=message.dedupe_key,
            sender=self.mail_from,
            now=now,
        )
        self.mail_transport.send(email)
