"""Path and query parameters the two HTTP edges share.

`RowId` is a database row's integer id, as in `/claims/{claim_id}/evidence/{evidence_id}`. Ids
are positive and fit a signed 64-bit integer (BIGINT on PostgreSQL, INTEGER on SQLite); a number
outside that range cannot name a row, so it answers 404 like any id that names nothing, instead
of overflowing in the database driver (a 500 on both engines). A value that is not a number at
all stays a validation error (422).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

from cybercare.kernel.errors import NotFound
from cybercare.kernel.ids import is_row_id


def _names_a_row(value: int) -> int:
    if not is_row_id(value):
        # Not a ValueError: pydantic lets it through, and the edges answer it as any NotFound.
        raise NotFound("nothing has this id", params={"id": str(value)})
    return value


RowId = Annotated[
    int,
    AfterValidator(_names_a_row),
    WithJsonSchema({"type": "integer", "format": "int64", "minimum": 1}),
]
