"""The redaction that every log line (and span) goes through: e-mail addresses, national
numbers, IBANs and secrets are masked; the identifiers an operator needs stay readable."""

from __future__ import annotations

import hashlib
import logging
import secrets

import pytest
from itsdangerous import URLSafeSerializer

from cybercare.kernel import bearer
from cybercare.kernel.ids import new_id
from cybercare.observability.redaction import (
    EMAIL_MASK,
    IBAN_MASK,
    NATIONAL_NUMBER_MASK,
    TOKEN_MASK,
    redact,
    redact_event,
)
from tests.observability.conftest import LogLines


@pytest.mark.parametrize(
    "address",
    ["marie.dubois@example.be", "An.Peeters+claims@mail.peeters.example", "x_y-z@a-b.co.uk"],
)
def test_an_e_mail_address_is_masked(address: str) -> None:
    assert redact(f"sent to {address}, then retried") == f"sent to {EMAIL_MASK}, then retried"


def test_an_e_mail_address_percent_encoded_in_a_path_is_masked() -> None:
    assert redact("/search/marie.dubois%40example.be") == f"/search/{EMAIL_MASK}"


@pytest.mark.parametrize("number", ["85073003328", "85.07.30-033.28", "85 07 30 033 28"])
def test_a_valid_national_register_number_is_masked_in_any_layout(number: str) -> None:
    assert redact(f"nn={number};") == f"nn={NATIONAL_NUMBER_MASK};"


def test_a_number_in_the_national_layout_is_masked_even_with_wrong_check_digits() -> None:
    """A mistyped national number is still someone's."""
    assert redact("85.07.30-033.99") == NATIONAL_NUMBER_MASK


def test_eleven_digits_that_are_no_national_number_stay() -> None:
    assert redact("sequence 12345678901 of 99999999999") == "sequence 12345678901 of 99999999999"


@pytest.mark.parametrize(
    "iban", ["BE71096123456769", "BE71 0961 2345 6769", "NL91ABNA0417164300", "BE00096123456769"]
)
def test_an_iban_is_masked_valid_or_not(iban: str) -> None:
    assert redact(f"pay {iban} now") == f"pay {IBAN_MASK} now"


def test_a_bearer_token_is_masked_whatever_its_form() -> None:
    assert redact("Authorization: Bearer abc") == f"Authorization: Bearer {TOKEN_MASK}"
    assert redact("authorization=bearer x.y.z") == f"authorization=bearer {TOKEN_MASK}"


def test_the_platforms_own_secrets_are_masked() -> None:
    api_key = bearer.mint("cck", "key").token
    session_id = secrets.token_urlsafe(32)
    reset_token = URLSafeSerializer("s" * 40, salt="reset").dumps(
        {"u": new_id("usr"), "p": "f" * 16, "t": 1_790_000_000}
    )
    digest = hashlib.sha256(b"secret").hexdigest()
    for secret in (api_key, session_id, reset_token, digest):
        assert redact(f"value {secret} end") == f"value {TOKEN_MASK} end", secret


@pytest.mark.parametrize(
    "kept",
    [
        # fixed values: pytest-xdist's workers must collect the same test ids
        "aff_E6NPWXP3KSK6",  # our identifiers (new_id's form): an operator follows them
        "bcc137579870488586bc316f4f2a414f",  # request ids (uuid4 hex)
        "/api/v1/affiliations/{affiliation_id}",
        "cybercare.observability.request_id",
        "2026-11-27T09:00:00.123456Z",
        "GET /static/{path} 200 12.5 ms",
        "/srv/cybercare/.venv/lib/python3.11/site-packages/starlette/routing.py",
        "WriteInReadOnlyUnitOfWork",
        "amount 12000 cents, 3 claims",
    ],
)
def test_what_an_operator_needs_stays_readable(kept: str) -> None:
    assert redact(kept) == kept


def test_the_processor_masks_every_value_nested_or_not() -> None:
    event = {
        "event": "mail to marie.dubois@example.be refused",
        "details": {"iban": "BE71096123456769", "codes": ["85073003328", 3]},
        "attempts": 3,
    }
    assert redact_event(None, "info", event) == {
        "event": f"mail to {EMAIL_MASK} refused",
        "details": {"iban": IBAN_MASK, "codes": [NATIONAL_NUMBER_MASK, 3]},
        "attempts": 3,
    }


def test_a_tracebacks_exception_message_is_masked_in_the_log_line(log_lines: LogLines) -> None:
    try:
        raise ValueError("no account for marie.dubois@example.be (BE71096123456769)")
    except ValueError:
        logging.getLogger("cybercare.test").exception("sending failed")
    (event,) = log_lines.of("cybercare.test")
    assert "marie.dubois" not in event["exception"] and "BE71" not in event["exception"]
    assert f"no account for {EMAIL_MASK} ({IBAN_MASK})" in event["exception"]
