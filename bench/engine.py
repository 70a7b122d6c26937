"""Benchmark of the coverage engine: decisions per second on one core and latency per decision.

    .venv/bin/python bench/engine.py [--inputs 10000] [--rounds 5] [--seed 7]

Builds a realistic mix of distinct inputs against the reference product (ECOM accepted and
partial, PAYF, DATA, EREP 4th case, IDT, ASSIST, suspended policy, late declaration, breach of
an obligation, exclusion, missing evidence...), then measures, in the same run:

- `decide`: throughput over all inputs (several rounds, best round kept) and p50/p99 latency of
  single decisions;
- a baseline that does only the pot arithmetic (left = limit - used - reserved;
  min(claimed, left)) on the same inputs, to show what the rules and the trace cost on top.

Target: >= 30,000 decisions/s and p99 < 1 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from cybercare.cover.domain import (
    Circumstances,
    HouseholdMember,
    IncidentFacts,
    PolicyFacts,
    PolicyStatus,
    PotBalance,
    PotUsage,
    StatusPeriod,
    decide,
)
from cybercare.product.catalog import reference_product
from cybercare.product.model import ProductVersion

OBLIGATIONS = frozenset(
    {
        "credentials_kept_in_household",
        "pays_on_secure_pages",
        "effective_antivirus",
        "no_suspicious_emails_opened",
        "balances_checked_biweekly",
    }
)

# scenario -> weight in the mix (per 100)
MIX = {
    "ecom_accepted": 22,
    "ecom_partial": 8,
    "ecom_non_delivery": 6,
    "payf_accepted": 10,
    "data_accepted": 5,
    "erep_accepted": 6,
    "erep_fourth_case": 4,
    "idt": 4,
    "assist": 5,
    "suspended": 5,
    "late": 7,
    "breach": 5,
    "excluded": 5,
    "missing_evidence": 8,
}


@dataclass(frozen=True, slots=True)
class Inputs:
    scenario: str
    policy: PolicyFacts
    incident: IncidentFacts
    usage: PotUsage


def build_inputs(product: ProductVersion, count: int, seed: int) -> list[Inputs]:
    rng = random.Random(seed)
    scenarios = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    return [_one(product, rng, scenario, n) for n, scenario in enumerate(scenarios)]


def _one(product: ProductVersion, rng: random.Random, scenario: str, n: int) -> Inputs:
    start = date(2021, 12, 1) + timedelta(days=rng.randrange(1200))
    day = start + timedelta(days=rng.randrange(20, 1000))
    affiliate = f"person-{n}"
    members = [HouseholdMember(affiliate, "affiliate", True, start)]
    for k in range(rng.randrange(4)):
        relation = rng.choice(product.household.family_relationships)
        members.append(HouseholdMember(f"person-{n}-{k}", relation, True, start))
    insured = rng.choice(members).person_id
    periods: tuple[StatusPeriod, ...] = (StatusPeriod(PolicyStatus.ACTIVE, start),)
    if scenario == "suspended":
        from_ = day - timedelta(days=rng.randrange(1, 10))
        periods = (
            StatusPeriod(PolicyStatus.ACTIVE, start, from_),
            StatusPeriod(PolicyStatus.SUSPENDED, from_, from_ + timedelta(days=15)),
            StatusPeriod(PolicyStatus.ACTIVE, from_ + timedelta(days=15)),
        )
    policy = PolicyFacts(start, periods, tuple(members), "BE")

    guarantee = {
        "payf_accepted": "PAYF",
        "data_accepted": "DATA",
        "erep_accepted": "EREP",
        "erep_fourth_case": "EREP",
        "idt": "IDT",
        "assist": "ASSIST",
    }.get(scenario, rng.choice(("ECOM", "ECOM", "PAYF", "DATA", "EREP")))
    if scenario.startswith("ecom"):
        guarantee = "ECOM"
    definition = product.guarantee(guarantee)
    kind = None
    if definition.kinds:
        kind = "non_delivery" if scenario == "ecom_non_delivery" else "non_conforming"
    evidence = frozenset(e.code for e in definition.evidence_for(kind))
    if scenario == "missing_evidence" and evidence:
        evidence = frozenset(sorted(evidence)[1:])
    declared = day + timedelta(days=rng.randrange(0, 20))
    if scenario == "late":
        declared = day + timedelta(days=rng.randrange(31, 90))
    breached = frozenset({"pays_on_secure_pages"}) if scenario == "breach" else frozenset()
    facts = Circumstances(
        exclusions=frozenset({"professional_activity"}) if scenario == "excluded" else frozenset(),
        obligations_respected=OBLIGATIONS - breached,
        obligations_breached=breached,
        seller_professional=True,
        written_claim_sent=True,
        payment_date=day - timedelta(days=rng.randrange(30, 60)),
        bank_refused_definitively=True,
        data_loss_cause=rng.choice(("malware", "accidental_deletion", "device_damage")),
    )
    claimed = 0 if guarantee in ("ASSIST", "IDT") else rng.randrange(1_000, 200_000)
    incident = IncidentFacts(
        guarantee=guarantee,
        insured_person_id=insured,
        occurrence_date=None if rng.random() < 0.5 else day - timedelta(days=rng.randrange(3)),
        discovery_date=day,
        declaration_date=declared,
        kind=kind,
        claimed_cents=claimed,
        evidence=evidence,
        circumstances=facts,
    )
    usage = PotUsage(
        tuple(
            PotBalance(pot.code, *_balance(rng, pot.code, scenario, pot.money_limit_cents or 0))
            for pot in product.pots
        )
    )
    return Inputs(scenario, policy, incident, usage)


def _balance(rng: random.Random, pot: str, scenario: str, limit: int) -> tuple[int, int, int, int]:
    if scenario == "erep_fourth_case" and pot == "EREP_POT":
        return rng.randrange(limit // 2), 0, 3, 0
    if scenario == "ecom_partial" and pot == "ONLINE_PURCHASE_POT":
        return limit - rng.randrange(500, 50_000), 0, 2, 0
    if pot == "DATA_POT":
        return 0, 0, 0, 0
    return rng.randrange(limit // 4), rng.randrange(limit // 10), rng.randrange(2), 0


def arithmetic_only(
    product: ProductVersion,
) -> Callable[[PolicyFacts, IncidentFacts, PotUsage], int]:
    """The baseline: only what a settlement computes, with the product lookups done once."""
    limits = {
        g.code: (None if g.pot is None else (g.pot, product.pot(g.pot).money_limit_cents or 0))
        for g in product.guarantees
    }

    def settle(policy: PolicyFacts, incident: IncidentFacts, usage: PotUsage) -> int:
        pot = limits[incident.guarantee]
        if pot is None:
            return 0
        balance = usage.balance(pot[0])
        left = pot[1] - balance.used_cents - balance.reserved_cents
        return min(incident.claimed_cents, left)

    return settle


def throughput(
    run: Callable[[PolicyFacts, IncidentFacts, PotUsage], object],
    inputs: list[Inputs],
    rounds: int,
) -> float:
    """Best of `rounds` passes over all inputs, in decisions per second."""
    rows = [(i.policy, i.incident, i.usage) for i in inputs]
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        for policy, incident, usage in rows:
            run(policy, incident, usage)
        best = min(best, time.perf_counter() - began)
    return len(rows) / best


def latencies_us(
    run: Callable[[PolicyFacts, IncidentFacts, PotUsage], object], inputs: list[Inputs]
) -> list[float]:
    clock = time.perf_counter_ns
    samples = []
    for i in inputs:
        policy, incident, usage = i.policy, i.incident, i.usage
        began = clock()
        run(policy, incident, usage)
        samples.append((clock() - began) / 1_000)
    return samples


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    product = reference_product()
    inputs = build_inputs(product, args.inputs, args.seed)

    def engine(policy: PolicyFacts, incident: IncidentFacts, usage: PotUsage) -> object:
        return decide(product, policy, incident, usage)

    baseline = arithmetic_only(product)
    outcomes = Counter(decide(product, i.policy, i.incident, i.usage).outcome for i in inputs)

    gc.collect()
    gc.disable()  # measure the engine, not the collector's timing
    try:
        engine_rate = throughput(engine, inputs, args.rounds)
        base_rate = throughput(baseline, inputs, args.rounds)
        engine_lat = latencies_us(engine, inputs)
        base_lat = latencies_us(baseline, inputs)
    finally:
        gc.enable()

    print(f"python {platform.python_version()} on {platform.machine()}, pid {os.getpid()}")
    print(f"{len(inputs)} distinct inputs; scenarios: {dict(Counter(i.scenario for i in inputs))}")
    print(f"outcomes: { {o.value: n for o, n in outcomes.items()} }")
    header = f"{'':<16}{'decisions/s':>14}{'p50 us':>10}{'p99 us':>10}{'max us':>10}"
    print(header)
    for name, rate, lat in (
        ("decide", engine_rate, engine_lat),
        ("arithmetic only", base_rate, base_lat),
    ):
        print(
            f"{name:<16}{rate:>14,.0f}{statistics.median(lat):>10.1f}"
            f"{percentile(lat, 0.99):>10.1f}{max(lat):>10.1f}"
        )
    print(f"ratio arithmetic/decide: {base_rate / engine_rate:.1f}x")
    p99 = percentile(engine_lat, 0.99)
    met = engine_rate >= 30_000 and p99 < 1_000
    print(f"target >= 30,000/s and p99 < 1 ms: {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
