"""PostgreSQL: `pg_dump --format=custom` on a snapshot the figures are taken in, and `pg_restore`
into an empty database in one transaction.

The backup opens a REPEATABLE READ, READ ONLY transaction, exports its snapshot, takes the
figures (`figures.py`) in it and runs pg_dump on that very snapshot (`--snapshot`) while the
transaction stays open: the archive and its figures are the database at one instant, the
start of the backup, whatever the server commits meanwhile.

The tools get the connection through libpq's environment (PGHOST, PGPASSWORD...), never on
their command line, where any user of the machine could read the password (`ps`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import deque
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from cybercare.db.backup.errors import BackupError, BackupRefused
from cybercare.db.backup.figures import schema_revision, take_figures
from cybercare.db.backup.progress import Progress
from cybercare.db.backup.sqlite import Snapshot
from cybercare.db.engine import make_engine

MEMBER = "database.pgdump"
# libpq's settings a SQLAlchemy URL may carry in its query string, and their variables.
_LIBPQ_QUERY = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslpassword": "PGSSLPASSWORD",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}
_DUMPING = re.compile(r'dumping contents of table "?([^"\s]+)"?')
_RESTORING = re.compile(r'processing data for table "?([^"\s]+)"?')


def libpq_environment(url: str) -> dict[str, str]:
    """The variables that make pg_dump and pg_restore connect where `url` points."""
    parsed = make_url(url)
    env = {
        name: str(value)
        for name, value in (
            ("PGHOST", parsed.host),
            ("PGPORT", parsed.port),
            ("PGUSER", parsed.username),
            ("PGPASSWORD", parsed.password),
            ("PGDATABASE", parsed.database),
        )
        if value is not None
    }
    for key, value in parsed.query.items():
        if key in _LIBPQ_QUERY:
            env[_LIBPQ_QUERY[key]] = value if isinstance(value, str) else value[-1]
    return env


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(f"{name} is not installed: install the PostgreSQL client tools")
    return found


def dump_database(url: str, target: Path, progress: Progress) -> Snapshot:
    """pg_dump the database at `url` to `target` as it was when the dump began."""
    pg_dump = tool("pg_dump")
    engine = make_engine(url)
    try:
        reader = engine.execution_options(isolation_level="REPEATABLE READ")
        with reader.connect() as connection, connection.begin():
            connection.execute(text("SET TRANSACTION READ ONLY"))
            snapshot = str(connection.scalar(text("SELECT pg_export_snapshot()")))
            revision = schema_revision(connection)
            figures = take_figures(connection, progress)
            command = [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                "--no-password",
                "--verbose",
            ]
            tables = len(figures.tables)
            _run(command, libpq_environment(url), _DUMPING, ("dumping tables", tables), progress)
    finally:
        engine.dispose()
    return Snapshot(figures, revision)


def refuse_unless_empty(url: str) -> None:
    """A restore writes only into a database that holds no relation yet."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            relations = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
                )
            )
    except Exception as error:  # any failure to look means: do not restore there
        raise BackupRefused(f"the target database cannot be inspected: {error}") from None
    finally:
        engine.dispose()
    if relations:
        name = make_url(url).database
        raise BackupRefused(
            f"the database {name} is not empty ({relations} tables, indexes or sequences):"
            " restore into a new, empty database (createdb), never over one"
        )


def restore_database(dump: Path, url: str, progress: Progress) -> None:
    """pg_restore the verified dump into the empty database at `url`, all or nothing."""
    pg_restore = tool("pg_restore")
    listing = subprocess.run(  # noqa: S603 - our tool, fixed arguments
        [pg_restore, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if listing.returncode:
        raise BackupRefused(f"pg_restore cannot read the dump: {listing.stderr.strip()}")
    tables = sum(" TABLE DATA " in line for line in listing.stdout.splitlines())
    env = libpq_environment(url)
    if not env.get("PGDATABASE"):
        raise BackupRefused(f"{make_url(url).render_as_string()} names no database to restore into")
    command = [
        pg_restore,
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        "--verbose",
        f"--dbname={env['PGDATABASE']}",
        str(dump),
    ]
    _run(command, env, _RESTORING, ("restoring tables", tables), progress)
    _analyze(url, progress)


def _analyze(url: str, progress: Progress) -> None:
    """A dump holds no planner statistics: gather them, so the first queries on the restored
    database are planned as well as they were on the source."""
    progress("analyzing", 0, 1)
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    progress("analyzing", 1, 1)


def _run(
    command: list[str],
    env: dict[str, str],
    step: re.Pattern[str],
    counted: tuple[str, int],
    progress: Progress,
) -> None:
    """Run a PostgreSQL tool, counting the tables it reports on its verbose error stream."""
    label, total = counted
    done, tail = 0, deque[str](maxlen=20)
    progress(label, done, total)
    process = subprocess.Popen(  # noqa: S603 - our tools, arguments without secrets
        command,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    with process.stderr:
        for line in process.stderr:
            tail.append(line.rstrip())
            if step.search(line):
                done += 1
                progress(label, done, total)
    if process.wait():
        errors = [line for line in tail if "error" in line.lower()]
        detail = "\n".join(errors or [line for line in tail if line])
        raise BackupError(f"{Path(command[0]).name} failed (exit {process.returncode}):\n{detail}")
