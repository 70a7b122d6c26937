"""The request id: one per HTTP request, taken from `X-Request-ID` when the caller sent a usable
one (a proxy's, so its logs and ours line up) or made here; sent back on every response, bound to
the request's context (log lines, problem+json `instance`).

A context variable carries it: FastAPI runs synchronous handlers in worker threads with a copy of
the request's context, so the lines a service or SQLAlchemy logs there carry it too.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token

from cybercare.observability.redaction import redact

HEADER = "X-Request-ID"
MAX_LENGTH = 128
_USABLE = re.compile(r"[A-Za-z0-9._-]{1,%d}" % MAX_LENGTH)  # noqa: UP031 (a regex's braces)

_current: ContextVar[str | None] = ContextVar("cybercare_request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_or_new(incoming: str | None) -> str:
    """The caller's id when it is short, of plain characters and holds nothing the logs would
    mask (an e-mail address, a national number, a token): logged as is, it stays greppable.
    Anything else is replaced, never echoed."""
    if incoming and _USABLE.fullmatch(incoming) and redact(incoming) == incoming:
        return incoming
    return new_request_id()


def current_request_id() -> str | None:
    return _current.get()


def bind_request_id(request_id: str) -> Token[str | None]:
    return _current.set(request_id)


def unbind_request_id(token: Token[str | None]) -> None:
    _current.reset(token)


def problem_instance() -> str | None:
    """RFC 9457 `instance` of a problem answered during a request: `urn:request:<id>`, an opaque
    name of this occurrence (the `X-Request-ID` header and the `request_id` of its log lines),
    not an address to fetch. None outside a request."""
    request_id = _current.get()
    return None if request_id is None else f"urn:request:{request_id}"
