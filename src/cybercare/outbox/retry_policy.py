"""How webhook deliveries retry, when an endpoint's circuit opens, and when a failing endpoint is
disabled (issue 18). Pure: the random part of the jitter comes in as a number, the time as `now`.

- **Backoff with jitter**: after the n-th failed attempt of a message the nominal wait is
  `base * 2**(n-1)` capped at `cap` (1 s, 2 s, 4 s, … 1 h); the wait drawn is uniform in
  [nominal / 2, nominal] ("equal jitter"), so retries of many messages failed together spread out
  instead of arriving in waves, and a message never waits less than half its nominal time.
- **Circuit breaker** per endpoint: `threshold` failures in a row (whatever the message) open the
  circuit for `cooldown * 2**(opens-1)` (1 s, 2 s, 4 s, … capped at 60 s): nothing is sent to the
  endpoint meanwhile, then one message probes it. A success closes the circuit; a failed probe
  opens it again, for longer. Probe failures do not count against the probing message's attempts:
  the endpoint is down, not the message.
- **Disabled** when the endpoint has failed without one success for `disable_after` (5 days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class WebhookPolicy:
    backoff_base: timedelta = timedelta(seconds=1)
    backoff_cap: timedelta = timedelta(hours=1)
    breaker_threshold: int = 5
    breaker_cooldown: timedelta = timedelta(seconds=1)
    breaker_cooldown_cap: timedelta = timedelta(seconds=60)
    disable_after: timedelta = timedelta(days=5)
    per_endpoint_in_flight: int = 16  # requests in flight to one endpoint, per worker

    def __post_init__(self) -> None:
        if self.breaker_threshold < 1 or self.per_endpoint_in_flight < 1:
            raise ValueError("the breaker threshold and the in-flight bound are at least 1")
        if self.backoff_base <= timedelta(0) or self.breaker_cooldown <= timedelta(0):
            raise ValueError("backoff and cooldown are positive")


def _doubling(base: timedelta, cap: timedelta, n: int) -> timedelta:
    # 2**n overflows timedelta long before n gets large: stop doubling once past the cap.
    wait = base
    for _ in range(max(n - 1, 0)):
        wait *= 2
        if wait >= cap:
            return cap
    return min(wait, cap)


def nominal_backoff(policy: WebhookPolicy, failed_attempts: int) -> timedelta:
    if failed_attempts < 1:
        raise ValueError("backoff is defined after at least one failed attempt")
    return _doubling(policy.backoff_base, policy.backoff_cap, failed_attempts)


def webhook_backoff(policy: WebhookPolicy, failed_attempts: int, fraction: float) -> timedelta:
    """The wait after `failed_attempts` failures; `fraction` is a uniform draw in [0, 1)."""
    if not 0.0 <= fraction < 1.0:
        raise ValueError("the jitter fraction is in [0, 1)")
    nominal = nominal_backoff(policy, failed_attempts)
    return nominal / 2 + (nominal / 2) * fraction


def circuit_cooldown(policy: WebhookPolicy, opens: int) -> timedelta:
    """How long the circuit stays open the `opens`-th time in a failing streak (1-based)."""
    if opens < 1:
        raise ValueError("the circuit opens at least once before it cools down")
    return _doubling(policy.breaker_cooldown, policy.breaker_cooldown_cap, opens)


def should_open(policy: WebhookPolicy, consecutive_failures: int, *, probe: bool) -> bool:
    """A failed probe reopens at once; otherwise `threshold` failures in a row open it."""
    return probe or consecutive_failures >= policy.breaker_threshold


def should_disable(policy: WebhookPolicy, failing_since: datetime | None, now: datetime) -> bool:
    return failing_since is not None and now - failing_since >= policy.disable_after
