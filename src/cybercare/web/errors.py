"""Error pages for web requests; API paths keep their problem+json answers (api/problems.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from cybercare.db.outage import DriverError, is_database_outage
from cybercare.http.errors import status_for
from cybercare.http.outage import retry_after
from cybercare.kernel.errors import DomainError
from cybercare.web.auth import SignInRequired, as_signed_out
from cybercare.web.csrf import CsrfRejected
from cybercare.web.i18n import N_
from cybercare.web.session import is_web_path
from cybercare.web.templating import templates_of

log = logging.getLogger(__name__)

# (title, explanation) per status; msgids, translated when rendered.
MESSAGES: dict[int, tuple[str, str]] = {
    400: (N_("Bad request"), N_("The page could not understand what was sent.")),
    403: (N_("Access refused"), N_("You are not allowed to see this page.")),
    409: (
        N_("This was changed meanwhile"),
        N_("Someone changed this at the same time. Reload the page and try again."),
    ),
    422: (N_("This cannot be done"), N_("The request breaks a rule of the product terms.")),
    404: (
        N_("Page not found"),
        N_("This page does not exist or has moved. Check the address or go back to the home page."),
    ),
    405: (N_("Not allowed"), N_("This page cannot be used that way.")),
    413: (
        N_("Too large to accept"),
        N_("What you sent is too large. Send fewer or smaller files and try again."),
    ),
    429: (N_("Too many attempts"), N_("Please wait a moment before you try again.")),
    500: (
        N_("Something went wrong"),
        N_("An error occurred on our side. Please try again in a few minutes."),
    ),
    # A database outage (db/outage.py): the same words as a 500, which already say to come back.
    503: (
        N_("Something went wrong"),
        N_("An error occurred on our side. Please try again in a few minutes."),
    ),
}
CSRF_MESSAGE = (
    N_("This form has expired"),
    N_("For your security, the form was not accepted. Reload the page and try again."),
)

Handler = Callable[[Request, Any], Response | Awaitable[Response]]


def wants_html(request: Request) -> bool:
    if not is_web_path(request.url.path):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "json" not in accept


def error_page(request: Request, status: int, messages: tuple[str, str] | None = None) -> Response:
    title, explanation = messages or MESSAGES.get(status, MESSAGES[500])
    return templates_of(request).render(
        request,
        "error.html",
        {"status": status, "title": title, "explanation": explanation},
        status_code=status,
    )


def outage_page(request: Request) -> Response:
    """The friendly page for a database outage: 503 with Retry-After, and the help line. Drawn
    as for a visitor not signed in: the session lives in the database that is away."""
    as_signed_out(request)
    try:
        response = error_page(request, 503)
    except Exception:  # the page itself failed: answer plainly, still 503
        log.exception("the outage page could not be rendered")
        response = PlainTextResponse("Service Unavailable", status_code=503)
    response.headers.update(retry_after())
    return response


def sign_in_redirect(request: Request, exc: SignInRequired) -> Response:
    """To the sign-in page, and back here afterwards (htmx follows HX-Redirect instead)."""
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": exc.location})
    return RedirectResponse(exc.location, status_code=303)


def install(app: FastAPI) -> None:
    api_http_handler: Handler | None = app.exception_handlers.get(StarletteHTTPException)

    async def http_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, StarletteHTTPException):  # pragma: no cover - registered for it
            raise exc
        if isinstance(exc, SignInRequired):
            return sign_in_redirect(request, exc)
        if wants_html(request) or api_http_handler is None:
            messages = CSRF_MESSAGE if isinstance(exc, CsrfRejected) else None
            response = error_page(request, exc.status_code, messages)
            for name, value in (exc.headers or {}).items():
                response.headers[name] = value
            return response
        answer = api_http_handler(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    def server_error(request: Request, exc: Exception) -> Response:
        if wants_html(request):
            try:
                return error_page(request, 500)
            except Exception:  # the error page itself failed: answer plainly
                log.exception("the error page could not be rendered")
        return PlainTextResponse("Internal Server Error", status_code=500)

    api_outage_handler: Handler | None = app.exception_handlers.get(DriverError)

    async def database_outage(request: Request, exc: Exception) -> Response:
        """The database is away (db/outage.py): 503 with Retry-After, the page or problem+json.
        Any other database error is a fault and goes on to the 500 handler."""
        if not is_database_outage(exc):
            raise exc
        if wants_html(request) or api_outage_handler is None:
            log.warning(
                "database unavailable during %s %s: %s", request.method, request.url.path, exc
            )
            return outage_page(request)  # reads nothing from the database: no thread needed
        answer = api_outage_handler(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    async def last_resort(request: Request, exc: Exception) -> Response:
        """Every error no other handler took, a route's or a middleware's: an outage is still
        a 503 (a middleware that reads the database reaches only this handler), the rest 500."""
        if is_database_outage(exc):
            return await database_outage(request, exc)
        return await run_in_threadpool(server_error, request, exc)

    api_domain_handler: Handler | None = app.exception_handlers.get(DomainError)

    async def domain_error(request: Request, exc: Exception) -> Response:
        """A refusal of a service (not found, forbidden by Art. 11, conflict) on a page."""
        if not isinstance(exc, DomainError):  # pragma: no cover - registered for it
            raise exc
        if wants_html(request) or api_domain_handler is None:
            return error_page(request, status_for(exc))
        answer = api_domain_handler(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    api_validation_handler: Handler | None = app.exception_handlers.get(RequestValidationError)

    async def validation_error(request: Request, exc: Exception) -> Response:
        """A form or address a page cannot read (a field missing, a value of the wrong kind):
        forms check their own fields and show messages beside them, so this is rare on a page;
        it gets the error page, not the API's problem+json."""
        if not isinstance(exc, RequestValidationError):  # pragma: no cover - registered for it
            raise exc
        if wants_html(request) or api_validation_handler is None:
            return error_page(request, 422, MESSAGES[400])
        answer = api_validation_handler(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(DriverError, database_outage)
    app.add_exception_handler(Exception, last_resort)
