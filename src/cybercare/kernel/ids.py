"""Identifiers: random, URL-safe, sortable enough for humans to read out over the phone."""

from __future__ import annotations

import base64
import secrets

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_FROM_BASE32 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET)


def new_id(prefix: str, length: int = 12) -> str:
    """A new identifier such as ``aff_7H3K9Q2M4X1P``; the prefix says what it names."""
    # Base32 of random bytes is the same uniform draw per character (5 bits each) as one
    # `secrets.choice` per character, about 20 times faster (a book import makes millions).
    raw = base64.b32encode(secrets.token_bytes((length * 5 + 7) // 8)).decode("ascii")
    return f"{prefix}_{raw[:length].translate(_FROM_BASE32)}"


# Integer row ids (evidence files, notices, bank lines, premium lines) are positive and fit a
# signed 64-bit column: BIGINT on PostgreSQL, INTEGER on SQLite. A number outside names no row,
# and the database drivers overflow on it rather than find nothing.
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    return 1 <= value <= MAX_ROW_ID
