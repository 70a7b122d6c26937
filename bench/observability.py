"""Benchmark: what the observability adds to one HTTP request, in microseconds, measured in
process around an ASGI application that answers at once (so that nothing else is timed): the
request id, the access log line (JSON, to a file) and the HTTP metrics, versus the bare app.

    .venv/bin/python bench/observability.py --requests 20000

`bench/claims.py --observability off on` measures the same on the whole claim path, through a
served process; this one isolates the part it adds, in the same run, without a loaded
machine's noise in the claim path drowning it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybercare.observability.logs import configure_logging
from cybercare.observability.middleware import RequestObserver
from cybercare.settings import Environment, Settings


class _Route:
    path_format = "/api/v1/claims/{claim_id}"


async def app(scope: Scope, _receive: Receive, send: Send) -> None:
    scope["route"] = _Route()
    scope["path_params"] = {"claim_id": "clm_7H3K9Q2M4X1P"}
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def a_request() -> Scope:
    return {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/claims/clm_7H3K9Q2M4X1P",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"bench")],
    }


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(_message: Message) -> None:
    return None


async def timed(target: ASGIApp, requests: int) -> float:
    """Microseconds per request."""
    started = time.perf_counter()
    for _ in range(requests):
        await target(a_request(), _receive, _send)
    return (time.perf_counter() - started) / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "server.log"
        with log_path.open("w") as log:
            settings = Settings(environment=Environment.TEST, log_format="json")
            configure_logging(settings, stream=log)
            observed = RequestObserver(app, access_log=True, metrics=True)
            bare: list[float] = []
            full: list[float] = []
            for _ in range(args.rounds):  # interleaved: the machine is in the same state for both
                bare.append(asyncio.run(timed(app, args.requests)))
                full.append(asyncio.run(timed(observed, args.requests)))
            logging.getLogger().handlers.clear()
        lines = len(log_path.read_text().splitlines())
    added = statistics.median(full) - statistics.median(bare)
    print(
        f"bare app {statistics.median(bare):6.1f} us/request | with the request id, the JSON "
        f"access log line and the metrics {statistics.median(full):6.1f} us/request: "
        f"+{added:.1f} us ({lines} log lines written)"
    )


if __name__ == "__main__":
    main()
