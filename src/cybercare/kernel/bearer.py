"""Bearer secrets (API keys, personal tokens): `<scheme>_<id>_<secret>`, shown once, kept hashed.

The id finds the row; only the SHA-256 of the secret is stored. The secrets are 256-bit random,
so a fast hash is safe, where a slow password hash would only slow every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cybercare.kernel.ids import new_id


@dataclass(frozen=True, slots=True)
class Minted:
    secret_id: str  # e.g. "key_7H3K9Q2M4X" (stored as the row id)
    token: str  # given to its holder once
    secret_sha256: str  # stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def mint(scheme: str, id_prefix: str) -> Minted:
    secret_id = new_id(id_prefix, 10)
    secret = secrets.token_urlsafe(32)
    return Minted(secret_id, f"{scheme}_{secret_id}_{secret}", digest(secret))


def parse(token: str, scheme: str, id_prefix: str) -> tuple[str, str] | None:
    """(secret id, secret) of a well-formed token of this scheme, else None."""
    parts = token.split("_", 3)
    if len(parts) != 4 or parts[0] != scheme or parts[1] != id_prefix:
        return None
    return f"{id_prefix}_{parts[2]}", parts[3]


def matches(secret_sha256: str, secret: str) -> bool:
    return hmac.compare_digest(secret_sha256, digest(secret))
