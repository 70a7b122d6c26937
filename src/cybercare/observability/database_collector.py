"""The metrics read from the database at scrape time (`metrics_queries`): the outbox, the jobs'
last successes, the SLA clocks and the billing run's progress.

The database is the one truth every process shares, so these come from the scraping process
whatever the number of server processes, once per scrape. If the database does not answer, the
scrape still answers (the HTTP metrics are most needed then) with
`cybercare_metrics_database_up 0`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.observability import metrics_queries as queries

logger = logging.getLogger(__name__)


def _timestamp(at: datetime | None) -> float:
    return at.timestamp() if at is not None else 0.0


class DatabaseCollector(Collector):
    def __init__(self, database: Database, clock: Clock, job_names: Sequence[str]) -> None:
        self._database = database
        self._clock = clock
        self._job_names = tuple(job_names)

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "cybercare_metrics_database_up",
            "1 when this scrape could read the database metrics below, else 0.",
        )
        now = self._clock.now()
        try:
            with self._database.reader() as uow:
                outbox = queries.outbox_counts(uow)
                jobs = queries.last_successes(uow, self._job_names)
                clocks = queries.sla_clocks(uow, now)
                runs = queries.running_billing_runs(uow)
        except Exception:
            logger.warning("the metrics could not read the database", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from _outbox(outbox, now)
        yield _jobs(jobs)
        yield from _sla(clocks)
        yield from _billing(runs)


def _outbox(counts: list[queries.OutboxCount], now: datetime) -> Iterator[Metric]:
    pending = GaugeMetricFamily(
        "cybercare_outbox_pending_messages",
        "Outbox messages not delivered yet (pending or being delivered), by kind.",
        labels=["kind"],
    )
    dead = GaugeMetricFamily(
        "cybercare_outbox_dead_messages",
        "Outbox messages given up after their last attempt (requeue them), by kind.",
        labels=["kind"],
    )
    by_key = {(c.status, c.kind): c.messages for c in counts}
    for kind in queries.KINDS:
        pending.add_metric([kind], by_key.get(("pending", kind), 0))
        dead.add_metric([kind], by_key.get(("dead", kind), 0))
    oldest = [c.oldest_created_at for c in counts if c.status == "pending" and c.oldest_created_at]
    age = GaugeMetricFamily(
        "cybercare_outbox_oldest_pending_age_seconds",
        "Age of the oldest outbox message not delivered yet; 0 when none waits.",
        value=max(0.0, (now - min(oldest)).total_seconds()) if oldest else 0.0,
    )
    return iter((pending, age, dead))


def _jobs(last: dict[str, datetime | None]) -> Metric:
    family = GaugeMetricFamily(
        "cybercare_job_last_success_timestamp_seconds",
        "When each periodic job last finished successfully (Unix time); 0: never.",
        labels=["job"],
    )
    for job, at in sorted(last.items()):
        family.add_metric([job], _timestamp(at))
    return family


def _sla(clocks: list[queries.SlaClocks]) -> Iterator[Metric]:
    running = GaugeMetricFamily(
        "cybercare_sla_clocks_running",
        "Art. 8.4 service-level clocks running (first contact, decision, payment), by team.",
        labels=["clock", "team"],
    )
    breached = GaugeMetricFamily(
        "cybercare_sla_clocks_breached",
        "Clocks still running past their due time, by clock and team.",
        labels=["clock", "team"],
    )
    seen = {(c.clock, c.team): c for c in clocks}
    for team in queries.WORKSTREAM_TEAMS:  # every team's series, at 0 when its queue is empty
        seen.setdefault(("first_contact", team), queries.SlaClocks("first_contact", team, 0, 0))
    for (clock, team), value in sorted(seen.items()):
        running.add_metric([clock, team], value.running)
        breached.add_metric([clock, team], value.breached)
    return iter((running, breached))


def _billing(runs: list[queries.BillingRunProgress]) -> Iterator[Metric]:
    count = GaugeMetricFamily(
        "cybercare_billing_runs_running", "Billing runs started and not finished.", value=len(runs)
    )
    chunks = GaugeMetricFamily(
        "cybercare_billing_run_chunks_done",
        "Chunks committed by a running billing run, by period and scope.",
        labels=["period", "scope"],
    )
    lines = GaugeMetricFamily(
        "cybercare_billing_run_lines_created",
        "Premium lines written by a running billing run, by period and scope.",
        labels=["period", "scope"],
    )
    started = GaugeMetricFamily(
        "cybercare_billing_run_started_timestamp_seconds",
        "When a running billing run started (Unix time), by period and scope.",
        labels=["period", "scope"],
    )
    for run in runs:
        chunks.add_metric([run.period, run.scope], run.chunks_done)
        lines.add_metric([run.period, run.scope], run.lines_created)
        started.add_metric([run.period, run.scope], _timestamp(run.started_at))
    return iter((count, chunks, lines, started))
