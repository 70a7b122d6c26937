"""pg_dump and pg_restore connect through libpq's environment, never through their command line,
where any user of the machine could read the password (`ps`)."""

from __future__ import annotations

from cybercare.db.backup.postgres import libpq_environment


def test_the_tools_get_the_address_and_the_credentials_from_the_environment() -> None:
    url = (
        "postgresql+psycopg://owner:s%40cr%3At@db.internal:6543/cybercare"
        "?sslmode=verify-full&sslrootcert=/etc/cybercare/ca.pem&application_name=backup"
    )

    assert libpq_environment(url) == {
        "PGHOST": "db.internal",
        "PGPORT": "6543",
        "PGUSER": "owner",
        "PGPASSWORD": "s@cr:t",
        "PGDATABASE": "cybercare",
        "PGSSLMODE": "verify-full",
        "PGSSLROOTCERT": "/etc/cybercare/ca.pem",
        "PGAPPNAME": "backup",
    }


def test_a_unix_socket_given_as_host_in_the_query_reaches_the_tools() -> None:
    env = libpq_environment("postgresql+psycopg://cybercare@/cybercare?host=/run/postgresql")

    assert env == {"PGHOST": "/run/postgresql", "PGUSER": "cybercare", "PGDATABASE": "cybercare"}
