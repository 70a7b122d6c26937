"""How often one may try to sign in, and from where.

Two counters guard the password form (OWASP's advice: per account and per source):

- per e-mail address, every attempt counts (the app's `login_limiter`, 5 per 15 minutes), and a
  successful sign-in clears it: a password cannot be guessed quickly, whoever guesses;
- per client address, only *failed* attempts count (20 per 15 minutes): one address trying many
  accounts (password spraying) is stopped, while an office or a mobile operator whose many users
  share one address signs in all morning without trouble.

The second looks before it counts (`peek`: a refused attempt must not even check the password)
and counts failures only. Both are built with the app (web/app.py, `WebState`) on the database
(`cybercare.db.rate_limits`): every server process shares their counts. The client address is
the connecting peer, or what a trusted proxy says it is (`cybercare.http.client`).
"""

from __future__ import annotations

import math

from starlette.requests import Request

from cybercare.bootstrap import Container
from cybercare.db.rate_limits import SharedRateLimiter
from cybercare.kernel.rate_limits import RateDecision, RateLimiter, RatePolicy

# Sign-in attempts per key (address, e-mail) before the form refuses for a while.
LOGIN_ATTEMPTS = RatePolicy("sign-in", limit=5, window_s=15 * 60)
IP_FAILURES = RatePolicy("sign-in-failures", limit=20, window_s=15 * 60)


def attempts_limiter_for(container: Container) -> RateLimiter:
    return SharedRateLimiter(container.database, container.clock, LOGIN_ATTEMPTS)


def failures_limiter_for(container: Container) -> RateLimiter:
    return SharedRateLimiter(container.database, container.clock, IP_FAILURES)


def attempts_limiter(request: Request) -> RateLimiter:
    """Every attempt per e-mail address (and per user for codes and password checks)."""
    limiter: RateLimiter = request.app.state.web.login_limiter
    return limiter


def failures_limiter(request: Request) -> RateLimiter:
    """Failed sign-ins per client address."""
    limiter: RateLimiter = request.app.state.web.signin_failures
    return limiter


def wait_minutes(decision: RateDecision) -> int:
    return max(1, math.ceil(decision.retry_after_s / 60))
