"""`Cache-Control: no-store` on every answer that may hold personal data.

The API's answers name people, addresses, claims and payments, and so do the pages, their PDF
letters and their downloads: no browser, proxy or shared cache may keep a copy. What is public
and the same for everyone may be cached: the published product terms (`/api/v1/products`), the
static files, the OpenAPI document and its viewers, and the health probes. A response that sets
its own `Cache-Control` keeps it (the pages already say `no-store`; a download may say
`private, no-store`).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NO_STORE = "no-store"
PUBLIC_PREFIXES = (
    "/api/v1/products",
    "/static/",
    "/openapi.json",
    "/docs",
    "/redoc",
    "/health",
)


def may_hold_personal_data(path: str) -> bool:
    return not path.startswith(PUBLIC_PREFIXES)


class NoStoreMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not may_hold_personal_data(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_no_store)
