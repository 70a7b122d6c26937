"""How often one may try to sign in, and from where.

Two counters guard the password form (OWASP's advice: per account and per source):

- per e-mail address, every attempt counts (the app's `login_limiter`, 5 per 15 minutes), and a
  successful sign-in clears it: a password cannot be guessed quickly, whoever guesses;
- per client address, only *failed* attempts count (20 per 15 minutes): one address trying many
  accounts (password spraying) is stopped, while an office or a mobile operator whose many users
  share one address signs in all morning without trouble.

The second looks before it counts (`peek`: a refused attempt must not even check the password)
and counts failures only. Both are built with the app (web/app.py, `WebState`) and live in this
process; with several processes behind a load balancer each keeps its own count (a stricter,
shared store implements the same `RateLimiter` protocol).
"""

from __future__ import annotations

import math

from starlette.requests import Request

from cybercare.web.ratelimit import RateDecision, RateLimiter

IP_FAILURES = 20
IP_WINDOW_S = 15 * 60


def attempts_limiter(request: Request) -> RateLimiter:
    """Every attempt per e-mail address (and per user for codes and password checks)."""
    limiter: RateLimiter = request.app.state.web.login_limiter
    return limiter


def failures_limiter(request: Request) -> RateLimiter:
    """Failed sign-ins per client address."""
    limiter: RateLimiter = request.app.state.web.signin_failures
    return limiter


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a reverse proxy, run uvicorn with
    `--proxy-headers --forwarded-allow-ips` so that this is the visitor, not the proxy)."""
    return request.client.host if request.client else "unknown"


def wait_minutes(decision: RateDecision) -> int:
    return max(1, math.ceil(decision.retry_after_s / 60))
