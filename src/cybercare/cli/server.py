"""`cybercare setup`, `serve` and `run`: the web server (the API and the pages) and `make run`.

Signals (docs/operations-health.md): `serve` drains its requests in flight on SIGTERM (at most
CYBERCARE_SHUTDOWN_GRACE_S); `run` then stops its worker and the bank simulator the same way and
exits 0, leaving no child behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, TypedDict

import typer

from cybercare.cli.common import console, settings, wired
from cybercare.cli.db import db_roles, migrate
from cybercare.cli.product import product_publish
from cybercare.settings import Environment, Settings


def run_all() -> None:
    """Set up, seed the demo world, then serve with one worker beside it: what `make run` does.

    In development, staff sign in without the TOTP second factor unless
    CYBERCARE_STAFF_SECOND_FACTOR_REQUIRED is set (the served process and the worker inherit it).
    """
    setup()
    config = settings()
    if config.environment is Environment.DEVELOPMENT:
        from cybercare.demo import CREDENTIALS_FILE, seed

        variable = "CYBERCARE_STAFF_SECOND_FACTOR_REQUIRED"
        switched_off = not any(name.upper() == variable for name in os.environ)
        if switched_off:
            os.environ[variable] = "false"
            config = settings()
        console.rule("demo")
        for line in seed(wired(config)):
            console.print(line, soft_wrap=True, markup=False, highlight=False)
        console.print(f"(also in {CREDENTIALS_FILE}; every demo login uses this password)")
        if switched_off:
            console.print(
                f"staff sign in without the TOTP second factor in this demo ({variable}=false;"
                " set it to true to try the second factor as in production)",
                soft_wrap=True,
                markup=False,
            )
        console.print(f"sign in: http://{config.host}:{config.port}/login")
        console.print(f"API documentation: http://{config.host}:{config.port}/docs")
        console.rule()
    serve_beside_children(config)


SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopRequested(BaseException):
    """SIGTERM or SIGINT reached `cybercare run`: unwind to the children's stop. A BaseException
    (as KeyboardInterrupt) so that no `except Exception` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)


class StopSignals:
    """What SIGTERM and SIGINT do in `cybercare run`: while children are being started (or
    stopped) a signal is only remembered, so none is left unrecorded; otherwise it raises
    `StopRequested`. While uvicorn serves it holds the signals itself (it drains the requests
    in flight) and raises them again to us when it has stopped."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.deferred = True

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        self.received = self.received or signum
        if not self.deferred:
            self.deferred = True  # one stop is enough: later signals are only remembered
            raise StopRequested(signum)

    def allow(self) -> None:
        """From now on a signal raises at once (one received meanwhile raises now)."""
        if self.received is not None:
            raise StopRequested(self.received)
        self.deferred = False


def serve_beside_children(config: Settings) -> None:
    """Serve, with the bank simulator (development) and one worker as child processes; on
    SIGTERM or SIGINT, or when serving ends, stop them (terminate, wait, kill) and return: no
    orphan is left behind. Exits 0 when stopped by a signal."""
    signals = StopSignals()
    previous = {sig: signal.signal(sig, signals.handle) for sig in SIGNALS}
    children: list[subprocess.Popen[bytes]] = []
    try:
        try:
            bank_process = start_bank_simulator(config)
            if bank_process is not None:
                children.append(bank_process)
            worker = [sys.executable, "-m", "cybercare.cli", "worker"]
            children.append(subprocess.Popen(worker))  # noqa: S603 (our interpreter, fixed)
            if config.sandbox_url is not None:  # the partners' sandbox's own worker (issue 18)
                children.append(subprocess.Popen([*worker, "--sandbox"]))  # noqa: S603
            signals.allow()
            serve(host=None, port=None, workers=1)
        finally:
            signals.deferred = True  # a second signal must not cut the children's stop short
            stop_children(children, grace_s=config.shutdown_grace_s)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    except StopRequested as stop:
        console.print(f"{stop}: the server, the worker and the bank simulator have stopped")


def stop_children(children: Sequence[subprocess.Popen[Any]], *, grace_s: float) -> None:
    """SIGTERM to each child still running (a worker finishes the message in hand), wait for
    them all within `grace_s`, then SIGKILL whichever is left."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + grace_s
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            console.print(f"child {child.pid} still running after {grace_s:g} s: killed")
            child.kill()
            child.wait()


BANK_PORT = 8070
BANK_DATA = Path("var/bank")


def start_bank_simulator(config: Settings) -> subprocess.Popen[bytes] | None:
    """In development without CYBERCARE_BANK_URL: the bank simulator (`python -m banksim`, a
    process of its own) on 127.0.0.1:8070, or a free port when that one is taken, its state in
    var/bank; the served app and the worker inherit CYBERCARE_BANK_URL (docs/banking.md)."""
    if config.environment is not Environment.DEVELOPMENT or config.bank_url:
        return None
    port = BANK_PORT if _port_free(BANK_PORT) else _any_free_port()
    process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
        [sys.executable, "-m", "banksim", "serve", "--port", str(port), "--data", str(BANK_DATA)]
    )
    url = f"http://127.0.0.1:{port}"
    os.environ["CYBERCARE_BANK_URL"] = url
    console.print(f"bank simulator: {url} (state in {BANK_DATA}; docs/banking.md)")
    return process


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def setup() -> None:
    """Create the PostgreSQL roles (when CYBERCARE_DATABASE_ADMIN_URL is set), migrate the
    database and publish the product catalogue: what `make run` does first."""
    config = settings()
    if config.database_admin_url and not config.is_sqlite:
        db_roles()
    migrate()
    product_publish()


def serve(
    host: Annotated[str | None, typer.Option(help="Default: CYBERCARE_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Default: CYBERCARE_PORT")] = None,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Serve the HTTP API and the web pages.

    Logs go to stderr as the settings say (uvicorn's access log is replaced by ours, which never
    holds a query string); with several workers, their metrics meet in a fresh
    PROMETHEUS_MULTIPROC_DIR under var/ (docs/operations.md)."""
    import uvicorn

    from cybercare.observability.exposition import multiprocess_metrics
    from cybercare.observability.logs import configure_logging
    from cybercare.observability.metrics_server import metrics_port

    config = settings()
    configure_logging(config)
    with multiprocess_metrics(workers), metrics_port(config):
        uvicorn.run(
            "cybercare.app:create_served_app",
            factory=True,
            host=host or config.host,
            port=port or config.port,
            workers=workers,
            log_config=None,  # the logging configure_logging set up, in each worker too
            access_log=False,
            # On SIGTERM: stop accepting, finish the requests in flight within this, then stop.
            timeout_graceful_shutdown=config.shutdown_grace_s,
            **proxy_options(config),
        )


class ProxyOptions(TypedDict):
    proxy_headers: bool
    forwarded_allow_ips: list[str] | None


def proxy_options(config: Settings) -> ProxyOptions:
    """uvicorn believes X-Forwarded-For/-Proto from the proxies the app trusts
    (`cybercare.http.client`) and from no one else: its own default trusts 127.0.0.1, which
    would let any local process, or a proxy's other tenants, choose their address."""
    trusted = list(config.trusted_proxies)
    return ProxyOptions(proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None)
