"""What a scrape answers, in one process or summed over several.

One server process (no `PROMETHEUS_MULTIPROC_DIR`): the process's own metrics (HTTP, pool,
claims, and prometheus-client's process and Python metrics) plus the database collector.

Several (`cybercare serve --workers N` sets `PROMETHEUS_MULTIPROC_DIR` to a fresh directory
before the workers start; a supervisor such as systemd or gunicorn sets it to an emptied one):
each process writes its counters, histograms and pool gauges to files there, and whichever
process answers the scrape (a worker on `/metrics`, or `serve`'s own process on `metrics_port`)
reads them all, so every scrape sees the whole server. A worker that died and was replaced
leaves its files: its counts stay in the totals, as Prometheus expects of a counter; its pool
gauges are dropped at the next scrape. The variable must be set before `prometheus_client` is
first imported in the process that writes: `serve` sets it before it starts its workers.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, disable_created_metrics, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# No `_created` series beside each counter and histogram: twice the series for a start time
# Prometheus does not need (it detects counter resets by itself).
disable_created_metrics()  # type: ignore[no-untyped-call]
_LIVE_GAUGE_FILE = re.compile(r"gauge_live[a-z]*_(\d+)\.db")


def multiprocess_dir() -> Path | None:
    value = os.environ.get(MULTIPROC_ENV)
    return Path(value) if value else None


class _ProcessMetrics(Collector):
    """This process's default registry (a registry of its own per app: the database collector
    belongs to one app's database, and tests build many apps in one process)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


class _AllProcesses(Collector):
    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._files = MultiProcessCollector(None, str(directory))  # type: ignore[no-untyped-call]

    def collect(self) -> Iterator[Metric]:
        drop_dead_processes(self._directory)
        yield from self._files.collect()  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_dead_processes(directory: Path) -> None:
    """Forget the live gauges (pool use) of processes that are gone."""
    for path in directory.glob("gauge_live*.db"):
        found = _LIVE_GAUGE_FILE.fullmatch(path.name)
        if found and not _alive(int(found.group(1))):
            mark_process_dead(int(found.group(1)), str(directory))  # type: ignore[no-untyped-call]


def scrape_registry(*collectors: Collector) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    directory = multiprocess_dir()
    registry.register(_AllProcesses(directory) if directory else _ProcessMetrics())
    for collector in collectors:
        registry.register(collector)
    return registry


def render(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)


@contextmanager
def multiprocess_metrics(workers: int, parent: Path = Path("var")) -> Iterator[Path | None]:
    """For a server of several processes: a fresh `PROMETHEUS_MULTIPROC_DIR` under `parent`,
    removed afterwards, unless the variable is set already (then its directory is used as it
    is: emptying it is the supervisor's job). One process: nothing to share, None."""
    given = multiprocess_dir()
    if given is not None:
        yield given
        return
    if workers <= 1:
        yield None
        return
    parent.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix="prometheus-", dir=parent))
    os.environ[MULTIPROC_ENV] = str(directory)
    try:
        yield directory
    finally:
        os.environ.pop(MULTIPROC_ENV, None)
        shutil.rmtree(directory, ignore_errors=True)
