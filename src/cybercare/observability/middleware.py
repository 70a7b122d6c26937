"""The ASGI middleware around the whole application: the request id, the access log line and
the HTTP metrics of every request.

It wraps Starlette's `ServerErrorMiddleware` (`install_outermost`), not the other way round: an
unhandled exception's 500 answer passes through it too, so it carries `X-Request-ID`, is counted
and logged with its status, and its traceback line has the request id.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybercare.observability.access_log import log_request
from cybercare.observability.http_metrics import observe_request
from cybercare.observability.request_id import (
    HEADER,
    accepted_or_new,
    bind_request_id,
    unbind_request_id,
)
from cybercare.observability.route_template import route_template

_HEADER_KEY = HEADER.lower().encode("latin-1")


class RequestObserver:
    def __init__(self, app: ASGIApp, *, access_log: bool, metrics: bool) -> None:
        self.app = app  # named `app`: tools that walk the stack (OpenTelemetry's) find the rest
        self.access_log = access_log
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((v for k, v in scope["headers"] if k == _HEADER_KEY), None)
        request_id = accepted_or_new(incoming.decode("latin-1") if incoming else None)
        token = bind_request_id(request_id)
        root_path = scope.get("root_path", "")
        status = 500  # what the server answers if the application sends nothing
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except BaseException:
            self._observe(scope, root_path, status, time.perf_counter() - started)
            # Left bound: the server logs the traceback next, in this request's own task.
            raise
        self._observe(scope, root_path, status, time.perf_counter() - started)
        unbind_request_id(token)

    def _observe(self, scope: Scope, root_path: str, status: int, seconds: float) -> None:
        route = route_template(scope, root_path)
        if self.metrics:
            observe_request(scope["method"], route, status, seconds)
        if self.access_log:
            log_request(scope["method"], route, scope.get("path", ""), status, seconds)


def install_outermost(app: FastAPI, *, access_log: bool, metrics: bool) -> None:
    """Wrap the stack the application builds (errors, middleware, routes) in `RequestObserver`:
    `add_middleware` would put it inside the error handling, away from the 500 answers."""
    build: Callable[[], ASGIApp] = app.build_middleware_stack

    def build_observed() -> ASGIApp:
        return RequestObserver(build(), access_log=access_log, metrics=metrics)

    app.build_middleware_stack = build_observed  # type: ignore[method-assign]
