"""Identifiers: random, URL-safe, sortable enough for humans to read out over the phone."""

from __future__ import annotations

import secrets

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def new_id(prefix: str, length: int = 12) -> str:
    """A new identifier such as ``aff_7H3K9Q2M4X1P``; the prefix says what it names."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(length))
    return f"{prefix}_{body}"


# Integer row ids (evidence files, notices, bank lines, premium lines) are positive and fit a
# signed 64-bit column: BIGINT on PostgreSQL, INTEGER on SQLite. A number outside names no row,
# and the database drivers overflow on it rather than find nothing.
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    return 1 <= value <= MAX_ROW_ID
