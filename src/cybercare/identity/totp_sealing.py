"""TOTP secrets at rest: sealed with Fernet (AES-128-CBC + HMAC-SHA256, `cryptography`), so
that a copy of the users table lets nobody produce a user's codes.

The Fernet keys are derived from the key ring (kernel/keyring.py) with HKDF-SHA256 and a label of
their own: the encryption key is never the signing key, and rotating the ring rotates it too.
The current key seals; the previous ones still open during the grace period (MultiFernet's
rule). A secret sealed under a previous key, or stored in plain text before issue 16, opens as
*stale*: the sign-in seals it again under the current key (lazy re-encryption), and
`cybercare user reencrypt-totp` does it for every user at once. Once a key has left the ring, a
secret still sealed under it opens no more (`unseal` gives None): its user's codes are refused
until an operator removes the second factor and the user enrols again.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from cybercare.kernel.keyring import KeyRing, SecretKeys

HKDF_INFO = b"cybercare/totp-secret/fernet/v1"
# A base32 secret as pyotp makes them (what was stored before issue 16); a Fernet token is
# base64url and always holds lower-case letters, so the two never look alike.
_PLAIN_BASE32 = re.compile(r"[A-Z2-7]+=*")


@dataclass(frozen=True, slots=True)
class Unsealed:
    secret: str
    stale: bool  # in plain text or sealed under a previous key: seal it again


@lru_cache(maxsize=16)
def _fernet(key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def is_plain(stored: str) -> bool:
    return _PLAIN_BASE32.fullmatch(stored) is not None


class TotpSealer:
    def __init__(self, keys: SecretKeys) -> None:
        self.ring = KeyRing.of(keys)

    def seal(self, secret: str, now: datetime) -> str:
        token = _fernet(self.ring.current).encrypt_at_time(secret.encode(), int(now.timestamp()))
        return token.decode()

    def unseal(self, stored: str, now: datetime) -> Unsealed | None:
        """The secret of a stored value, or None when no key of the ring opens it."""
        if is_plain(stored):
            return Unsealed(stored, stale=True)
        token = stored.encode()
        try:
            return Unsealed(_fernet(self.ring.current).decrypt(token).decode(), stale=False)
        except InvalidToken:
            pass
        previous = [_fernet(key) for key in self.ring.verifying(now)[1:]]
        if not previous:
            return None
        try:
            return Unsealed(MultiFernet(previous).decrypt(token).decode(), stale=True)
        except InvalidToken:
            return None
