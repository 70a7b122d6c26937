"""A request body over the limit is refused with 413, in the form its client reads.

Starlette's own limit (FastAPI's `max_body_size`) answers `413 text/plain` and replaces whatever
the application answered once a declared `Content-Length` is too large. This middleware keeps the
application's voice instead: it raises `BodyTooLarge` (an HTTP exception) where the body is read,
so the API answers problem+json and a page shows its error page, through the same exception
handlers as every other error. A declared length over the limit is refused before anything is
read; a body sent in chunks is counted as it arrives and refused as soon as it passes the limit.
"""

from __future__ import annotations

import inspect

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {limit} bytes.")
        self.limit = limit


def _declared_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


async def _answer(scope: Scope, receive: Receive, error: BodyTooLarge) -> Response:
    """The application's own answer to the error (its handler of HTTP exceptions)."""
    app = scope.get("app")
    handlers = getattr(app, "exception_handlers", {})
    handler = handlers.get(HTTPException)
    if handler is None:  # pragma: no cover - the application always registers one
        return PlainTextResponse(str(error.detail), status_code=error.status_code)
    answer = handler(Request(scope, receive), error)
    response: Response = await answer if inspect.isawaitable(answer) else answer
    return response


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            response = await _answer(scope, receive, BodyTooLarge(self.max_bytes))
            await response(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge as error:
            if started:  # the answer is on its way: nothing better to say
                raise
            response = await _answer(scope, receive, error)
            await response(scope, receive, send)
