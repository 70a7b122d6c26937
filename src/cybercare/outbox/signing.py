"""Webhook signatures, Stripe style, and the per-endpoint secrets they use.

Each delivery carries

    Cybercare-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{raw body}")>
    Cybercare-Event-Id: <event id>      (the receiver's dedupe key: a redelivery repeats it)
    Cybercare-Event-Type: <event type>

The secret of an endpoint is derived, never stored: HMAC-SHA256 of the installation's secret key
over ``webhook-endpoint:<endpoint id>:<version>``. Rotating it bumps the version. During a grace
period a delivery carries one `v1=` signature per secret the receiver may still hold: the
version before a rotation of the endpoint's secret (until `previous_secret_until`), and the
secrets derived from the key ring's previous keys (until the ring's grace ends), so that neither
rotation loses an event. `verify` is what a receiver runs; docs/outbox.md has the same check as a
standalone snippet for distributors.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime

from cybercare.kernel.keyring import KeyRing, SecretKeys

SIGNATURE_HEADER = "Cybercare-Signature"
EVENT_ID_HEADER = "Cybercare-Event-Id"
EVENT_TYPE_HEADER = "Cybercare-Event-Type"
SIGNATURE_SCHEME = "v1"
DEFAULT_TOLERANCE_S = 300


def endpoint_secret(secret_key: str, endpoint_id: int, version: int) -> str:
    """The signing secret of one endpoint at one version (hex): shown once to the distributor."""
    message = f"webhook-endpoint:{endpoint_id}:{version}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def endpoint_secrets(
    keys: SecretKeys,
    endpoint_id: int,
    version: int,
    *,
    previous_until: datetime | None,
    now: datetime,
) -> list[str]:
    """The secrets a delivery at `now` is signed with, the current one first: the endpoint's
    version, then the version before while its grace lasts, each derived from every key of the
    ring still verifying."""
    versions = [version]
    if previous_until is not None and now < previous_until and version > 1:
        versions.append(version - 1)
    derived = [
        endpoint_secret(key, endpoint_id, each)
        for each in versions
        for key in KeyRing.of(keys).verifying(now)
    ]
    return list(dict.fromkeys(derived))


def compute_signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes, *, also: Sequence[str] = ()) -> str:
    """`t=<timestamp>,v1=<signature>`, with one more `v1=` per secret of `also`."""
    signatures = (compute_signature(each, timestamp, body) for each in (secret, *also))
    return ",".join([f"t={timestamp}", *(f"{SIGNATURE_SCHEME}={sig}" for sig in signatures)])


def signed_headers(
    *,
    secret: str,
    timestamp: int,
    body: bytes,
    event_id: str,
    event_type: str,
    also: Sequence[str] = (),
) -> dict[str, str]:
    """Every header a webhook delivery carries, the signature included (`also`: the secrets
    still in their grace period, each signing too)."""
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature_header(secret, timestamp, body, also=also),
        EVENT_ID_HEADER: event_id,
        EVENT_TYPE_HEADER: event_type,
    }


def verify(
    header: str,
    body: bytes | str,
    secret: str,
    now: datetime | float,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
) -> bool:
    """True when `header` signs exactly `body` with `secret`, within `tolerance_s` of `now`.

    `body` must be the raw request body as received (not re-serialised JSON). A header may carry
    several `v1=` entries; one match is enough. A malformed header is simply not valid.
    """
    raw = body.encode() if isinstance(body, str) else body
    current = now.timestamp() if isinstance(now, datetime) else float(now)
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == SIGNATURE_SCHEME:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if abs(current - timestamp) > tolerance_s:
        return False
    expected = compute_signature(secret, timestamp, raw)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
