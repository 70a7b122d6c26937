"""The rate limiter the sign-in form will use: N attempts per key over a sliding window."""

from __future__ import annotations

import threading

import pytest

from cybercare.web.ratelimit import RateLimiter, SlidingWindowLimiter


class Ticker:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_refuses_the_next_attempt_and_says_when_to_retry() -> None:
    clock = Ticker()
    limiter: RateLimiter = SlidingWindowLimiter(3, 60, now=clock)
    decisions = [limiter.hit("login:ip:203.0.113.7") for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, True]
    assert [d.remaining for d in decisions] == [2, 1, 0]
    clock.now += 10
    refused = limiter.hit("login:ip:203.0.113.7")
    assert not refused.allowed
    assert refused.retry_after_s == 50


def test_the_window_slides_attempts_expire_one_by_one() -> None:
    clock = Ticker()
    limiter = SlidingWindowLimiter(2, 60, now=clock)
    limiter.hit("k")
    clock.now += 30
    limiter.hit("k")
    clock.now += 29
    assert not limiter.hit("k").allowed  # both within the last 60 s
    clock.now += 1  # the first attempt is now 60 s old
    assert limiter.hit("k").allowed
    assert not limiter.hit("k").allowed


def test_a_refused_attempt_does_not_extend_the_wait() -> None:
    clock = Ticker()
    limiter = SlidingWindowLimiter(1, 60, now=clock)
    limiter.hit("k")
    for _ in range(5):
        clock.now += 10
        assert not limiter.hit("k").allowed
    clock.now += 10
    assert limiter.hit("k").allowed


def test_keys_are_independent_and_a_reset_forgets_one_key() -> None:
    limiter = SlidingWindowLimiter(1, 60, now=Ticker())
    assert limiter.hit("login:email:ann@example.be").allowed
    assert limiter.hit("login:email:bob@example.be").allowed
    assert not limiter.hit("login:email:ann@example.be").allowed
    limiter.reset("login:email:ann@example.be")
    assert limiter.hit("login:email:ann@example.be").allowed
    assert not limiter.hit("login:email:bob@example.be").allowed


def test_keys_whose_attempts_expired_are_dropped() -> None:
    clock = Ticker()
    limiter = SlidingWindowLimiter(1, 60, now=clock)
    for index in range(1000):
        limiter.hit(f"ip:{index}")
    assert limiter.tracked_keys() == 1000
    clock.now += 61
    for _ in range(24):
        limiter.hit("ip:fresh")  # the sweep runs every 1024 calls
    assert limiter.tracked_keys() == 1


def test_concurrent_attempts_never_exceed_the_limit() -> None:
    limiter = SlidingWindowLimiter(50, 60)
    allowed: list[bool] = []
    lock = threading.Lock()

    def attempt() -> None:
        for _ in range(20):
            decision = limiter.hit("shared")
            with lock:
                allowed.append(decision.allowed)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 50
    assert len(allowed) == 160


@pytest.mark.parametrize(("limit", "window"), [(0, 60), (1, 0), (-1, 1)])
def test_a_limiter_needs_a_positive_limit_and_window(limit: int, window: float) -> None:
    with pytest.raises(ValueError, match="limit"):
        SlidingWindowLimiter(limit, window)


def test_the_app_offers_a_login_limiter(web_app: object) -> None:
    limiter = web_app.state.web.login_limiter  # type: ignore[attr-defined]
    assert limiter.hit("login:ip:192.0.2.1").allowed


def test_a_peek_says_what_the_next_hit_would_get_without_counting_it() -> None:
    """Sign-in looks at the failures of an address before checking a password, and counts a
    failure only afterwards (web/signin_limits.py)."""
    clock = Ticker()
    limiter = SlidingWindowLimiter(2, 60, now=clock)
    assert limiter.peek("k").allowed and limiter.peek("k").remaining == 2
    limiter.hit("k")
    limiter.hit("k")
    clock.now += 15
    refused = limiter.peek("k")
    assert (refused.allowed, refused.retry_after_s) == (False, 45)
    clock.now += 45  # both hits expired
    assert limiter.peek("k").remaining == 2
    assert limiter.hit("k").remaining == 1  # the peeks recorded nothing
