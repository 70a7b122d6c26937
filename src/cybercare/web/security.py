"""HTTP security headers on every response, and the cookie policy of the web pages.

The Content-Security-Policy allows only self-hosted scripts and styles: no inline script, no
inline style element, no `eval` (htmx is configured accordingly in base.html), no framing. The
interactive API documentation (/docs, /redoc) loads Swagger UI from a CDN, so it gets only the
framing and sniffing protections.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybercare.settings import Environment, Settings

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # Pico draws its checkbox and select icons as data: SVG
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
DOCS_POLICY = "frame-ancestors 'none'"
DOCS_PATHS = ("/docs", "/redoc", "/api/v1/docs")  # the last: the partner document

BASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


@dataclass(frozen=True, slots=True)
class CookiePolicy:
    """How the web sets its cookies: always HTTP-only where scripts need not read them,
    SameSite=Lax, and Secure everywhere but in development (plain http on a laptop)."""

    secure: bool
    samesite: str = "lax"

    @classmethod
    def for_settings(cls, settings: Settings) -> CookiePolicy:
        return cls(secure=settings.environment is not Environment.DEVELOPMENT)

    def attributes(self, *, http_only: bool = True, max_age: int | None = None) -> str:
        parts = ["Path=/", f"SameSite={self.samesite.capitalize()}"]
        if http_only:
            parts.append("HttpOnly")
        if self.secure:
            parts.append("Secure")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        return "; ".join(parts)


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        policy = DOCS_POLICY if path.startswith(DOCS_PATHS) else CONTENT_SECURITY_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in (*BASE_HEADERS, ("Content-Security-Policy", policy)):
                    if name not in headers:
                        headers[name] = value
                if self.hsts and HSTS[0] not in headers:
                    headers[HSTS[0]] = HSTS[1]
            await send(message)

        await self.app(scope, receive, send_with_headers)
