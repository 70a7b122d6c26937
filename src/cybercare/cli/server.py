"""`cybercare setup`, `serve` and `run`: the web server (the API and the pages) and `make run`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated, TypedDict

import typer

from cybercare.cli.common import console, settings, wired
from cybercare.cli.db import db_upgrade
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
    bank_process = start_bank_simulator(config)
    worker_process = subprocess.Popen([sys.executable, "-m", "cybercare.cli", "worker"])
    try:
        serve(host=None, port=None, workers=1)
    finally:
        worker_process.terminate()
        worker_process.wait(timeout=10)
        if bank_process is not None:
            bank_process.terminate()
            bank_process.wait(timeout=10)


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
    """Migrate the database and publish the product catalogue: what `make run` does first."""
    db_upgrade()
    product_publish()


def serve(
    host: Annotated[str | None, typer.Option(help="Default: CYBERCARE_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Default: CYBERCARE_PORT")] = None,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Serve the HTTP API and the web pages."""
    import uvicorn

    config = settings()
    uvicorn.run(
        "cybercare.app:create_app",
        factory=True,
        host=host or config.host,
        port=port or config.port,
        workers=workers,
        log_level="info",
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
