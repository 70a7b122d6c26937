"""`python killed_run.py POINT PERIOD [CHUNK_SIZE]`: the billing run of `cybercare billing run`,
on the database of the environment, that kills its own process with SIGKILL when it reaches the
checkpoint POINT, exactly like an operator's `kill -9` there (the crash tests' fault: production
code has no kill switch). Exits normally, so the test fails, if the run never reaches POINT."""

from __future__ import annotations

import os
import signal
import sys

from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.bootstrap import build_container
from cybercare.settings import Settings


def main(point: str, period: str, chunk_size: int | None) -> None:
    def checkpoint(reached: str) -> None:
        if reached == point:
            os.kill(os.getpid(), signal.SIGKILL)

    container = build_container(Settings())
    run_billing(
        container.database,
        container.catalog,
        container.clock,
        Period.parse(period),
        chunk_size=chunk_size,
        checkpoint=checkpoint,
    )


if __name__ == "__main__":
    point, period, *chunk = sys.argv[1:]
    main(point, period, int(chunk[0]) if chunk else None)
