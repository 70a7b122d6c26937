"""How often one may try to sign in, and from where.

Two counters guard the password form (OWASP's advice: per account and per source):

- per e-mail address, every attempt counts (the app's `login_limiter`, 5 per 15 minutes), and a
  successful sign-in clears it: a password cannot be guessed quickly, whoever guesses;
- per client address, only *failed* attempts count (20 per 15 minutes): one address trying many
  accounts (password spraying) is stopped, while an office or a mobile operator whose many users
  share one address signs in all morning without trouble.

The second needs to look before it counts (a refused attempt must not even check the password),
so it is a `SlidingWindowLimiter` that can `peek`. It lives in this process, like the app's
limiter; with several processes behind a load balancer each keeps its own count (a stricter,
shared store implements the same two methods).
"""

from __future__ import annotations

import math
import threading

from starlette.requests import Request

from cybercare.web.ratelimit import RateDecision, RateLimiter, SlidingWindowLimiter

IP_FAILURES = 20
IP_WINDOW_S = 15 * 60

_create_lock = threading.Lock()


class FailureLimiter(SlidingWindowLimiter):
    """A sliding window that can say whether the next hit would be allowed without recording
    it: `peek` before the attempt, `hit` when it failed."""

    def peek(self, key: str) -> RateDecision:
        with self._lock:
            moment = self._now()
            hits = self._hits.get(key)
            if not hits:
                return RateDecision(True, self.limit, 0)
            self._expire(hits, moment)
            if len(hits) >= self.limit:
                wait = hits[0] + self.window_s - moment
                return RateDecision(False, 0, max(1, math.ceil(wait)))
            return RateDecision(True, self.limit - len(hits), 0)


def attempts_limiter(request: Request) -> RateLimiter:
    """Every attempt per e-mail address (and per user for codes and password checks)."""
    limiter: RateLimiter = request.app.state.web.login_limiter
    return limiter


def failures_limiter(request: Request) -> FailureLimiter:
    """Failed sign-ins per client address; one per application, made on first use."""
    state = request.app.state
    limiter = getattr(state, "signin_failures", None)
    if limiter is None:
        with _create_lock:
            limiter = getattr(state, "signin_failures", None)
            if limiter is None:
                limiter = FailureLimiter(IP_FAILURES, IP_WINDOW_S)
                state.signin_failures = limiter
    assert isinstance(limiter, FailureLimiter)
    return limiter


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a reverse proxy, run uvicorn with
    `--proxy-headers --forwarded-allow-ips` so that this is the visitor, not the proxy)."""
    return request.client.host if request.client else "unknown"


def wait_minutes(decision: RateDecision) -> int:
    return max(1, math.ceil(decision.retry_after_s / 60))
