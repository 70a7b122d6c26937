"""Access requests and their export (GDPR art. 12.3, 15, 20; Art. 11.2, 11.3 of the terms), on
both databases, through the services (the Peeters household: An the affiliate, Bram her
partner, Cas their adult son, Dina their daughter of 12)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import jsonschema_rs
import pytest

from cybercare.bootstrap import Container
from cybercare.identity.domain import RoleRequired
from cybercare.kernel.clock import FixedClock
from cybercare.privacy import service
from cybercare.privacy.domain import ArchiveExpired, DataRequestNotFound, due_on
from cybercare.privacy.export_archive import read_data_json, schema_text
from cybercare.privacy.read_log import Read, ReadKind, ReadPurpose
from cybercare.privacy.read_log_service import record_reads
from cybercare.privacy.request_queries import open_requests
from tests.assistance.helpers import consent, run
from tests.web.portal_world import case_for, payf_claim, peeters


def _ask_and_produce(container: Container, world: Any, who: str) -> tuple[str, bytes]:
    with container.database.uow() as uow:
        request = service.request_export(uow, world[who], container.clock)
        uow.commit()
    with container.database.uow() as uow:
        service.produce_export(
            uow, request.request_id, container.catalog, container.clock, actor="worker"
        )
        uow.commit()
    with container.database.uow() as uow:
        download = service.download_export(uow, world[who], request.request_id, container.clock)
        uow.commit()
    return request.request_id, download.content


@pytest.fixture
def household(container: Container) -> Any:
    world = peeters(container)
    cas_case = case_for(container, world, "adult_child", "adult_child", narrative="Cas's own fraud")
    dina_case = case_for(container, world, "affiliate", "minor", narrative="Dina bullied")
    an_case = case_for(container, world, "affiliate", "affiliate", narrative="An's own fraud")
    payf_claim(container, world, "affiliate", an_case, 12_000)
    return world, {"cas": cas_case, "dina": dina_case, "an": an_case}


def _case_ids(data: dict[str, Any]) -> set[str]:
    return {c["case_id"] for c in data["sections"]["cases"]}


def test_art_11_3_affiliate_export_has_own_and_represented_minor_cases_never_another_adults(
    container: Container, household: Any
) -> None:
    world, cases = household
    _, archive = _ask_and_produce(container, world, "affiliate")
    data = read_data_json(archive)
    assert _case_ids(data) == {cases["an"], cases["dina"]}
    assert "Cas's own fraud" not in json.dumps(data)
    assert data["sections"]["billing"] is not None
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert any(n.startswith("evidence/") for n in names)
    assert "personal-data-nl.pdf" in names


def test_art_11_3_adult_child_export_has_only_own_case_and_no_billing(
    container: Container, household: Any
) -> None:
    world, cases = household
    _, archive = _ask_and_produce(container, world, "adult_child")
    data = read_data_json(archive)
    assert _case_ids(data) == {cases["cas"]}
    assert data["sections"]["billing"] is None
    assert data["sections"]["claims"] == []


def test_export_json_is_valid_against_its_schema(container: Container, household: Any) -> None:
    world, _ = household
    _, archive = _ask_and_produce(container, world, "affiliate")
    validator = jsonschema_rs.validator_for(json.loads(schema_text()))
    errors = [e.message for e in validator.iter_errors(read_data_json(archive))]
    assert errors == []
    assert read_data_json(archive)["export_version"] == "1.1"


def test_another_member_cannot_download_the_export(container: Container, household: Any) -> None:
    world, _ = household
    request_id, _ = _ask_and_produce(container, world, "adult_child")
    with container.database.uow() as uow, pytest.raises(DataRequestNotFound):
        service.download_export(uow, world["affiliate"], request_id, container.clock)


def test_gdpr_12_3_the_clock_is_one_month_and_stops_when_fulfilled(
    container: Container, household: Any
) -> None:
    world, _ = household
    with container.database.uow() as uow:
        request = service.request_export(uow, world["partner"], container.clock)
        uow.commit()
    assert request.due_on == due_on(container.clock.today())
    with container.database.reader() as uow:
        assert [r.request_id for r in open_requests(uow, container.clock.today())] == [
            request.request_id
        ]
    with container.database.uow() as uow:
        service.produce_export(
            uow, request.request_id, container.catalog, container.clock, actor="worker"
        )
        uow.commit()
    with container.database.reader() as uow:
        assert open_requests(uow, container.clock.today()) == []


def test_the_download_link_expires_after_a_week(container: Container, household: Any) -> None:
    world, _ = household
    request_id, _ = _ask_and_produce(container, world, "partner")
    later = FixedClock.on(container.clock.today().replace(day=1) if False else date(2027, 1, 31))
    with container.database.uow() as uow, pytest.raises(ArchiveExpired):
        service.download_export(uow, world["partner"], request_id, later)


def test_due_date_of_31_january_is_the_last_day_of_february() -> None:
    assert due_on(date(2027, 1, 31)) == date(2027, 2, 28)
    assert due_on(date(2028, 1, 31)) == date(2028, 2, 29)
    assert due_on(date(2026, 12, 15)) == date(2027, 1, 15)


@pytest.mark.parametrize("who", ["technical", "psychologist", "claims_handler"])
def test_art_11_the_service_refuses_staff_without_the_role_to_register(
    container: Container, household: Any, who: str
) -> None:
    world, _ = household
    with container.database.uow() as uow, pytest.raises(RoleRequired):
        service.register_request(
            uow,
            world[who],
            person_id=world.person("adult_child"),
            channel="letter",
            received_on=container.clock.today(),
            clock=container.clock,
        )


def test_gdpr_15_1_c_the_export_lists_who_read_the_persons_data_and_their_consents(
    container: Container, household: Any
) -> None:
    world, cases = household
    db, clock = container.database, container.clock
    cas = world.person("adult_child")
    read = Read(ReadKind.CASE, ReadPurpose.CASE, world.household_id, (cas,), cases["cas"])
    run(db, lambda uow: record_reads(uow, world["legal"], [read], clock))
    consent(db, clock, world["adult_child"], cas)
    _, archive = _ask_and_produce(container, world, "adult_child")
    sections = read_data_json(archive)["sections"]
    assert [(r["kind"], r["staff_function"], r["case_id"]) for r in sections["reads"]] == [
        ("case", "legal", cases["cas"])
    ]
    assert [(c["role"], c["subject_person_id"]) for c in sections["consents"]] == [("subject", cas)]
    assert "staff_user_id" not in sections["reads"][0]  # the function, not the person (docs)


def test_art_11_3_another_adults_export_holds_none_of_these_reads_or_consents(
    container: Container, household: Any
) -> None:
    world, cases = household
    db, clock = container.database, container.clock
    cas = world.person("adult_child")
    read = Read(ReadKind.CASE, ReadPurpose.CASE, world.household_id, (cas,), cases["cas"])
    run(db, lambda uow: record_reads(uow, world["legal"], [read], clock))
    consent(db, clock, world["adult_child"], cas)
    _, archive = _ask_and_produce(container, world, "affiliate")
    sections = read_data_json(archive)["sections"]
    assert sections["reads"] == []
    assert sections["consents"] == []
