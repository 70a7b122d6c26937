"""E-mails leave through SMTP when configured, otherwise into the development mailbox folder as
readable .eml files: never dropped silently."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from cybercare.db.uow import Database
from cybercare.outbox.dispatch import OUTBOX_ID_HEADER, Dispatcher, build_email
from cybercare.outbox.enqueue import Attachment
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport, SmtpMailTransport
from cybercare.outbox.worker import ClaimedMessage
from tests.outbox import builders
from tests.outbox.builders import MAIL_FROM, SECRET_KEY, T0
from tests.outbox.receivers import SmtpServer


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def _read(path: Path) -> EmailMessage:
    with path.open("rb") as file:
        message = BytesParser(policy=policy.default).parse(file)
    assert isinstance(message, EmailMessage)
    return message


def test_the_development_mailbox_keeps_each_email_as_a_readable_eml_file(
    db: Database, dispatcher: Dispatcher, mailbox: Path
) -> None:
    message_id = builders.email(
        db,
        to="lea.peeters@example.be",
        subject="Welkom bij Cyber Care",
        text="Beste Lea,\n\nUw aansluiting is actief.",
        html="<p>Beste Lea,</p><p>Uw aansluiting is <b>actief</b>.</p>",
        language="nl",
    )

    assert builders.deliver(db, builders.clock(), dispatcher).delivered == 1

    (path,) = mailbox.glob("*.eml")
    email = _read(path)
    assert email["To"] == "lea.peeters@example.be"
    assert email["From"] == MAIL_FROM
    assert email["Subject"] == "Welkom bij Cyber Care"
    assert email["Content-Language"] == "nl"
    assert email[OUTBOX_ID_HEADER] == str(message_id)
    text_part = email.get_body(preferencelist=("plain",))
    html_part = email.get_body(preferencelist=("html",))
    assert text_part is not None and "Uw aansluiting is actief." in text_part.get_content()
    assert html_part is not None and "<b>actief</b>" in html_part.get_content()
    assert list(mailbox.glob("*.tmp")) == []


def test_a_letter_travels_as_a_pdf_attachment_of_its_email(
    db: Database, dispatcher: Dispatcher, mailbox: Path
) -> None:
    pdf = b"%PDF-1.4 formal notice"
    builders.email(
        db,
        subject="Ingebrekestelling",
        dedupe_key="dunning:aff_1:2026-12-20",
        attachments=(Attachment("formal-notice.pdf", "application/pdf", pdf),),
    )

    assert builders.deliver(db, builders.clock(), dispatcher).delivered == 1

    (path,) = mailbox.glob("*.eml")
    (attachment,) = _read(path).iter_attachments()
    assert attachment.get_filename() == "formal-notice.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf


def test_a_redelivered_email_keeps_its_message_id_and_its_single_mailbox_file(
    tmp_path: Path,
) -> None:
    claimed = ClaimedMessage(
        id=41,
        kind="email",
        dedupe_key="email:reminder:inv_1",
        payload={"to": "a@example.be", "subject": "Rappel", "text": "Payez svp", "language": "fr"},
        attempts=0,
        lease_until=T0 + timedelta(minutes=5),
        endpoint=None,
    )
    with HttpWebhookTransport() as unused:
        through = Dispatcher(unused, MailboxTransport(tmp_path), SECRET_KEY, MAIL_FROM)
        through.deliver(claimed, T0)
        through.deliver(claimed, T0 + timedelta(seconds=30))  # a crash before the record

    (path,) = tmp_path.glob("*.eml")
    assert (
        _read(path)["Message-ID"]
        == build_email(
            claimed.payload, message_id=41, dedupe_key=claimed.dedupe_key, sender=MAIL_FROM, now=T0
        )["Message-ID"]
    )


def test_an_email_is_handed_to_a_real_smtp_server_when_one_is_configured(
    db: Database, smtp_server: SmtpServer, transport: HttpWebhookTransport
) -> None:
    builders.email(db, to="jan.janssens@example.be", subject="Uw schadegeval")
    through = Dispatcher(
        transport,
        SmtpMailTransport("127.0.0.1", smtp_server.port, timeout_s=5),
        SECRET_KEY,
        MAIL_FROM,
    )

    assert builders.deliver(db, builders.clock(), through).delivered == 1

    (received,) = smtp_server.messages
    assert received["Subject"] == "Uw schadegeval"
    assert smtp_server.envelopes[0][1] == ["<jan.janssens@example.be>"]


def test_an_unreachable_smtp_server_leaves_the_email_queued_for_a_retry(
    db: Database, transport: HttpWebhookTransport
) -> None:
    closed = SmtpServer()
    port = closed.port
    closed.stop()  # never started: nothing listens on the port any more
    message_id = builders.email(db)
    assert message_id is not None
    through = Dispatcher(
        transport, SmtpMailTransport("127.0.0.1", port, timeout_s=2), SECRET_KEY, MAIL_FROM
    )

    assert builders.deliver(db, builders.clock(), through).retried == 1

    stored = builders.message(db, message_id)
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert "Connection" in (stored.last_error or "")
