"""Domain errors carry a stable code, the clause that justifies them and structured parameters.

They never carry an HTTP status: each edge (API, web, CLI) maps them in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A refusal the platform explains: `code` is stable, `clause` cites the terms if any."""

    code: str = "domain_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        clause: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.clause = clause
        self.params: dict[str, Any] = dict(params or {})


class InvalidInput(DomainError):
    """Input that breaks a rule of shape or value; `field` names the part at fault (a dotted
    path such as ``members.1.birth_date``). `errors` lists every field at fault."""

    code = "invalid_input"

    def __init__(
        self,
        field: str,
        message: str,
        *,
        clause: str | None = None,
        more: tuple[tuple[str, str], ...] = (),
    ) -> None:
        summary = "; ".join(f"{f}: {m}" for f, m in ((field, message), *more))
        super().__init__(summary, clause=clause, params={"field": field})
        self.field = field
        self.reason = message
        self.errors: tuple[tuple[str, str], ...] = ((field, message), *more)

    @classmethod
    def of(cls, errors: list[tuple[str, str]]) -> InvalidInput:
        (field, message), *more = errors
        return cls(field, message, more=tuple(more))


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """The request is valid but contradicts the current state (e.g. a rule of the terms)."""

    code = "conflict"


class Forbidden(DomainError):
    code = "forbidden"


class Unauthenticated(DomainError):
    """No valid credentials were presented."""

    code = "unauthenticated"


class BadRequest(DomainError):
    """The request is malformed in a way no field pointer describes (e.g. a missing header)."""

    code = "bad_request"
