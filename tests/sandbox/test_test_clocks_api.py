"""The test clocks' rules (issue 18): only forward, two years at most per advance, one
distributor never sees another's clocks (404), every change audited, POSTs idempotent."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.db.tables import AuditEvent
from cybercare.jobs import build_sandbox_registry
from cybercare.kernel.clock import FixedClock
from cybercare.sandbox import service
from tests.api import builders
from tests.sandbox.conftest import World

START = "2027-01-04T09:00:00+01:00"


def _clock(api: TestClient, by: builders.Distributor) -> dict[str, Any]:
    made = builders.post(api, "/api/v1/test-clocks", {"name": "rules", "frozen_time": START}, by=by)
    assert made.status_code == 201, made.text
    return made.json()


def _pointers(answer: Any) -> list[str]:
    assert answer.headers["content-type"].startswith("application/problem+json")
    return [e["pointer"] for e in answer.json()["errors"]]


def test_a_test_clock_never_goes_backwards_nor_more_than_two_years_at_once(
    api: TestClient, world: World, proximus_test: builders.Distributor
) -> None:
    clock = _clock(api, proximus_test)
    path = f"/api/v1/test-clocks/{clock['id']}/advance"
    for to in ("2027-01-03T09:00:00+01:00", START, "2029-01-06T09:00:00+01:00"):
        refused = builders.post(api, path, {"frozen_time": to}, by=proximus_test)
        assert refused.status_code == 422, to
        assert _pointers(refused) == ["#/frozen_time"]
    naive = builders.post(api, path, {"frozen_time": "2027-02-01T09:00:00"}, by=proximus_test)
    assert naive.status_code == 422
    still = api.get(f"/api/v1/test-clocks/{clock['id']}", headers=proximus_test.headers).json()
    assert (still["frozen_time"], still["status"]) == ("2027-01-04T08:00:00Z", "ready")

    # the same advance sent twice with one Idempotency-Key runs once and answers the same
    key = "advance-once"
    first = builders.post(
        api, path, {"frozen_time": "2027-01-10T09:00:00+01:00"}, by=proximus_test, key=key
    )
    again = builders.post(
        api, path, {"frozen_time": "2027-01-10T09:00:00+01:00"}, by=proximus_test, key=key
    )
    assert (first.status_code, again.status_code) == (202, 202)
    assert first.json() == again.json()
    with world.sandbox.reader() as uow:
        actions = list(
            uow.session.scalars(
                select(AuditEvent.action).where(AuditEvent.subject_id == clock["id"])
            )
        )
    assert actions == ["test_clock.created", "test_clock.advance_requested", "test_clock.advanced"]


def test_another_distributors_test_clock_answers_404(
    api: TestClient,
    proximus_test: builders.Distributor,
    telenet_test: builders.Distributor,
) -> None:
    clock = _clock(api, proximus_test)
    theirs = builders.subscribe(api, by=telenet_test, customer_ref="TLN-1")
    base = f"/api/v1/test-clocks/{clock['id']}"
    assert api.get(base, headers=telenet_test.headers).status_code == 404
    advance = builders.post(
        api, f"{base}/advance", {"frozen_time": "2027-02-01T09:00:00+01:00"}, by=telenet_test
    )
    assert advance.status_code == 404
    assert advance.json()["code"] == "test_clock.not_found"
    attach = builders.post(
        api, f"{base}/affiliations", {"affiliation_id": theirs["id"]}, by=telenet_test
    )
    assert attach.status_code == 404
    # its clock as a header is refused too, and its list does not show it
    on_theirs = {**telenet_test.headers, "Cybercare-Test-Clock": clock["id"]}
    on_their_clock = api.get("/api/v1/test-clocks", headers=on_theirs)
    assert on_their_clock.status_code == 404
    assert on_their_clock.json()["code"] == "test_clock.not_found"
    assert api.get("/api/v1/test-clocks", headers=telenet_test.headers).json() == []
    # proximus cannot put telenet's affiliation on its clock
    stolen = builders.post(
        api, f"{base}/affiliations", {"affiliation_id": theirs["id"]}, by=proximus_test
    )
    assert stolen.status_code == 404
    assert stolen.json()["code"] == "affiliation.not_found"


def test_an_affiliation_is_attached_later_and_lives_on_one_clock_only(
    api: TestClient, proximus_test: builders.Distributor
) -> None:
    first, second = _clock(api, proximus_test), _clock(api, proximus_test)
    affiliation = builders.subscribe(api, by=proximus_test)
    body = {"affiliation_id": affiliation["id"]}
    attached = builders.post(
        api, f"/api/v1/test-clocks/{first['id']}/affiliations", body, by=proximus_test
    )
    assert attached.status_code == 200, attached.text
    assert attached.json()["affiliations"] == [affiliation["id"]]
    moved = builders.post(
        api, f"/api/v1/test-clocks/{second['id']}/affiliations", body, by=proximus_test
    )
    assert moved.status_code == 409
    assert moved.json()["code"] == "test_clock.already_attached"
    listed = api.get("/api/v1/test-clocks", headers=proximus_test.headers).json()
    assert sorted(c["id"] for c in listed) == sorted([first["id"], second["id"]])


def test_an_advance_left_unfinished_is_walked_by_the_sandbox_worker(
    world: World, clock: FixedClock
) -> None:
    """A server stopped after answering 202 leaves the clock `advancing`: the sandbox worker's
    job (`cybercare worker --sandbox`) walks it to its end."""
    sandbox = world.container.sandbox
    assert sandbox is not None
    with sandbox.database.uow() as uow:
        made = service.create_test_clock(
            uow,
            distributor="proximus",
            name="crash",
            frozen_time=datetime(2027, 1, 4, 9, tzinfo=UTC),
            clock=clock,
            actor="test",
        )
        service.request_advance(
            uow,
            distributor="proximus",
            clock_id=made.id,
            to=datetime(2027, 2, 4, 9, tzinfo=UTC),
            clock=clock,
            actor="test",
        )
        uow.commit()
    registry = build_sandbox_registry(sandbox.catalog, sandbox.settings.creditor)
    (job,) = [j for j in registry.jobs() if j.name == "sandbox.test_clocks"]
    assert job.every_minutes == 1
    assert job.run(sandbox.database, clock) == "walked 1 test clocks"
    with sandbox.database.reader() as uow:
        walked = service.get_test_clock(uow, "proximus", made.id)
    assert (walked.status.value, walked.frozen_time) == (
        "ready",
        datetime(2027, 2, 4, 9, tzinfo=UTC),
    )
