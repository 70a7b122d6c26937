"""The worker builds the archive after the request is committed (the outbox `privacy.export`),
then tells the member by e-mail, without personal data (GDPR art. 15, 20; Art. 11.3). A real
worker run in-process on both databases, with the handlers the `worker` command wires."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cybercare.bootstrap import Container
from cybercare.db.tables.outbox import OutboxMessage
from cybercare.privacy import export_task, service
from cybercare.privacy.domain import ArchiveNotReady
from cybercare.privacy.request_queries import open_requests
from tests.privacy.helpers import archive_names, mails, run_the_worker
from tests.web.portal_world import peeters


@pytest.fixture
def world(container: Container) -> Any:
    return peeters(container)


def _ask(container: Container, world: Any, who: str) -> str:
    with container.database.uow() as uow:
        request = service.request_export(uow, world[who], container.clock)
        uow.commit()
    return request.request_id


def test_the_archive_is_not_built_in_the_request_but_enqueued_for_the_worker(
    container: Container, world: Any
) -> None:
    request_id = _ask(container, world, "partner")
    with container.database.reader() as uow:
        payloads = list(
            uow.session.scalars(
                select(OutboxMessage.payload).where(OutboxMessage.kind == "privacy.export")
            )
        )
    assert payloads == [{"request_id": request_id}]
    with container.database.uow() as uow, pytest.raises(ArchiveNotReady):
        service.download_export(uow, world["partner"], request_id, container.clock)


def test_the_worker_builds_the_archive_fulfils_the_request_and_mails_the_member(
    container: Container, world: Any, tmp_path: Path
) -> None:
    request_id = _ask(container, world, "partner")
    stats = run_the_worker(container, tmp_path)
    assert stats.delivered == 2  # the task, then the e-mail it enqueued
    with container.database.uow() as uow:
        download = service.download_export(uow, world["partner"], request_id, container.clock)
        uow.commit()
    assert {"data.json", "schema.json"} <= set(archive_names(download.content))
    with container.database.reader() as uow:
        assert open_requests(uow, container.clock.today()) == []
    [mail] = mails(tmp_path)
    assert str(mail["To"]).endswith("@peeters.example")
    assert mail["Content-Language"] == world["partner"].language
    assert "/portal/my-data" in mail.get_content()


def test_the_ready_e_mail_holds_no_personal_data(
    container: Container, world: Any, tmp_path: Path
) -> None:
    request_id = _ask(container, world, "partner")
    run_the_worker(container, tmp_path)
    [mail] = mails(tmp_path)
    text = f"{mail['Subject']}\n{mail.get_content()}"
    for personal in ("Bram", "Peeters", world.person("partner"), request_id, world.household_id):
        assert personal not in text
    assert not mail.is_multipart()  # no attachment: the copy is downloaded signed in


def test_a_redelivered_task_builds_no_second_archive_and_sends_no_second_e_mail(
    container: Container, world: Any, tmp_path: Path
) -> None:
    request_id = _ask(container, world, "partner")
    run_the_worker(container, tmp_path)
    with container.database.uow() as uow:  # as if the worker died before recording delivery
        built = export_task.prepare_export(
            uow, request_id, container.catalog, container.clock, portal_url="https://x.test"
        )
        uow.commit()
    assert built is False
    run_the_worker(container, tmp_path)
    assert len(mails(tmp_path)) == 1
