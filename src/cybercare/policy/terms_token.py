"""The terms token: proof that the customer was shown a given product version's terms.

A quote issues it, signed with the installation's secret (itsdangerous, timestamped); subscribing
requires it, for the same distributor, within its validity. It names the product version and the
SHA-256 of the rules document shown, so the affiliation records exactly what was accepted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.keyring import KeyRing, SecretKeys

VALIDITY = timedelta(days=30)
_SALT = "cybercare.terms-token.v1"


@dataclass(frozen=True, slots=True)
class TermsShown:
    product_code: str
    product_version: str
    distributor: str
    documents_sha256: str  # the rules of the version, as published


def _serializer(keys: SecretKeys, now: datetime) -> URLSafeTimedSerializer:
    """Signs with the key ring's current key; verifies with every key still in its grace."""

    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:  # the injected clock, not the wall clock
            return int(now.timestamp())

    ring = KeyRing.of(keys)
    return URLSafeTimedSerializer(ring.oldest_first(now), salt=_SALT, signer=ClockSigner)


def issue(keys: SecretKeys, terms: TermsShown, now: datetime) -> str:
    return str(
        _serializer(keys, now).dumps(
            [
                terms.product_code,
                terms.product_version,
                terms.distributor,
                terms.documents_sha256,
            ]
        )
    )


def verify(keys: SecretKeys, token: str, now: datetime) -> TermsShown:
    serializer = _serializer(keys, now)
    try:
        code, version, distributor, documents = serializer.loads(
            token, max_age=int(VALIDITY.total_seconds())
        )
    except SignatureExpired:
        raise InvalidInput(
            "terms_token", "expired: request a new quote and show the terms again"
        ) from None
    except (BadSignature, ValueError, TypeError):
        raise InvalidInput("terms_token", "not a token issued by POST /quotes") from None
    return TermsShown(str(code), str(version), str(distributor), str(documents))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
