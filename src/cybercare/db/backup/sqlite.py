"""SQLite: a consistent copy while the server keeps writing, through SQLite's online backup API.

The copy runs inside one read transaction opened before it starts: under WAL, writers go on
committing while it lasts, and the copy and the figures (`figures.py`) both see the database
as it was when the transaction began. Without that transaction, every commit of another
connection would restart a step-by-step copy from its first page. Pages are copied in steps,
so a large database shows its progress.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from cybercare.db.backup.errors import BackupRefused
from cybercare.db.backup.figures import Figures, schema_revision, take_figures
from cybercare.db.backup.progress import Progress
from cybercare.db.engine import make_engine, reader_engine

MEMBER = "database.sqlite3"
PAGES_PER_STEP = 2_048  # 8 MB of 4 kB pages: a step holds the source's lock only briefly


@dataclass(frozen=True, slots=True)
class Snapshot:
    figures: Figures
    revision: str


def database_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupRefused(f"{url} is not a SQLite database file")
    return Path(database)


def copy_database(url: str, target: Path, progress: Progress) -> Snapshot:
    """Copy the database at `url` to the new file `target`: its state when the copy began."""
    source_path = database_path(url)
    if not source_path.is_file():
        raise BackupRefused(f"there is no database at {source_path}")
    engine = make_engine(url)
    try:
        with reader_engine(engine).connect() as connection, connection.begin():
            revision = schema_revision(connection)  # the first read: the snapshot starts here
            figures = take_figures(connection, progress)
            source = connection.connection.driver_connection
            if not isinstance(source, sqlite3.Connection):
                raise TypeError(f"not a sqlite3 connection: {type(source).__name__}")
            destination = sqlite3.connect(target)
            try:
                source.backup(
                    destination,
                    pages=PAGES_PER_STEP,
                    progress=lambda _status, left, total: progress(
                        "copying pages", total - left, total
                    ),
                )
            finally:
                destination.close()
    finally:
        engine.dispose()
    return Snapshot(figures, revision)


def refuse_unless_empty(url: str) -> None:
    """A restore writes only into a database that holds nothing yet (or does not exist)."""
    path = database_path(url)
    if not path.exists():
        return
    connection = sqlite3.connect(path)
    try:
        objects = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{path} is not an empty SQLite database: {error}") from None
    finally:
        connection.close()
    if objects:
        raise BackupRefused(
            f"{path} is not empty ({objects} tables, indexes or triggers): restore into a new"
            " file, never over a database"
        )


def restore_database(copy: Path, url: str, progress: Progress) -> None:
    """Write the verified copy into the (empty) database at `url`, page by page."""
    path = database_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(copy), sqlite3.connect(path)
    try:
        source.backup(
            target,
            pages=PAGES_PER_STEP,
            progress=lambda _status, left, total: progress("restoring pages", total - left, total),
        )
    finally:
        target.close()
        source.close()
