"""Benchmark: what a person waits for, and the periodic jobs, on a book built by bench/world.py.

    .venv/bin/python bench/world.py 200000 --years 3 --keep
    .venv/bin/python bench/scale.py --database cybercare_scale_200000 [--requests 30]

Through HTTP (a real uvicorn server on 127.0.0.1, one worker, one client at a time, p50/p95 over
`--requests` requests after two warm-up requests), next to GET /health of the same server in the
same run:

- the staff search (an administrator) by a person's name, an e-mail, a phone number, an IBAN,
  a national register number and a case id, each of a household of the bulk;
- the staff dashboards (a supervisor);
- the member's portal home and one of her case pages (a demo member);
- a page of 100 events of the partner feed from a cursor in the middle (the distributor's key).

In process, on the same database (the jobs change it, as the day's run would):

- the daily jobs: policy lifecycle, dunning, and the SLA breaches (cases, workstreams, claims),
  each timed once;
- the monthly billing run of `--period` (default: next month; each run bills a new period, so
  give a later one to run again) through `cybercare billing run`, against a raw
  `INSERT ... SELECT` of as many narrow rows into a bare table;
- the monthly premium bordereau of the last finished month (`reporting.bordereau_export`), CSV,
  against a raw `COPY (SELECT ...) TO STDOUT` of its rows.

Targets (issue 21): search p95 < 100 ms, dashboards < 500 ms, portal home and case page
< 100 ms, feed page < 50 ms, each daily job < 10 s, billing run <= 4x its raw insert, bordereau
<= 4x its raw COPY.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import free_port

from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _url(database: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"


def credentials(database: str) -> tuple[str, str]:
    body = Path(f"/tmp/{database}.credentials.txt").read_text()
    password = re.search(r"password of every demo login below: (\S+)", body)
    key = re.search(r"distributor API key \(proximus\): (\S+)", body)
    assert password, "no demo credentials: build the world with bench/world.py"
    assert key, "no distributor API key in the demo credentials"
    return password.group(1), key.group(1)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def timed(client: httpx.Client, path: str, requests: int, **kwargs: Any) -> tuple[float, float]:
    """p50 and p95 in ms of `requests` GETs of `path` after two warm-ups; every answer 200."""
    for _ in range(2):
        answer = client.get(path, **kwargs)
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path}: {answer.status_code} {answer.text[:300]}")
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        answer = client.get(path, **kwargs)
        seconds.append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path}: {answer.status_code}")
    return percentile(seconds, 50) * 1000, percentile(seconds, 95) * 1000


def sign_in(base: str, email: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    client.cookies.set("cc_lang", "en")
    page = client.get("/password/forgot")
    found = CSRF.search(page.text)
    assert found, "no CSRF field"
    answer = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": found.group(1)}
    )
    where = answer.headers.get("location", "")
    if answer.status_code != 303 or where.startswith("/login"):
        raise RuntimeError(f"sign-in of {email} failed: {answer.status_code} {where}")
    return client


def search_terms(database: Database) -> dict[str, str]:
    """A household of the bulk, in the middle of the book: its values to search by."""
    with database.reader() as uow:
        row = uow.session.execute(
            text(
                "SELECT p.given_name || ' ' || p.family_name, p.email, p.phone,"
                " p.national_register_number, c.payee_iban, c.case_id"
                " FROM claims c JOIN persons p ON p.id = c.person_id"
                " WHERE c.id LIKE 'clm\\_U%' AND c.payee_iban IS NOT NULL AND p.email IS NOT NULL"
                " ORDER BY c.id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM claims"
                "   WHERE id LIKE 'clm\\_U%')"
            )
        ).one()
    name, email, phone, national, iban, case = row
    return {
        "name": name,
        "e-mail": email,
        "phone": phone,
        "IBAN": iban,
        "national number": national,
        "case id": case,
    }


def member_case(database: Database) -> str:
    with database.reader() as uow:
        found = uow.session.execute(
            text(
                "SELECT c.id FROM assistance_cases c JOIN users u ON u.person_id = c.person_id"
                " WHERE u.email = 'sofie.janssens@demo.cybercare.be' ORDER BY c.opened_at LIMIT 1"
            )
        ).scalar_one()
    return str(found)


def middle_cursor(database: Database) -> str:
    with database.reader() as uow:
        seq = uow.session.execute(
            text("SELECT last_event_seq / 2 FROM distributors WHERE code = 'proximus'")
        ).scalar_one()
    return str(seq)


def http_figures(url: str, database: Database, requests: int, workers: int) -> list[str]:
    password, key = credentials_of_url(url)
    port = free_port()
    env = {
        **os.environ,
        "CYBERCARE_DATABASE_URL": url,
        "CYBERCARE_ENVIRONMENT": "development",
        "CYBERCARE_STAFF_SECOND_FACTOR_REQUIRED": "false",
    }
    command = [
        sys.executable, "-m", "uvicorn", "cybercare.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        "--no-access-log", "--workers", str(workers),
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    try:
        deadline = time.perf_counter() + 120
        while True:
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.3)
        terms = search_terms(database)
        case_id = member_case(database)
        cursor = middle_cursor(database)
        with httpx.Client(base_url=base, timeout=60) as plain:
            health = timed(plain, "/health", requests * 2)
        lines.append(
            f"GET /health (baseline)               p50 {health[0]:7.1f}  p95 {health[1]:7.1f} ms"
        )
        print(lines[-1], flush=True)

        def row(label: str, figures: tuple[float, float], target: float) -> None:
            verdict = "met" if figures[1] < target else "MISSED"
            lines.append(
                f"{label:<36} p50 {figures[0]:7.1f}  p95 {figures[1]:7.1f} ms"
                f"  ({figures[1] / max(health[1], 0.01):5.1f}x health p95; target < {target:.0f}"
                f" ms: {verdict})"
            )
            print(lines[-1], flush=True)

        admin = sign_in(base, "admin@demo.cybercare.be", password)
        for label, term in terms.items():
            row(f"staff search by {label}", timed(admin, "/staff/search", requests,
                params={"q": term}), 100)  # fmt: skip
        supervisor = sign_in(base, "supervisor@demo.cybercare.be", password)
        row("staff dashboards", timed(supervisor, "/staff/dashboards", max(requests // 3, 5)), 500)
        member = sign_in(base, "sofie.janssens@demo.cybercare.be", password)
        row("portal home", timed(member, "/portal", requests), 100)
        row("portal case page", timed(member, f"/portal/cases/{case_id}", requests), 100)
        with httpx.Client(base_url=base, timeout=60) as api:
            row(
                "partner feed, 100 events mid-book",
                timed(
                    api,
                    "/api/v1/events",
                    requests,
                    params={"after": cursor, "limit": 100},
                    headers={"Authorization": f"Bearer {key}"},
                ),
                50,
            )
        for client in (admin, supervisor, member):
            client.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return lines


def credentials_of_url(url: str) -> tuple[str, str]:
    return credentials(url.rsplit("/", 1)[1])


def job_figures(database: Database) -> list[str]:
    from cybercare.assistance.escalation import flag_breaches
    from cybercare.billing.dunning_service import run_dunning_day
    from cybercare.claims.sla import flag_claim_breaches
    from cybercare.kernel.clock import SystemClock
    from cybercare.policy.service import run_lifecycle_day
    from cybercare.product.catalog import default_catalog

    catalog = default_catalog()
    clock = SystemClock()
    lines = []

    def lifecycle() -> object:
        with database.uow() as uow:
            counts = run_lifecycle_day(uow, catalog, clock)
            uow.commit()
        return counts

    def dunning() -> object:
        with database.uow() as uow:
            counts = run_dunning_day(uow, catalog, clock)
            uow.commit()
        return counts

    def sla() -> object:
        with database.uow() as uow:
            counts = flag_breaches(uow, clock)
            claims = flag_claim_breaches(uow, clock)
            uow.commit()
        return counts, claims

    for label, job in (("policy.lifecycle", lifecycle), ("billing.dunning", dunning),
                       ("SLA breaches", sla)):  # fmt: skip
        started = time.perf_counter()
        result = job()
        seconds = time.perf_counter() - started
        verdict = "met" if seconds < 10 else "MISSED"
        lines.append(f"job {label:<32} {seconds:7.2f} s (target < 10 s: {verdict}) {result}")
        print(lines[-1], flush=True)
    return lines


def billing_figures(url: str, engine: Engine, period: str) -> list[str]:
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS bench_bare"))
        connection.execute(
            text("CREATE TABLE bench_bare (id BIGINT PRIMARY KEY, ref VARCHAR(32), cents BIGINT)")
        )
    started = time.perf_counter()
    with engine.begin() as connection:
        raw_rows = connection.execute(
            text(
                "INSERT INTO bench_bare (id, ref, cents) SELECT row_number() OVER (ORDER BY id),"
                " id, 499 FROM affiliations WHERE status IN ('active', 'suspended')"
            )
        ).rowcount
    raw = time.perf_counter() - started
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE bench_bare"))
    env = os.environ | {"CYBERCARE_DATABASE_URL": url, "CYBERCARE_ENVIRONMENT": "test"}
    command = [sys.executable, "-m", "cybercare.cli", "billing", "run", "--period", period]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    run = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"billing run failed:\n{done.stdout}\n{done.stderr}")
    inner = re.search(r"run time:\s*([0-9.]+)", done.stdout)
    with engine.connect() as connection:
        lines = connection.execute(
            text("SELECT count(*) FROM billing_premium_lines WHERE period = :p"), {"p": period}
        ).scalar_one()
    verdict = "met" if run / raw <= 4 else "MISSED"
    out = [
        f"billing run {period}: {lines:,} lines in {run:.2f} s = {run / raw:.2f}x a raw INSERT"
        f" ... SELECT of {raw_rows:,} rows ({raw:.2f} s)"
        + (
            f"; {float(inner.group(1)):.2f} s = {float(inner.group(1)) / raw:.2f}x without"
            " interpreter start-up"
            if inner
            else ""
        )
        + f" (target <= 4x: {verdict})"
    ]
    print(out[-1], flush=True)
    return out


def bordereau_figures(engine: Engine, database: Database, month: str) -> list[str]:
    from cybercare.reporting.bordereau import Format, Kind, Month
    from cybercare.reporting.bordereau_export import export

    select = (
        "SELECT distributor_code, affiliation_id, covered_from, covered_to, days, gross_cents,"
        f" tax_cents, net_cents FROM billing_premium_lines WHERE period = '{month}'"
        " ORDER BY period, affiliation_id"
    )
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with engine.connect() as connection:
            raw_connection: Any = connection.connection.dbapi_connection
            with (
                raw_connection.cursor() as cursor,
                cursor.copy(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)") as copy,
                (Path(folder) / "raw.csv").open("wb") as handle,
            ):
                for block in copy:
                    handle.write(block)
        raw = time.perf_counter() - started
        started = time.perf_counter()
        with (Path(folder) / "b.csv").open("wb") as handle:
            totals = export(database, Kind.PREMIUM, Month.parse(month), Format.CSV, handle)
        seconds = time.perf_counter() - started
    verdict = "met" if seconds / raw <= 4 else "MISSED"
    line = (
        f"premium bordereau {month}: {totals.lines:,} lines in {seconds:.2f} s = "
        f"{seconds / raw:.2f}x a raw COPY of its rows ({raw:.2f} s) (target <= 4x: {verdict})"
    )
    print(line, flush=True)
    return [line]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    today = SystemClock().today()
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    previous = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    parser.add_argument("--period", default=following.strftime("%Y-%m"))
    parser.add_argument("--month", default=previous.strftime("%Y-%m"), help="bordereau month")
    parser.add_argument("--only", default="http,jobs,billing,bordereau")
    args = parser.parse_args()
    url = _url(args.database)
    engine = make_engine(url)
    database = Database(engine)
    with engine.connect() as connection:
        households = connection.execute(text("SELECT count(*) FROM households")).scalar_one()
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    print(
        f"{args.database}: {households:,} households, {size / 2**20:,.0f} MB; load average"
        f" {os.getloadavg()[0]:.1f} (2 cores shared)",
        flush=True,
    )
    only = args.only.split(",")
    lines: list[str] = []
    if "http" in only:
        lines += http_figures(url, database, args.requests, args.workers)
    if "jobs" in only:
        lines += job_figures(database)
    if "billing" in only:
        lines += billing_figures(url, engine, args.period)
    if "bordereau" in only:
        lines += bordereau_figures(engine, database, args.month)
    print(f"--- summary ({args.database}, load average now {os.getloadavg()[0]:.1f})")
    print("\n".join(lines))
    engine.dispose()


if __name__ == "__main__":
    main()
