"""The settings that keep personal data out of the logs: JSON lines in production, SQL echo
(statements with their values) refused there, SQLAlchemy's statements held below the log level
and an SQL error's message without the values bound to it (both databases)."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cybercare.db.engine import make_engine
from cybercare.settings import Environment, Settings
from tests.conftest import Backend
from tests.observability.conftest import LogLines
from tests.web.conftest import PRODUCTION_ACCOUNTS

PRODUCTION: dict[str, object] = {
    "environment": Environment.PRODUCTION,
    "secret_key": "a-production-secret-of-forty-characters-00",
    **PRODUCTION_ACCOUNTS,
}


def test_production_writes_json_lines_and_development_readable_ones() -> None:
    assert Settings(**PRODUCTION).logs_as_json  # type: ignore[arg-type]
    assert not Settings(environment=Environment.DEVELOPMENT).logs_as_json
    assert Settings(environment=Environment.DEVELOPMENT, log_format="json").logs_as_json


def test_production_refuses_to_echo_sql_with_its_values() -> None:
    with pytest.raises(ValidationError, match="SQL_ECHO logs personal data"):
        Settings(**PRODUCTION, sql_echo=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("token", ["changeme", "short-token"])
def test_production_refuses_a_guessable_metrics_token(token: str) -> None:
    with pytest.raises(ValidationError, match="METRICS_TOKEN"):
        Settings(**PRODUCTION, metrics_token=token)  # type: ignore[arg-type]


def test_sql_statements_stay_out_of_the_logs_even_at_debug(log_lines: LogLines) -> None:
    assert logging.getLogger("sqlalchemy.engine").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("uvicorn.access").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("cybercare").getEffectiveLevel() == logging.DEBUG


def test_an_sql_errors_message_names_the_statement_never_its_values(
    backend: Backend, log_lines: LogLines
) -> None:
    engine = make_engine(backend.url)
    try:
        with engine.connect() as connection, pytest.raises(DBAPIError) as failed:
            connection.execute(
                text("SELECT given_name FROM no_such_table WHERE family_name = :name"),
                {"name": "Vandermoortele"},
            )
    finally:
        engine.dispose()
    assert "no_such_table" in str(failed.value)
    assert "Vandermoortele" not in str(failed.value)
    logging.getLogger("cybercare.test").error("the query failed", exc_info=failed.value)
    assert "Vandermoortele" not in log_lines.stream.getvalue()
