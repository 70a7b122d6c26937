"""Webhook signatures: a receiver can prove a delivery came from us, unaltered and recent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cybercare.outbox.signing import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    endpoint_secret,
    signature_header,
    signed_headers,
    verify,
)

KEY = "installation-secret-key-used-only-in-these-tests-0001"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T = int(NOW.timestamp())
BODY = b'{"affiliation":"aff_1","status":"active"}'
SECRET = endpoint_secret(KEY, 7, 1)


def test_a_signed_body_verifies_with_the_endpoint_secret() -> None:
    assert verify(signature_header(SECRET, T, BODY), BODY, SECRET, NOW)


def test_the_header_follows_the_t_and_v1_scheme() -> None:
    headers = signed_headers(
        secret=SECRET, timestamp=T, body=BODY, event_id="evt_1", event_type="claim.decided"
    )
    timestamp, signature = headers[SIGNATURE_HEADER].split(",")
    assert timestamp == f"t={T}"
    assert signature.startswith("v1=") and len(signature) == 3 + 64
    assert headers[EVENT_ID_HEADER] == "evt_1"
    assert headers[EVENT_TYPE_HEADER] == "claim.decided"


def test_a_tampered_body_fails_verification() -> None:
    header = signature_header(SECRET, T, BODY)
    assert not verify(header, BODY.replace(b"active", b"closed"), SECRET, NOW)


def test_a_timestamp_older_than_the_tolerance_fails_verification() -> None:
    header = signature_header(SECRET, T, BODY)
    assert verify(header, BODY, SECRET, NOW + timedelta(seconds=300))
    assert not verify(header, BODY, SECRET, NOW + timedelta(seconds=301))
    assert not verify(header, BODY, SECRET, NOW - timedelta(seconds=301))  # from the future
    assert verify(header, BODY, SECRET, NOW + timedelta(hours=1), tolerance_s=3600)


def test_a_signature_made_with_another_secret_fails_verification() -> None:
    header = signature_header(SECRET, T, BODY)
    assert not verify(header, BODY, endpoint_secret(KEY, 7, 2), NOW)  # rotated
    assert not verify(header, BODY, endpoint_secret(KEY, 8, 1), NOW)  # another endpoint


def test_a_malformed_header_is_never_valid() -> None:
    good = signature_header(SECRET, T, BODY)
    signature = good.split(",")[1]
    for header in ("", "garbage", f"t=abc,{signature}", signature, f"t={T}", f"t={T},v0=00"):
        assert not verify(header, BODY, SECRET, NOW), header


def test_one_matching_signature_among_several_is_enough() -> None:
    header = f"{signature_header(SECRET, T, BODY)},v1={'0' * 64}"
    assert verify(header, BODY, SECRET, NOW)


def test_endpoint_secrets_are_derived_per_endpoint_and_version_never_random() -> None:
    assert endpoint_secret(KEY, 7, 1) == endpoint_secret(KEY, 7, 1)
    derived = {endpoint_secret(KEY, e, v) for e in (1, 2) for v in (1, 2)}
    assert len(derived) == 4
    assert endpoint_secret("another-installation-key", 7, 1) != SECRET


@given(body=st.binary(max_size=512), flip=st.integers(min_value=0))
def test_any_body_verifies_and_any_changed_byte_breaks_it(body: bytes, flip: int) -> None:
    header = signature_header(SECRET, T, body)
    assert verify(header, body, SECRET, T)
    if body:
        index = flip % len(body)
        changed = body[:index] + bytes([body[index] ^ 1]) + body[index + 1 :]
        assert not verify(header, changed, SECRET, T)
