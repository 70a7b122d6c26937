"""Rate limits: at most `limit` hits per key in a window of `window_s` seconds.

The window of a key opens at its first hit and closes `window_s` later (a fixed window anchored
on the key, so keys do not all reset at the same instant); the next hit after it opens a new
one. Every hit counts, a refused one too, but a refused hit never moves the end of the window:
hammering does not lengthen the wait. The counter itself lives in the database
(`cybercare.db.rate_limits`), shared by every process; this module only decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RatePolicy:
    """`name` is what the `RateLimit-Policy` header calls it (a partner sees it)."""

    name: str
    limit: int
    window_s: int

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window_s < 1:
            raise ValueError("a rate limit needs a limit and a window of at least 1")


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    remaining: int  # hits still allowed in the current window
    retry_after_s: int  # 0 when allowed; else whole seconds until the next hit is allowed
    reset_s: int  # whole seconds until the current window ends (0: no window open)


def decide(policy: RatePolicy, hits: int, window_ends_at: datetime, now: datetime) -> RateDecision:
    """The decision on a hit that brought the key's count to `hits` in the window ending at
    `window_ends_at`: allowed while `hits` is within the limit."""
    reset_s = _seconds_left(window_ends_at, now)
    if hits > policy.limit:
        return RateDecision(False, 0, max(1, reset_s), reset_s)
    return RateDecision(True, policy.limit - hits, 0, reset_s)


def before_hit(
    policy: RatePolicy, hits: int, window_ends_at: datetime | None, now: datetime
) -> RateDecision:
    """What the next hit would get, for a key with `hits` so far in the window ending at
    `window_ends_at` (None: no window); a look, nothing is counted."""
    reset_s = 0 if window_ends_at is None else _seconds_left(window_ends_at, now)
    if reset_s == 0:  # the window has ended: its hits no longer count
        return RateDecision(True, policy.limit, 0, 0)
    if hits >= policy.limit:
        return RateDecision(False, 0, reset_s, reset_s)
    return RateDecision(True, policy.limit - hits, 0, reset_s)


def _seconds_left(window_ends_at: datetime, now: datetime) -> int:
    return max(0, math.ceil((window_ends_at - now).total_seconds()))


class RateLimiter(Protocol):
    policy: RatePolicy

    def hit(self, key: str) -> RateDecision:
        """Count one hit for `key` and say whether it is allowed."""
        ...

    def peek(self, key: str) -> RateDecision:
        """Whether a hit for `key` would be allowed now, without counting one (to look before
        an attempt that counts only when it fails)."""
        ...

    def reset(self, key: str) -> None:
        """Forget `key`'s hits (e.g. after a successful sign-in)."""
        ...
