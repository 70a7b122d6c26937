"""Webhook signatures in the Standard Webhooks scheme (https://www.standardwebhooks.com), made
with the `standardwebhooks` library, so a partner verifies with the library of their language.

Each delivery carries

    webhook-id: <event id>            (stable across redeliveries: the receiver's dedupe key)
    webhook-timestamp: <unix seconds> (of this attempt)
    webhook-signature: v1,<base64 HMAC-SHA256(secret, f"{id}.{timestamp}.{raw body}")> [v1,...]
    Cybercare-Event-Type: <event type> (a convenience for routing; the body says it too)

The secret of an endpoint is `whsec_<base64 of 32 bytes>`. It is derived, never stored:
HMAC-SHA256 of the installation's secret key over ``webhook-endpoint:<endpoint id>:<version>``.
Rotating it bumps the version. During a grace period a delivery carries one `v1,` signature per
secret the receiver may still hold, space-separated: the version before a rotation of the
endpoint's secret (until `previous_secret_until`), and the secrets derived from the key ring's
previous keys (until the ring's grace ends), so that neither rotation loses an event.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from standardwebhooks import Webhook

from cybercare.kernel.keyring import KeyRing, SecretKeys

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
EVENT_ID_HEADER = ID_HEADER  # the event id is the message id: a receiver dedupes on it
EVENT_TYPE_HEADER = "Cybercare-Event-Type"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
DEFAULT_TOLERANCE_S = 300


def endpoint_secret(secret_key: str, endpoint_id: int, version: int) -> str:
    """The signing secret of one endpoint at one version (`whsec_…`): shown once to the
    distributor, derived again at each delivery."""
    message = f"webhook-endpoint:{endpoint_id}:{version}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return SECRET_PREFIX + base64.b64encode(digest).decode("ascii")


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


def signature_header(
    secrets: Sequence[str], *, message_id: str, timestamp: datetime, body: bytes
) -> str:
    """`v1,<sig>` per secret, space-separated (the Standard Webhooks list form)."""
    return " ".join(
        Webhook(secret).sign(message_id, timestamp.astimezone(UTC), body) for secret in secrets
    )


def signed_headers(
    *,
    secrets: Sequence[str],
    timestamp: datetime,
    body: bytes,
    event_id: str,
    event_type: str,
) -> dict[str, str]:
    """Every header a webhook delivery carries; `secrets`: the current one first, then those
    still in their grace period, each signing."""
    if not secrets:
        raise ValueError("a delivery is signed with at least one secret")
    return {
        "Content-Type": "application/json",
        ID_HEADER: event_id,
        TIMESTAMP_HEADER: str(int(timestamp.timestamp())),
        SIGNATURE_HEADER: signature_header(
            secrets, message_id=event_id, timestamp=timestamp, body=body
        ),
        EVENT_TYPE_HEADER: event_type,
    }


def verify(
    headers: Mapping[str, str],
    body: bytes | str,
    secret: str,
    now: datetime | float,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
) -> bool:
    """What `standardwebhooks.Webhook(secret).verify` checks, against the injected clock `now`
    (the library reads the wall clock): the id, timestamp and one of the `v1,` signatures sign
    exactly `body` with `secret`, within `tolerance_s`. A malformed header is simply not valid.
    Partners use the library itself (docs/outbox.md)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    message_id = lowered.get(ID_HEADER)
    stamp = lowered.get(TIMESTAMP_HEADER)
    signatures = lowered.get(SIGNATURE_HEADER)
    if not (message_id and stamp and signatures):
        return False
    try:
        timestamp = int(stamp)
    except ValueError:
        return False
    current = now.timestamp() if isinstance(now, datetime) else float(now)
    if abs(current - timestamp) > tolerance_s:
        return False
    raw = body.encode() if isinstance(body, str) else body
    expected = Webhook(secret).sign(message_id, datetime.fromtimestamp(timestamp, UTC), raw)
    return any(
        hmac.compare_digest(expected.encode(), candidate.encode())
        for candidate in signatures.split(" ")
    )
