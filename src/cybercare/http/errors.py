"""The HTTP status of a domain refusal: the API answers it as problem+json, a page as its error
page."""

from __future__ import annotations

from cybercare.kernel.errors import (
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)

_STATUS_FOR: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (BadRequest, 400),
    (Unauthenticated, 401),
    (Forbidden, 403),
    (Conflict, 409),
    (InvalidInput, 422),
)


def status_for(error: DomainError) -> int:
    for kind, status in _STATUS_FOR:
        if isinstance(error, kind):
            return status
    return 422
