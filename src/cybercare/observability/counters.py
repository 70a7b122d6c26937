"""Counters of business events, incremented by the services once their transaction committed
(`UnitOfWork.after_commit`): a rolled-back decision is never counted.

Counted rather than counted up at scrape time: a `GROUP BY` over every claim ever decided grows
with the book (millions of rows in a few years) and would run every 15 seconds; a counter costs
a microsecond per decision. Prometheus's `increase()` gives decisions per hour or day; a
restarted process starts again from zero, which `increase()` and `rate()` take in their stride.
"""

from __future__ import annotations

from prometheus_client import Counter

OUTCOMES = ("accepted", "partially_accepted", "declined")

CLAIMS_DECIDED = Counter(
    "cybercare_claims_decided",
    "Final claim decisions (engine straight through, handler, approved), by outcome.",
    ["outcome"],
)
for _outcome in OUTCOMES:  # every series from the start: rate() needs a first sample
    CLAIMS_DECIDED.labels(_outcome)


def claim_decided(outcome: str) -> None:
    CLAIMS_DECIDED.labels(outcome if outcome in OUTCOMES else "other").inc()
