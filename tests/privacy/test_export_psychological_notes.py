"""Art. 11.2 inside the export: notes of psychological assistance are read only by the member
concerned and the counsellor. So they are in the copy the member downloads from the portal, never
in a copy staff hand over (letter, phone, e-mail), and never in a legal representative's copy of a
minor's case (the representative sees the case, Art. 11.3, not the minor's notes). Each note put
in an archive is logged. Both databases, the worker run in-process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from cybercare.bootstrap import Container
from cybercare.db.tables import NoteAccessLogRow
from cybercare.kernel.errors import Forbidden
from cybercare.privacy import service
from cybercare.privacy.domain import CaseFact, RequestChannel, psychological_notes_in_export
from cybercare.privacy.export_archive import read_data_json
from tests.privacy.helpers import (
    GENERAL_NOTE,
    PSYCH_NOTE,
    archive_text,
    case_with_notes,
    run_the_worker,
)
from tests.web.portal_world import peeters


@pytest.fixture
def world(container: Container) -> Any:
    return peeters(container)


def _portal_copy(container: Container, world: Any, who: str, mailbox: Path) -> bytes:
    with container.database.uow() as uow:
        request = service.request_export(uow, world[who], container.clock)
        uow.commit()
    run_the_worker(container, mailbox)
    with container.database.uow() as uow:
        copy = service.download_export(uow, world[who], request.request_id, container.clock)
        uow.commit()
    return copy.content


def _handed_over_copy(
    container: Container, world: Any, who: str, mailbox: Path, *, channel: str = "letter"
) -> bytes:
    with container.database.uow() as uow:
        request = service.register_request(
            uow,
            world["supervisor"],
            person_id=world.person(who),
            channel=channel,
            received_on=container.clock.today(),
            clock=container.clock,
        )
        uow.commit()
    run_the_worker(container, mailbox)
    with container.database.uow() as uow:
        copy = service.download_export(
            uow, world["supervisor"], request.request_id, container.clock
        )
        uow.commit()
    return copy.content


def _export_reads(container: Container) -> list[tuple[str, str]]:
    with container.database.reader() as uow:
        rows = uow.session.execute(
            select(NoteAccessLogRow.user_id, NoteAccessLogRow.purpose).where(
                NoteAccessLogRow.purpose.like("privacy.%")
            )
        )
        return [(r.user_id, r.purpose) for r in rows]


def test_art_11_2_the_members_portal_copy_holds_their_psychological_notes_and_logs_the_read(
    container: Container, world: Any, tmp_path: Path
) -> None:
    case_with_notes(container, world, "adult_child")
    text = archive_text(_portal_copy(container, world, "adult_child", tmp_path))
    assert PSYCH_NOTE in text
    assert GENERAL_NOTE in text
    assert _export_reads(container) == [(world["adult_child"].user_id, "privacy.export")]


@pytest.mark.parametrize("channel", ["letter", "phone", "email"])
def test_art_11_2_a_copy_staff_hand_over_holds_no_psychological_note(
    container: Container, world: Any, tmp_path: Path, channel: str
) -> None:
    case_id = case_with_notes(container, world, "adult_child")
    archive = _handed_over_copy(container, world, "adult_child", tmp_path, channel=channel)
    text = archive_text(archive)
    assert PSYCH_NOTE not in text
    assert GENERAL_NOTE in text  # the case and its general messages are there
    assert case_id in {c["case_id"] for c in read_data_json(archive)["sections"]["cases"]}
    assert _export_reads(container) == []  # no note was read for it, by anyone


def test_art_11_2_staff_never_hand_over_a_copy_asked_in_the_portal(
    container: Container, world: Any, tmp_path: Path
) -> None:
    case_with_notes(container, world, "adult_child")
    with container.database.uow() as uow:
        request = service.request_export(uow, world["adult_child"], container.clock)
        uow.commit()
    run_the_worker(container, tmp_path)
    with container.database.uow() as uow, pytest.raises(Forbidden):
        service.download_export(uow, world["supervisor"], request.request_id, container.clock)


def test_art_11_2_a_representatives_copy_has_the_minors_case_but_not_her_psychological_notes(
    container: Container, world: Any, tmp_path: Path
) -> None:
    case_id = case_with_notes(container, world, "minor")
    archive = _portal_copy(container, world, "affiliate", tmp_path)
    assert case_id in {c["case_id"] for c in read_data_json(archive)["sections"]["cases"]}
    text = archive_text(archive)
    assert GENERAL_NOTE in text
    assert PSYCH_NOTE not in text
    assert _export_reads(container) == []


def test_art_11_2_the_other_representative_gets_no_psychological_note_either(
    container: Container, world: Any, tmp_path: Path
) -> None:
    case_with_notes(container, world, "minor")
    text = archive_text(_portal_copy(container, world, "partner", tmp_path))
    assert GENERAL_NOTE in text
    assert PSYCH_NOTE not in text


def test_art_11_2_the_minors_own_portal_copy_holds_her_psychological_notes(
    container: Container, world: Any, tmp_path: Path
) -> None:
    case_with_notes(container, world, "minor")
    text = archive_text(_portal_copy(container, world, "minor", tmp_path))
    assert PSYCH_NOTE in text
    assert _export_reads(container) == [(world["minor"].user_id, "privacy.export")]


def test_art_11_3_an_adult_brother_gets_neither_the_minors_case_nor_her_notes(
    container: Container, world: Any, tmp_path: Path
) -> None:
    case_id = case_with_notes(container, world, "minor")
    archive = _portal_copy(container, world, "adult_child", tmp_path)
    assert case_id not in {c["case_id"] for c in read_data_json(archive)["sections"]["cases"]}
    assert GENERAL_NOTE not in archive_text(archive)


@given(
    subject=st.sampled_from(["per_a", "per_b"]),
    concerned=st.sampled_from(["per_a", "per_b", "per_minor"]),
    channel=st.sampled_from([c.value for c in RequestChannel]),
)
def test_art_11_2_notes_only_of_ones_own_case_and_only_in_the_portal_copy(
    subject: str, concerned: str, channel: str
) -> None:
    allowed = psychological_notes_in_export(subject, CaseFact("cas_1", concerned), channel=channel)
    assert allowed == (concerned == subject and channel == "portal")
