"""A rate limiter for abuse-prone forms (sign-in, password reset): N hits per key per window.

`RateLimiter` is the protocol the forms use; `SlidingWindowLimiter` keeps the hits in process
memory (one app process). With several processes, a limiter backed by a shared store (PostgreSQL,
Redis) implements the same protocol. Keys are chosen by the caller, e.g. `login:ip:<address>` and
`login:email:<normalised e-mail>`.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    remaining: int  # hits still allowed in the current window
    retry_after_s: int  # 0 when allowed; else whole seconds until the next hit is allowed


class RateLimiter(Protocol):
    def hit(self, key: str) -> RateDecision:
        """Record one attempt for `key` if it is allowed; a refused attempt is not recorded."""
        ...

    def peek(self, key: str) -> RateDecision:
        """Whether a hit for `key` would be allowed now, without recording one (to look before
        an attempt that counts only when it fails)."""
        ...

    def reset(self, key: str) -> None:
        """Forget `key`'s attempts (e.g. after a successful sign-in)."""
        ...


class SlidingWindowLimiter:
    """At most `limit` hits per `window_s` seconds per key, over a sliding window (a log of hit
    times per key). Thread-safe; keys whose hits have all expired are dropped."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        *,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("limit must be at least 1 and the window positive")
        self.limit = limit
        self.window_s = window_s
        self._now = now
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def hit(self, key: str) -> RateDecision:
        with self._lock:
            moment = self._now()
            self._calls += 1
            if self._calls % 1024 == 0:
                self._sweep(moment)
            hits = self._hits.setdefault(key, deque())
            decision = self._decide(hits, moment)
            if decision.allowed:
                hits.append(moment)
                return RateDecision(True, decision.remaining - 1, 0)
            return decision

    def peek(self, key: str) -> RateDecision:
        with self._lock:
            return self._decide(self._hits.get(key, deque()), self._now())

    def _decide(self, hits: deque[float], moment: float) -> RateDecision:
        """The decision for one more hit now (the hits of the window expired first)."""
        self._expire(hits, moment)
        if len(hits) >= self.limit:
            wait = hits[0] + self.window_s - moment
            return RateDecision(False, 0, max(1, math.ceil(wait)))
        return RateDecision(True, self.limit - len(hits), 0)

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)

    def tracked_keys(self) -> int:
        with self._lock:
            return len(self._hits)

    def _expire(self, hits: deque[float], moment: float) -> None:
        while hits and hits[0] <= moment - self.window_s:
            hits.popleft()

    def _sweep(self, moment: float) -> None:
        for key in list(self._hits):
            hits = self._hits[key]
            self._expire(hits, moment)
            if not hits:
                del self._hits[key]
