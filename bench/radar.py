"""Scam radar on PostgreSQL (issue 20): matching a new report against 10 million indicators,
and the cluster view of one indicator, each beside a plain indexed lookup (primary key) timed
in the same run, so the ratio means something on a shared machine.

The schema is the migrations' (indexes included). Data is generated set-based with
generate_series: 1 million reports and 10 million indicators over a year, half a million
households; IBANs drawn from 2 million values, domains from 1 million, phones from 1 million,
e-mail senders from 1 million; one "hot" IBAN reported by 7 households this week and one by
5,000 reports. Foreign keys are not checked during the load (session_replication_role =
replica, a superuser's bulk-load switch) and the two secondary indexes of the indicators are
built after the load, as a restore would.

    PYTHONPATH=src .venv/bin/python bench/radar.py [INDICATORS] [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))
from _http import postgres_available, postgres_database

from cybercare.db import migrate
from cybercare.db.uow import Database
from cybercare.radar import report_queries as queries

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
HOT_WEEK = "BE00HOT0000000007"
HOT_BIG = "BE00HOT0000005000"


def load(url: str, indicators: int) -> float:
    reports = max(indicators // 10, 1)
    started = time.perf_counter()
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("SET session_replication_role = replica"))
        c.execute(text("DROP INDEX ix_radar_indicators_match"))
        c.execute(text("DROP INDEX ix_radar_indicators_report_id"))
        c.execute(
            text(
                """
            INSERT INTO radar_reports (id, household_id, person_id, kind, asked_to, money_lost,
                content, channel, language, urgent, status, reported_at, reported_by,
                answer_due_at, verdict, answered_at, advice, answered_by, answered_by_kind,
                case_id)
            SELECT 'rpt' || g, 'hh' || (g % 500000), 'per' || (g % 500000), 'text', 'pay',
                false, 'pay the fee', 'portal', 'nl', g % 3 = 0, 'answered',
                :now - (g % 525600) * interval '1 minute', 'bench', :now, 'scam', :now,
                'do not pay', 'bench', 'team', CASE WHEN g % 50 = 0 THEN 'case' || g END
            FROM generate_series(1::bigint, :n) AS g
            """
            ),
            {"n": reports, "now": NOW},
        )
        c.execute(
            text(
                """
            INSERT INTO radar_indicators (report_id, household_id, kind, value, shown,
                lookalike_of, reported_at)
            SELECT 'rpt' || r, 'hh' || (r % 500000), k.kind,
                CASE k.kind
                    WHEN 'iban' THEN 'BE' || lpad(((g * 7919) % 2000000)::text, 14, '0')
                    WHEN 'domain' THEN 'shop' || ((g * 104729) % 1000000) || '.info'
                    WHEN 'phone' THEN '+3247' || lpad(((g * 31) % 1000000)::text, 7, '0')
                    ELSE 'x' || ((g * 13) % 1000000) || '@mail.example'
                END,
                'shown', NULL, :now - (r % 525600) * interval '1 minute'
            FROM generate_series(1::bigint, :n) AS g
            CROSS JOIN LATERAL (SELECT (g - 1) / 10 + 1 AS r) AS rr
            CROSS JOIN LATERAL (SELECT (ARRAY['iban', 'domain', 'phone', 'email'])[g % 4 + 1]
                AS kind) AS k
            """
            ),
            {"n": indicators, "now": NOW},
        )
        # One IBAN reported by 7 households since Monday, one by 5,000 reports over the year.
        c.execute(
            text(
                """
            INSERT INTO radar_indicators (report_id, household_id, kind, value, shown,
                reported_at)
            SELECT 'rpt' || g, 'hh' || g, 'iban', :week, 'shown', :now - g * interval '9 hours'
            FROM generate_series(1, 7) AS g
            UNION ALL
            SELECT 'rpt' || (g + 100), 'hh' || (g % 900), 'iban', :big, 'shown',
                :now - g * interval '100 minutes'
            FROM generate_series(1, 5000) AS g
            """
            ),
            {"week": HOT_WEEK, "big": HOT_BIG, "now": NOW},
        )
        c.execute(
            text(
                "INSERT INTO radar_known_bad (kind, value, reason, confirmed_by, source, "
                "confirmed_at, households_told) SELECT 'iban', 'BE' || lpad(g::text, 14, '0'), "
                "'bench', 'bench', 'bench', :now, 0 FROM generate_series(1, 100000, 7) AS g"
            ),
            {"now": NOW},
        )
        c.execute(text("SET session_replication_role = origin"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(
            text(
                "CREATE INDEX ix_radar_indicators_match ON radar_indicators "
                "(kind, value, reported_at)"
            )
        )
        c.execute(
            text("CREATE INDEX ix_radar_indicators_report_id ON radar_indicators (report_id)")
        )
        c.execute(text("VACUUM ANALYZE radar_indicators"))
        c.execute(text("VACUUM ANALYZE radar_reports"))
        c.execute(text("VACUUM ANALYZE radar_known_bad"))
    engine.dispose()
    return time.perf_counter() - started


def timed(rounds: int, step: Callable[[int], object]) -> list[float]:
    for i in range(min(50, rounds)):
        step(i)  # warm the caches and the statement cache
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(name: str, times: list[float], base: list[float] | None = None) -> str:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    line = f"{name:<44} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms"
    if base is not None:
        b99 = sorted(base)[min(len(base) - 1, int(len(base) * 0.99))]
        line += f"   p99 x{p99 / b99:5.1f} of the plain lookup"
    return line


def main() -> None:
    indicators = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    reason = postgres_available()
    if reason is not None:
        print(f"PostgreSQL unavailable: {reason}")
        return
    with postgres_database() as url:
        migrate.upgrade(url)
        seconds = load(url, indicators)
        print(
            f"generated {indicators:,} indicators (+ {indicators // 10:,} reports) in "
            f"{seconds:.0f} s"
        )
        engine = create_engine(url)
        database = Database(engine)
        max_id = indicators
        week = NOW - timedelta(days=7)

        with database.reader() as uow:
            session = uow.session

            def plain(i: int) -> object:
                return session.execute(
                    text("SELECT value FROM radar_indicators WHERE id = :id"),
                    {"id": (i * 7919) % max_id + 1},
                ).scalar()

            def match(i: int) -> object:
                # What a new report asks: is any of its 4 indicators known bad, and which were
                # reported by another household: one round trip, two index probes each.
                keys = [
                    ("iban", "BE" + str((i * 7919 * 7) % 2_000_000).zfill(14)),
                    ("domain", f"shop{(i * 104729) % 1_000_000}.info"),
                    ("phone", "+3247" + str((i * 31) % 1_000_000).zfill(7)),
                    ("email", f"new{i}@mail.example"),
                ]
                return queries.match(uow, keys, "hh_new")

            def cluster_week(i: int) -> object:
                return queries.cluster(uow, "iban", HOT_WEEK, week)

            def cluster_typical(i: int) -> object:
                value = "BE" + str((i * 7919 * 3) % 2_000_000).zfill(14)
                return queries.cluster(uow, "iban", value, NOW - timedelta(days=365))

            def cluster_hot(i: int) -> object:
                return queries.cluster(uow, "iban", HOT_BIG, NOW - timedelta(days=365))

            base = timed(rounds, plain)
            print(summary("plain indexed lookup (primary key)", base))
            print(summary("match a new report (4 indicators)", timed(rounds, match), base))
            view = queries.cluster(uow, "iban", HOT_WEEK, week)
            print(f"cluster check: {view.households} households, {view.reports} reports this week")
            print(
                summary("cluster view, 7 households this week", timed(rounds, cluster_week), base)
            )
            print(
                summary(
                    "cluster view, a typical IBAN, one year", timed(rounds, cluster_typical), base
                )
            )
            print(
                summary(
                    "cluster view, 5,000 reports, one year",
                    timed(max(rounds // 5, 50), cluster_hot),
                    base,
                )
            )
        engine.dispose()


if __name__ == "__main__":
    main()
