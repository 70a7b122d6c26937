"""Test-mode keys see a separate world (issue 18): a test key never reads live affiliations,
a live key never reads the sandbox's, and test clocks exist for test keys only."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select

from cybercare.bootstrap import build_sandbox
from cybercare.db.tables import AffiliationRow, AuditEvent
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import default_catalog
from cybercare.settings import Environment, Settings
from tests.api import builders
from tests.sandbox.conftest import World


def _count(database: object, row: type) -> int:
    with database.reader() as uow:  # type: ignore[attr-defined]
        return int(uow.session.scalar(select(func.count()).select_from(row)) or 0)


def test_a_test_key_and_a_live_key_each_see_only_their_world(
    api: TestClient,
    world: World,
    proximus_live: builders.Distributor,
    proximus_test: builders.Distributor,
) -> None:
    live = builders.subscribe(api, by=proximus_live, customer_ref="LIVE-1")
    test = builders.subscribe(api, by=proximus_test, customer_ref="TEST-1")

    # each was written in its own database only
    with world.live.reader() as uow:
        assert uow.session.get(AffiliationRow, live["id"]) is not None
        assert uow.session.get(AffiliationRow, test["id"]) is None
    with world.sandbox.reader() as uow:
        assert uow.session.get(AffiliationRow, test["id"]) is not None
        assert uow.session.get(AffiliationRow, live["id"]) is None

    # and neither key reads across
    assert (
        api.get(f"/api/v1/affiliations/{live['id']}", headers=proximus_test.headers).status_code
        == 404
    )
    assert (
        api.get(f"/api/v1/affiliations/{test['id']}", headers=proximus_live.headers).status_code
        == 404
    )
    found = api.get(
        "/api/v1/affiliations", params={"customer_ref": "LIVE-1"}, headers=proximus_test.headers
    )
    assert found.json() == []
    assert builders.events(api, by=proximus_test)[0]["affiliation_id"] == test["id"]
    assert {e["affiliation_id"] for e in builders.events(api, by=proximus_live)} == {live["id"]}


def test_a_test_key_is_unknown_to_the_live_database_and_a_live_key_to_the_sandbox(
    api: TestClient, proximus_live: builders.Distributor, proximus_test: builders.Distributor
) -> None:
    # a test key's secret dressed as a live key (and the reverse) finds no key
    forged_live = proximus_test.token.replace("cck_test_", "cck_key_", 1)
    forged_test = proximus_live.token.replace("cck_key_", "cck_test_", 1)
    for token in (forged_live, forged_test):
        answer = api.get("/api/v1/test-clocks", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401
        assert answer.headers["content-type"].startswith("application/problem+json")


def test_test_clocks_are_for_test_keys_only(
    api: TestClient, world: World, proximus_live: builders.Distributor
) -> None:
    before = (_count(world.live, AuditEvent), _count(world.sandbox, AuditEvent))
    refused = builders.post(api, "/api/v1/test-clocks", {"name": "x"}, by=proximus_live)
    assert refused.status_code == 403
    assert refused.json()["code"] == "sandbox.test_key_required"
    assert api.get("/api/v1/test-clocks", headers=proximus_live.headers).status_code == 403
    assert (_count(world.live, AuditEvent), _count(world.sandbox, AuditEvent)) == before


def test_the_sandbox_never_shares_the_live_database() -> None:
    url = "postgresql+psycopg://app@db/cybercare"
    with pytest.raises(ValidationError, match="SANDBOX_DATABASE_URL"):
        Settings(environment=Environment.TEST, database_url=url, sandbox_database_url=url)
    # development on the default SQLite file: a second file beside it; elsewhere none unless set
    assert Settings(environment=Environment.DEVELOPMENT).sandbox_url == (
        "sqlite:///var/cybercare-sandbox.db"
    )
    assert Settings(environment=Environment.TEST, database_url=url).sandbox_url is None
    sandbox = build_sandbox(
        Settings(environment=Environment.TEST, database_url=url, sandbox_database_url=url + "_sbx"),
        default_catalog(),
        FixedClock.on(date(2027, 1, 4)),
    )
    assert sandbox is not None
    assert sandbox.settings.database_url == url + "_sbx"
    assert (sandbox.settings.bank_url, sandbox.settings.smtp_host) == (None, None)
    sandbox.engine.dispose()
