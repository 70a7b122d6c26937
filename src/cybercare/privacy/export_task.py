"""The archive of a data request is built by the worker, after the request is committed.

Building it takes 3-5 s for a household with ten years of history (bench/data_export.py): too
long inside a web request. So:

    request (one transaction): data_requests row + audit + outbox `privacy.export` {request_id}
    worker: `ExportHandler` -> `prepare_export` (one transaction): the archive, the request
            fulfilled, and for a portal request the outbox e-mail "your copy is ready"
    portal: "being prepared" until the archive exists, then the download link

A redelivery (the worker died after commit, before recording the delivery) finds the archive
made and does nothing: one archive and one e-mail per request (the e-mail's dedupe key).
The e-mail carries no personal data: no name, no case, only the link to sign in (the copy
itself is downloaded signed in, Art. 11.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cybercare.db.uow import Database, UnitOfWork
from cybercare.documents.formatting import long_date
from cybercare.documents.translations import D_, document_text
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.outbox import enqueue_email
from cybercare.privacy import repository, service
from cybercare.privacy.domain import PRIVACY_EXPORT, DataRequestNotFound, ready_email_due
from cybercare.product.catalog import Catalog

__all__ = ["PRIVACY_EXPORT", "ExportHandler", "prepare_export"]

WORKER_ACTOR = "worker:privacy.export"

READY_SUBJECT = D_("Cyber Care: the copy of your data you asked for is ready")
READY_TEXT = D_(
    "The copy of your personal data you asked for is ready.\n\n"
    "Sign in to download it: %(link)s\n"
    "The download link works until %(day)s; after that, ask again for a new copy.\n\n"
    "For your privacy this e-mail contains none of your data (GDPR art. 15 and 20)."
)


def prepare_export(
    uow: UnitOfWork, request_id: str, catalog: Catalog, clock: Clock, *, portal_url: str
) -> bool:
    """The worker's use case: build the archive unless it exists, and tell the member who asked
    in the portal. True when an archive was built now."""
    request = repository.get_request(uow, request_id, for_update=True)
    if request is None:
        raise DataRequestNotFound(f"no data request {request_id!r}")
    if repository.archive_info(uow, [request_id]):
        return False  # made already: a redelivery
    info = service.produce_export(uow, request_id, catalog, clock, actor=WORKER_ACTOR)
    to = repository.contact_email(uow, request.person_id)
    if ready_email_due(request.channel) and to is not None:
        language = request.language
        day = long_date(info.expires_at.astimezone(BRUSSELS).date(), language)
        enqueue_email(
            uow,
            to=to,
            subject=document_text(language, READY_SUBJECT),
            text=document_text(
                language, READY_TEXT, link=f"{portal_url.rstrip('/')}/portal/my-data", day=day
            ),
            language=language,
            at=clock.now(),
            dedupe_key=f"privacy.export_ready:{request_id}",
        )
    return True


@dataclass(frozen=True)
class ExportHandler:
    """The worker's handler of `privacy.export` messages (`Dispatcher.handlers`)."""

    database: Database
    catalog: Catalog
    clock: Clock
    portal_url: str

    def __call__(self, payload: Mapping[str, Any], now: datetime) -> None:
        with self.database.uow() as uow:
            prepare_export(
                uow,
                str(payload["request_id"]),
                self.catalog,
                self.clock,
                portal_url=self.portal_url,
            )
            uow.commit()
