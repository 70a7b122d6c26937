"""Masks what a log line must never hold: e-mail addresses, Belgian national register numbers,
IBANs, bearer tokens and other long random secrets (API keys, session cookies, password-reset
and terms tokens).

A safety net, not the rule: no code path logs request bodies, query strings or form fields
(the access log names the route template, never the query). Names cannot be recognised by a
pattern, which is why nothing that carries them is logged at all (tests/observability).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

from stdnum.be import nn as national_number

EMAIL_MASK = "[email]"
NATIONAL_NUMBER_MASK = "[national-number]"
IBAN_MASK = "[iban]"
TOKEN_MASK = "[token]"  # noqa: S105 (the mask, not a secret)

_BEARER = re.compile(r"\b(bearer)\s+[^\s,;\"']+", re.IGNORECASE)
# The local part and domain of an address, "@" also percent-encoded (a path or a query).
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", re.IGNORECASE
)
# Two letters, two check digits, 11 to 30 letters or digits, in groups of four or not. Masked
# whether or not the check digits hold: a mistyped account is still someone's.
_IBAN = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b")
# YY MM DD NNN CC with or without separators, not inside a longer number.
_NATIONAL_NUMBER = re.compile(
    r"(?<![0-9])[0-9]{2}[ ./-]?[0-9]{2}[ ./-]?[0-9]{2}[ ./-]?[0-9]{3}[ ./-]?[0-9]{2}(?![0-9])"
)
_NATIONAL_LAYOUT = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[0-9]{3}\.[0-9]{2}")
# Runs of URL-safe base64, hex or signed-token characters long enough to be a secret.
_TOKEN = re.compile(r"[A-Za-z0-9_.~+-]{24,}")
_TOKEN_SURE_LENGTH = 40  # hex digests and the like: long runs of digits and one letter case

_DIGIT = re.compile(r"[0-9]")

# Keys this package writes itself from sanitised values: the request id (checked when received),
# and the access log's method (a known one or OTHER), route template (of the app's own routes),
# status and duration. Skipping them keeps the access log's cost at a few microseconds.
_TRUSTED_KEYS = frozenset(
    {"timestamp", "level", "logger", "request_id", "method", "route", "status", "duration_ms"}
)


def _national_number(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = re.sub(r"[^0-9]", "", candidate)
    if _NATIONAL_LAYOUT.fullmatch(candidate) or national_number.is_valid(digits):
        return NATIONAL_NUMBER_MASK
    return candidate


def _token(match: re.Match[str]) -> str:
    """A run with letters and digits, in both letter cases (base64) or very long (hex): a
    secret. Identifiers (`aff_7H3K9Q2M4X1P`), request ids (32 hex digits), dotted module names
    and route templates stay readable."""
    run = match.group(0)
    has_digit = any(c.isdigit() for c in run)
    has_lower = any(c.islower() for c in run)
    has_upper = any(c.isupper() for c in run)
    both_cases = has_lower and has_upper
    if has_digit and (both_cases or ((has_lower or has_upper) and len(run) >= _TOKEN_SURE_LENGTH)):
        return TOKEN_MASK
    return run


def redact(text: str) -> str:
    """`text` with every e-mail address, national number, IBAN and secret masked. Each pattern
    runs only where it can match (an "@", a digit): most values are skipped in a microsecond."""
    if "earer" in text or "EARER" in text:
        text = _BEARER.sub(r"\1 " + TOKEN_MASK, text)
    if "@" in text or "%40" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    if _DIGIT.search(text) is None:
        return text  # national numbers, IBANs and secrets all hold digits
    text = _IBAN.sub(IBAN_MASK, text)
    text = _NATIONAL_NUMBER.sub(_national_number, text)
    return _TOKEN.sub(_token, text)


def redact_value(value: Any) -> Any:
    """Strings masked; mappings, lists and tuples walked; other values (numbers) kept."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(item) for item in value]
    return value


def redact_event(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> Any:
    """The structlog processor: every value of the event, after the exception was formatted into
    text (a traceback quotes exception messages) and before rendering."""
    for key, value in event.items():
        if key not in _TRUSTED_KEYS:
            event[key] = redact_value(value)
    return event
