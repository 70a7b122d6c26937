"""PostgreSQL connections: a pooled connection idle for a while is pinged before use, and a dead
one is replaced without the caller noticing; one used a moment ago is trusted (no round trip)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from cybercare.db import engine as engines
from tests.conftest import POSTGRES_ADMIN_URL, Backend


@pytest.fixture
def postgres_url(postgresql_backend: Backend) -> str:
    return postgresql_backend.url


def _backend_pid(engine: object) -> int:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_dead_idle_connection_is_replaced_before_use(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engines.make_engine(postgres_url)
    try:
        first = _backend_pid(engine)
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        admin.dispose()
        monkeypatch.setattr(engines, "PING_AFTER_IDLE_S", 0.0)  # it has been idle "long enough"
        assert _backend_pid(engine) != first  # a new connection, and no error for the caller
    finally:
        engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(postgres_url: str) -> None:
    engine = engines.make_engine(postgres_url)
    try:
        for _ in range(3):
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                pings = connection.connection._connection_record.info["pings"]  # type: ignore[union-attr]
        assert pings == 1  # when it was new, not at the two uses right after
    finally:
        engine.dispose()
