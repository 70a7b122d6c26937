"""`cybercare serve --workers 2` as an operator starts it: every line on stderr is JSON (uvicorn's
own lines too), uvicorn's access log (raw paths with query strings) is gone for ours, and the two
processes' metrics meet in one multiprocess directory, so that every scrape, by either worker on
/metrics or by serve's own process on `metrics_port`, counts every request once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import cybercare
from tests.conftest import Backend
from tests.observability.conftest import METRICS_TOKEN
from tests.observability.metrics_scrape import samples, value

SECRET = "Zx81kqPwe9rT2vBn4Lm7Qs5Ha3Ud6Fy0aQ"
ROUTE = {"method": "GET", "route": "/api/v1/affiliations/{affiliation_id}", "status": "401"}
REQUESTS = 12


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, base: str, metrics: str, stderr: Path, cwd: Path) -> None:
        self.base, self.metrics, self.stderr, self.cwd = base, metrics, stderr, cwd

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")


@pytest.fixture(scope="module")
def served(sqlite_backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    cwd = tmp_path_factory.mktemp("served")
    port, metrics_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(cybercare.__file__).resolve().parents[1]),
        "CYBERCARE_ENVIRONMENT": "test",
        "CYBERCARE_DATABASE_URL": sqlite_backend.make_copy(),  # type: ignore[operator]
        "CYBERCARE_LOG_FORMAT": "json",
        "CYBERCARE_METRICS_TOKEN": METRICS_TOKEN,
        "CYBERCARE_METRICS_PORT": str(metrics_port),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    stderr = cwd / "stderr.log"
    command = [
        sys.executable,
        "-m",
        "cybercare.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    with stderr.open("wb") as sink:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=sink)
        served = Served(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{metrics_port}", stderr, cwd)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                assert process.poll() is None, served.log()[-3000:]
                try:
                    if httpx.get(served.base + "/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"the server did not start:\n{served.log()[-3000:]}")
            yield served
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_two_workers_scrapes_count_every_request_once_whichever_process_answers(
    served: Served,
) -> None:
    scraper = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    before = value(
        samples(httpx.get(served.metrics + "/metrics").text), "http_requests_total", **ROUTE
    )
    for n in range(REQUESTS):  # a new connection each: the kernel spreads them over the workers
        httpx.get(f"{served.base}/api/v1/affiliations/aff_{n:012d}", timeout=10)
    httpx.get(f"{served.base}/password/reset?token={SECRET}", timeout=10)
    totals = []
    for _ in range(4):
        worker = httpx.get(served.base + "/metrics", headers=scraper, timeout=10)
        assert worker.status_code == 200
        totals.append(value(samples(worker.text), "http_requests_total", **ROUTE))
    port = samples(httpx.get(served.metrics + "/metrics", timeout=10).text)
    totals.append(value(port, "http_requests_total", **ROUTE))
    assert totals == [before + REQUESTS] * 5
    assert value(port, "cybercare_metrics_database_up") == 1
    assert value(port, "cybercare_db_pool_size") == 2 * 8  # both workers' pools, summed
    (directory,) = (served.cwd / "var").glob("prometheus-*")
    writers = {path.stem.rsplit("_", 1)[1] for path in directory.glob("counter_*.db")}
    assert len(writers) == 2  # each worker wrote its own file


def test_every_line_is_json_and_uvicorns_access_log_with_its_query_strings_is_gone(
    served: Served,
) -> None:
    httpx.get(f"{served.base}/password/reset?token={SECRET}", timeout=10)
    time.sleep(0.5)  # the line is written after the answer
    log = served.log()
    events = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert any(e["logger"].startswith("uvicorn") for e in events)  # uvicorn's lines, as JSON
    ours = [e for e in events if e["logger"] == "cybercare.access"]
    assert any(e.get("route") == "/password/reset" and e["request_id"] for e in ours)
    assert SECRET not in log
    assert "GET /password/reset" not in log  # uvicorn's access log format
