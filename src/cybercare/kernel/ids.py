"""Identifiers: random, URL-safe, sortable enough for humans to read out over the phone."""

from __future__ import annotations

import secrets

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def new_id(prefix: str, length: int = 12) -> str:
    """A new identifier such as ``aff_7H3K9Q2M4X1P``; the prefix says what it names."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(length))
    return f"{prefix}_{body}"
