"""`cybercare setup`, `serve` and `run`: the web server (the API and the pages) and `make run`."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Annotated

import typer

from cybercare.cli.common import console, settings, wired
from cybercare.cli.db import db_upgrade
from cybercare.cli.product import product_publish
from cybercare.settings import Environment


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
    worker_process = subprocess.Popen([sys.executable, "-m", "cybercare.cli", "worker"])
    try:
        serve(host=None, port=None, workers=1)
    finally:
        worker_process.terminate()
        worker_process.wait(timeout=10)


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
    )
