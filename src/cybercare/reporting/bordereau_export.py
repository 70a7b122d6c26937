"""One bordereau into a temporary file, for the edges (back office, partner API, command line):
the rows stream from one read-only snapshot into the file; the edge sends or moves it."""

from __future__ import annotations

import tempfile
from typing import IO

from cybercare.db.uow import Database
from cybercare.reporting.bordereau import Format, Kind, Month, Totals
from cybercare.reporting.bordereau_formats import Progress, write
from cybercare.reporting.bordereau_queries import report

SPOOL_BYTES = 8 * 1024 * 1024  # small statements stay in memory, big bordereaux go to disk


def export(
    database: Database,
    kind: Kind,
    month: Month,
    fmt: Format,
    out: IO[bytes],
    *,
    distributor: str | None = None,
    progress: Progress | None = None,
) -> Totals:
    """Write the report into `out` (a file opened for binary writing)."""
    with database.streaming_reader() as uow:
        return write(report(uow, kind, month, distributor), fmt, out, progress)


def spooled(
    database: Database, kind: Kind, month: Month, fmt: Format, *, distributor: str | None = None
) -> IO[bytes]:
    """The report in a temporary file, rewound: the caller reads and closes it."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - the caller closes
    export(database, kind, month, fmt, out, distributor=distributor)
    out.seek(0)
    return out


def filename(kind: Kind, month: Month, fmt: Format, distributor: str | None = None) -> str:
    scope = f"-{distributor}" if distributor else ""
    return f"{kind.value}-bordereau{scope}-{month.code}.{fmt.value}"
