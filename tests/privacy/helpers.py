"""Shared steps of the privacy tests: the worker run in-process with the handlers the `worker`
command wires (as the outbox tests do), the e-mails it wrote, and a case with notes in both
compartments."""

from __future__ import annotations

import io
import json
import zipfile
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from cybercare.assistance.domain import Compartment
from cybercare.bootstrap import Container
from cybercare.cli.worker import worker_handlers
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.runner import WorkerStats, run_worker
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from cybercare.privacy.export_archive import read_data_json
from tests.assistance.builders import World
from tests.assistance.helpers import consent, note, open_case, take, workstream_of

PSYCH_NOTE = "Sleeps badly since the posts about her"
GENERAL_NOTE = "Removal of the posts requested from the forum"


def run_the_worker(container: Container, mailbox: Path) -> WorkerStats:
    """One `worker --once` on the test database: what is due is delivered, then it returns."""
    with HttpWebhookTransport() as webhooks:
        return run_worker(
            container.database,
            container.clock,
            webhook_transport=webhooks,
            mail_transport=MailboxTransport(mailbox),
            secret_key="x" * 32,
            mail_from="noreply@cybercare.test",
            once=True,
            jobs=JobRegistry(),
            handlers=worker_handlers(container, None),
        )


def mails(mailbox: Path) -> list[EmailMessage]:
    parser = BytesParser(policy=policy.default)
    return [
        parser.parsebytes(path.read_bytes())  # type: ignore[misc]
        for path in sorted(mailbox.glob("*.eml"))
    ]


def case_with_notes(container: Container, world: World, concerned: str) -> str:
    """An EREP case of `concerned` with a psychological note (by the counsellor who took the
    psychological workstream) and a general one (legal team)."""
    db, clock = container.database, container.clock
    view = open_case(db, clock, world[concerned], world.person(concerned), "EREP")
    psych = workstream_of(view, "psychological")
    legal = workstream_of(view, "legal")
    take(db, clock, world["psychologist"], psych)
    # GDPR art. 9(2)(a): a minor's consent is given by the legal representative (Art. 11.3)
    giver = "affiliate" if concerned == "minor" else concerned
    consent(db, clock, world[giver], world.person(concerned))
    note(db, clock, world["psychologist"], psych, PSYCH_NOTE, Compartment.PSYCHOLOGICAL)
    take(db, clock, world["legal"], legal)
    note(db, clock, world["legal"], legal, GENERAL_NOTE)
    return view.case_id


def archive_text(archive: bytes) -> str:
    """data.json as text, for "is this sentence in it" checks."""
    return json.dumps(read_data_json(archive), ensure_ascii=False)


def archive_names(archive: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(archive)).namelist()
