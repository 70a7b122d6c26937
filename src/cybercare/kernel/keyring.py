"""The key ring: the installation's secret keys. The current one signs; the previous ones still
verify during a grace period, so that rotating the secret logs nobody out and breaks no link.

Everything signed with the installation's secret takes the ring (sessions, CSRF tokens, password
reset links, terms tokens, the TOTP enrolment form, webhook signatures) or, where only one key
is at hand (a test, a bench), a plain string: a ring of that key alone. Keys derived for other
uses (the TOTP secrets' encryption key, identity/totp_sealing.py) come from the same ring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class KeyRing:
    current: str = field(repr=False)  # never in a log line or a traceback
    previous: tuple[str, ...] = field(default=(), repr=False)  # newest first
    # The end of the grace period: from this instant the previous keys verify nothing.
    # None: until they are removed from the settings.
    previous_until: datetime | None = None

    def __post_init__(self) -> None:
        if not self.current:
            raise ValueError("the key ring needs a current key")
        if self.current in self.previous:
            raise ValueError("a previous key cannot also be the current one")

    @classmethod
    def of(cls, keys: SecretKeys) -> KeyRing:
        return keys if isinstance(keys, KeyRing) else cls(keys)

    def in_grace(self, now: datetime) -> bool:
        return bool(self.previous) and (self.previous_until is None or now < self.previous_until)

    def verifying(self, now: datetime) -> tuple[str, ...]:
        """The keys a signature may have been made with at `now`, newest (the current) first."""
        return (self.current, *self.previous) if self.in_grace(now) else (self.current,)

    def oldest_first(self, now: datetime) -> list[str]:
        """The verifying keys in itsdangerous's order: it signs with the last, verifies with all."""
        return list(reversed(self.verifying(now)))


SecretKeys = KeyRing | str
