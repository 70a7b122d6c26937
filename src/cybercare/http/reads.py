"""The unit of work of a read that may be logged (Art. 11, `cybercare.privacy.read_log`).

A staff member's read writes its read-log row in the read's own transaction, so it runs in a
unit of work that commits once at the end of the block (an exception rolls both back). A
member reading their own data is not logged: the read stays on the read-only unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cybercare.db.uow import Database, UnitOfWork
from cybercare.identity.domain import Principal


@contextmanager
def read_unit(database: Database, principal: Principal) -> Iterator[UnitOfWork]:
    if not principal.is_staff:
        with database.reader() as uow:
            yield uow
        return
    with database.uow() as uow:
        yield uow
        uow.commit()
