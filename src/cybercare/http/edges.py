"""The hard edges of every request, API and pages alike (issue 16; docs/operations-edges.md).

- a NUL character anywhere is refused with 422 naming the place (`nul_bytes`);
- a body over the limit is refused with 413 in the client's form (`body_limit`);
- an answer that may hold personal data carries `Cache-Control: no-store` (`no_store`).

Ids out of range (`params.RowId`, 404) and dates beyond the horizon (`kernel.horizon`, 422) are
types of the parameters and fields that carry them.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI

from cybercare.http.body_limit import BodyLimitMiddleware
from cybercare.http.no_store import NoStoreMiddleware
from cybercare.http.nul_bytes import refuse_nul_bytes


def install(app: FastAPI, *, max_body_bytes: int) -> None:
    """Call before the routers and the pages' middleware: the NUL check then runs before every
    other dependency of every route, and the body limit sits inside the web session, so that
    its error page renders like any other."""
    app.router.dependencies.insert(0, Depends(refuse_nul_bytes))
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(NoStoreMiddleware)  # outside the limit: its 413 is not stored either
