"""`cybercare distributor issue-key --test` (issue 18): the key is issued in the sandbox's
database, with the distributor registered there as it is live; the live database is only
read (no key, no audit event written there)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.engine import make_engine
from cybercare.db.tables import ApiKeyRow, AuditEvent, DistributorRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import create_distributor
from tests.conftest import Backend


def _count(database: Database, row: type) -> int:
    with database.reader() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(row)) or 0)


def test_a_test_mode_key_is_issued_in_the_sandbox_only(
    backend: Backend,
    fresh_database: tuple[str, Engine],
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live_url, live_engine = fresh_database
    live = Database(live_engine)
    sandbox_url = backend.make_copy()  # type: ignore[operator]
    sandbox = Database(make_engine(sandbox_url))
    with live.uow() as uow:
        create_distributor(
            uow, code="proximus", name="Proximus", commission_bp=1500, clock=clock, actor="test"
        )
        uow.commit()
    audited = _count(live, AuditEvent)
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", live_url)
    monkeypatch.setenv("CYBERCARE_SANDBOX_DATABASE_URL", sandbox_url)

    issued = CliRunner().invoke(app, ["distributor", "issue-key", "proximus", "--test"])

    assert issued.exit_code == 0, issued.output
    assert "cck_test_" in issued.output
    assert (_count(live, ApiKeyRow), _count(live, AuditEvent)) == (0, audited)
    with sandbox.reader() as uow:
        key_ids = list(uow.session.scalars(select(ApiKeyRow.id)))
        registered = uow.session.execute(
            select(DistributorRow.name, DistributorRow.commission_bp)
        ).all()
    assert len(key_ids) == 1
    assert key_ids[0].startswith("test_")
    assert [tuple(row) for row in registered] == [("Proximus", 1500)]
    unknown = CliRunner().invoke(app, ["distributor", "issue-key", "nobody", "--test"])
    assert unknown.exit_code == 1
