"""Passwords (argon2id) and TOTP second factors (RFC 6238): the checks, no storage.

argon2-cffi's `PasswordHasher` holds the parameters (RFC 9106 low-memory profile); a hash made
with older parameters is re-hashed at the next successful sign-in. pyotp computes the TOTP codes;
the time comes from the injected clock so that tests need no sleeping.
"""

from __future__ import annotations

import contextlib
import hmac
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cybercare.kernel.errors import InvalidInput

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
TOTP_ISSUER = "Cyber Care"

_hasher = PasswordHasher()
# Verified when the e-mail is unknown, so that an unknown address costs the same time as a
# known one with a wrong password (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash("a password nobody has, only used to spend the same time")


class WeakPassword(InvalidInput):
    """A new password the rules refuse; `problem` says which rule (the web words it)."""

    code = "identity.weak_password"

    def __init__(self, problem: str, message: str) -> None:
        super().__init__("password", message)
        self.problem = problem


TOO_SHORT = "too_short"
TOO_LONG = "too_long"
IS_EMAIL = "is_email"


def check_new_password(password: str, *, email: str) -> None:
    """NIST SP 800-63B: a length floor, no composition rules, not the e-mail address itself."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(TOO_SHORT, f"at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(TOO_LONG, f"at most {MAX_PASSWORD_LENGTH} characters")
    if password.strip().lower() == email.strip().lower():
        raise WeakPassword(IS_EMAIL, "the password must not be the e-mail address")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    if stored_hash is None:
        spend_time_for_unknown_user(password)
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def spend_time_for_unknown_user(password: str) -> None:
    """Verify against a dummy hash: as long as checking a real password."""
    with contextlib.suppress(VerificationError):
        _hasher.verify(_DUMMY_HASH, password)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=TOTP_ISSUER)


def totp_step(secret: str, code: str, at: datetime) -> int | None:
    """The 30-second time step whose 6-digit code `code` is: the step of `at`, or the one just
    before or after (clock drift); None when it is none of them. Knowing the step lets the caller
    refuse a code used before (RFC 6238 section 5.2)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != 6:
        return None
    totp = pyotp.TOTP(secret)
    found: int | None = None
    for drift in (-1, 0, 1):  # compare all three, in constant time each
        moment = at + timedelta(seconds=drift * totp.interval)
        if hmac.compare_digest(totp.at(moment), digits):
            found = totp.timecode(moment)
    return found


def totp_code(secret: str, at: datetime) -> str:
    """The current code (what the member's authenticator app shows): tests and the demo."""
    return pyotp.TOTP(secret).at(at)
