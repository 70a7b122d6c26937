"""Integrity of the books (issue 15): each ledger entry balances by the database's own check, and
the append-only tables refuse UPDATE, DELETE and TRUNCATE, whatever SQL reaches them. Raw SQL on
purpose: these tests play someone who bypasses `ledger.service.post`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, Engine, inspect, text

from cybercare.audit.trail import record
from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post, unbalanced_entries

AT = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
APPEND_ONLY = ("audit_events", "ledger_entries", "ledger_lines")


def _header(connection: Connection, key: str, total: int, lines: int) -> int:
    connection.execute(
        text(
            "INSERT INTO ledger_entries (dedupe_key, kind, effective_date, description, posted_at,"
            " total_cents, line_count) VALUES (:k, 'test', :d, 'raw', :at, :t, :n)"
        ),
        {"k": key, "d": date(2026, 12, 7), "at": AT, "t": total, "n": lines},
    )
    return int(
        connection.execute(
            text("SELECT id FROM ledger_entries WHERE dedupe_key = :k"), {"k": key}
        ).scalar_one()
    )


def _line(connection: Connection, entry_id: int, account: str, debit_: int, credit_: int) -> None:
    connection.execute(
        text(
            "INSERT INTO ledger_lines (entry_id, account, party, debit_cents, credit_cents)"
            " VALUES (:e, :a, 'insurer', :d, :c)"
        ),
        {"e": entry_id, "a": account, "d": debit_, "c": credit_},
    )


def _booked(engine: Engine) -> None:
    """One normal booking through the service, committed."""
    with Database(engine).uow() as uow:
        booking = entry(
            "test:normal",
            "test",
            date(2026, 12, 7),
            "a normal booking",
            [debit(Account.BANK, "insurer", 500), credit(Account.RECOVERIES, "claim-1", 500)],
        )
        assert post(uow, booking, at=AT)
        record(
            uow, at=AT, actor="test", action="ledger.posted", subject_type="ledger", subject_id="1"
        )
        uow.commit()


def test_a_balanced_entry_posted_by_the_service_commits(
    fresh_database: tuple[str, Engine],
) -> None:
    _, engine = fresh_database
    _booked(engine)
    with Database(engine).uow() as uow:
        assert unbalanced_entries(uow) == []


@pytest.mark.parametrize(
    "lines",
    [
        [("bank", 500, 0), ("recoveries", 0, 400)],  # debits exceed credits
        [("bank", 500, 0)],  # the credit line never written (line count says two)
        [("bank", 500, 0), ("recoveries", 0, 500), ("bank", 1, 0)],  # one line too many
    ],
    ids=["unequal", "missing_line", "extra_line"],
)
def test_an_unbalanced_entry_never_commits(
    fresh_database: tuple[str, Engine], lines: list[tuple[str, int, int]]
) -> None:
    _, engine = fresh_database
    with pytest.raises(Exception, match="does not balance"), engine.begin() as connection:
        entry_id = _header(connection, "raw:unbalanced", 500, 2)
        for account, debit_, credit_ in lines:
            _line(connection, entry_id, account, debit_, credit_)
        # SQLite has no deferred trigger: an incomplete entry stops the next one from starting.
        _header(connection, "raw:next", 1, 2)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM ledger_entries")).scalar_one()
    assert count == 0


def test_a_line_added_to_a_booked_entry_is_refused(fresh_database: tuple[str, Engine]) -> None:
    _, engine = fresh_database
    _booked(engine)
    with pytest.raises(Exception, match="does not balance"), engine.begin() as connection:
        entry_id = connection.execute(text("SELECT max(id) FROM ledger_entries")).scalar_one()
        _line(connection, entry_id, "bank", 100, 0)
        _line(connection, entry_id, "recoveries", 0, 100)


def test_append_only_tables_refuse_update_delete_and_truncate(
    fresh_database: tuple[str, Engine],
) -> None:
    _, engine = fresh_database
    _booked(engine)
    sqlite = engine.dialect.name == "sqlite"
    statements = [f"UPDATE {t} SET id = id" for t in APPEND_ONLY]
    statements += [f"DELETE FROM {t}" for t in APPEND_ONLY]  # SQLite's "truncate" is this
    if not sqlite:
        statements += [f"TRUNCATE {t} CASCADE" for t in APPEND_ONLY]
    for statement in statements:
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ledger_lines")).scalar_one() == 2


def test_the_integrity_migration_downgrades_and_backfills_on_upgrade(
    empty_database_url: str,
) -> None:
    migrate.upgrade(empty_database_url)
    migrate.downgrade(empty_database_url, "0016")
    engine = make_engine(empty_database_url)
    columns = {c["name"] for c in inspect(engine).get_columns("ledger_entries")}
    assert "total_cents" not in columns
    with engine.begin() as connection:  # an entry booked before 0017
        connection.execute(
            text(
                "INSERT INTO ledger_entries (dedupe_key, kind, effective_date, description,"
                " posted_at) VALUES ('old', 'test', :d, 'old', :at)"
            ),
            {"d": date(2026, 12, 1), "at": AT},
        )
        entry_id = connection.execute(text("SELECT id FROM ledger_entries")).scalar_one()
        _line(connection, entry_id, "bank", 700, 0)
        _line(connection, entry_id, "recoveries", 0, 700)
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_entries"))  # 0004's guard survived
    engine.dispose()
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        totals = connection.execute(text("SELECT total_cents, line_count FROM ledger_entries"))
        assert totals.one() == (700, 2)
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE ledger_entries SET total_cents = 1"))
    engine.dispose()
