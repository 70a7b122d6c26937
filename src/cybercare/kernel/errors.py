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
    """Input that breaks a rule of shape or value; `field` names the part at fault."""

    code = "invalid_input"

    def __init__(self, field: str, message: str, *, clause: str | None = None) -> None:
        super().__init__(f"{field}: {message}", clause=clause, params={"field": field})
        self.field = field
        self.reason = message


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """The request is valid but contradicts the current state (e.g. a rule of the terms)."""

    code = "conflict"


class Forbidden(DomainError):
    code = "forbidden"
