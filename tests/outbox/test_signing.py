"""Webhook signatures (Standard Webhooks): a receiver proves with the `standardwebhooks` library
that a delivery came from us, unaltered and recent; during a rotation both secrets verify."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from cybercare.kernel.clock import SystemClock
from cybercare.outbox.signing import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    endpoint_secret,
    endpoint_secrets,
    signed_headers,
    verify,
)

KEY = "installation-secret-key-used-only-in-these-tests-0001"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BODY = b'{"affiliation":"aff_1","status":"active"}'
SECRET = endpoint_secret(KEY, 7, 1)


def _headers(*secrets: str, at: datetime = NOW, body: bytes = BODY) -> dict[str, str]:
    return signed_headers(
        secrets=secrets or (SECRET,),
        timestamp=at,
        body=body,
        event_id="evt_1",
        event_type="claim.decided",
    )


def test_the_standardwebhooks_library_verifies_a_delivery_with_the_whsec_secret() -> None:
    now = SystemClock().now()  # the library checks the timestamp against the wall clock
    headers = _headers(at=now)
    assert Webhook(SECRET).verify(BODY, headers) == {"affiliation": "aff_1", "status": "active"}
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(BODY + b" ", headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint_secret(KEY, 7, 2)).verify(BODY, headers)


def test_the_headers_follow_the_standard_webhooks_scheme() -> None:
    headers = _headers()
    assert headers[EVENT_ID_HEADER] == "evt_1"
    assert headers[TIMESTAMP_HEADER] == str(int(NOW.timestamp()))
    scheme, _, signature = headers[SIGNATURE_HEADER].partition(",")
    assert scheme == "v1" and len(base64.b64decode(signature)) == 32
    assert headers[EVENT_TYPE_HEADER] == "claim.decided"
    assert SECRET.startswith("whsec_") and len(base64.b64decode(SECRET[6:])) == 32


def test_during_a_rotation_both_signatures_are_sent_and_each_secret_verifies() -> None:
    old, new = endpoint_secret(KEY, 7, 1), endpoint_secret(KEY, 7, 2)
    now = SystemClock().now()
    headers = _headers(new, old, at=now)
    assert len(headers[SIGNATURE_HEADER].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify(BODY, headers)
    secrets = endpoint_secrets(KEY, 7, 2, previous_until=NOW + timedelta(hours=1), now=NOW)
    assert secrets == [new, old]
    until = NOW + timedelta(hours=1)
    after = endpoint_secrets(KEY, 7, 2, previous_until=until, now=until)
    assert after == [new]  # the grace is over: the old secret is dropped


def test_a_tampered_body_fails_verification() -> None:
    assert not verify(_headers(), BODY.replace(b"active", b"closed"), SECRET, NOW)


def test_a_timestamp_older_than_the_tolerance_fails_verification() -> None:
    headers = _headers()
    assert verify(headers, BODY, SECRET, NOW + timedelta(seconds=300))
    assert not verify(headers, BODY, SECRET, NOW + timedelta(seconds=301))
    assert not verify(headers, BODY, SECRET, NOW - timedelta(seconds=301))  # from the future
    assert verify(headers, BODY, SECRET, NOW + timedelta(hours=1), tolerance_s=3600)


def test_a_signature_made_with_another_secret_fails_verification() -> None:
    assert not verify(_headers(), BODY, endpoint_secret(KEY, 7, 2), NOW)  # rotated
    assert not verify(_headers(), BODY, endpoint_secret(KEY, 8, 1), NOW)  # another endpoint


def test_a_malformed_header_is_never_valid() -> None:
    good = _headers()
    for broken in (
        {**good, SIGNATURE_HEADER: ""},
        {**good, SIGNATURE_HEADER: "garbage"},
        {**good, TIMESTAMP_HEADER: "abc"},
        {key: value for key, value in good.items() if key != EVENT_ID_HEADER},
        {**good, EVENT_ID_HEADER: "evt_2"},  # the id is signed too
    ):
        assert not verify(broken, BODY, SECRET, NOW), broken


def test_one_matching_signature_among_several_is_enough() -> None:
    headers = _headers()
    headers[SIGNATURE_HEADER] = f"v1,{'A' * 44} {headers[SIGNATURE_HEADER]}"
    assert verify(headers, BODY, SECRET, NOW)


def test_endpoint_secrets_are_derived_per_endpoint_and_version_never_random() -> None:
    assert endpoint_secret(KEY, 7, 1) == endpoint_secret(KEY, 7, 1)
    derived = {endpoint_secret(KEY, e, v) for e in (1, 2) for v in (1, 2)}
    assert len(derived) == 4
    assert endpoint_secret("another-installation-key", 7, 1) != SECRET


@given(body=st.binary(max_size=512), flip=st.integers(min_value=0))
def test_any_body_verifies_and_any_changed_byte_breaks_it(body: bytes, flip: int) -> None:
    headers = _headers(body=body)
    assert verify(headers, body, SECRET, NOW)
    if body:
        index = flip % len(body)
        changed = body[:index] + bytes([body[index] ^ 1]) + body[index + 1 :]
        assert not verify(headers, changed, SECRET, NOW)
