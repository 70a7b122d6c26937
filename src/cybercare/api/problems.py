"""The one place where errors become HTTP: RFC 9457 `application/problem+json`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cybercare.http.errors import status_for
from cybercare.kernel.errors import DomainError, InvalidInput, Unauthenticated
from cybercare.observability.request_id import problem_instance

PROBLEM_JSON = "application/problem+json"
# One published `type` per error code: the code's anchor in the problem types page
# (docs/problems.md, made by `cybercare.api.problem_types`). A problem without a code keeps
# RFC 9457's `about:blank`.
PROBLEM_TYPES = "https://cybercare.example/docs/problems#"
# The codes of the answers no domain error makes (the framework's own refusals).
HTTP_CODES = {
    401: "unauthenticated",
    404: "not_found",
    405: "method_not_allowed",
    413: "content_too_large",
}


def problem_type(code: str | None) -> str:
    return PROBLEM_TYPES + code if code else "about:blank"


def problem(status: int, title: str, detail: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": problem_type(extra.get("code")),
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update({key: value for key, value in extra.items() if value is not None})
    instance = problem_instance()  # urn:request:<X-Request-ID>, the request's log lines' id
    if instance is not None:
        body.setdefault("instance", instance)
    # Domain parameters carry dates and tuples: encode them as JSON does for response models.
    return JSONResponse(jsonable_encoder(body), status_code=status, media_type=PROBLEM_JSON)


def _pointer(location: tuple[Any, ...]) -> dict[str, str]:
    """Pydantic's error location as a JSON pointer into the body, or a parameter name."""
    where, *path = location or ("body",)
    if where == "body":
        return {"pointer": "#/" + "/".join(str(part) for part in path)}
    return {"parameter": ".".join(str(part) for part in path) or str(where), "in": str(where)}


def domain_problem(exc: DomainError) -> JSONResponse:
    errors = None
    if isinstance(exc, InvalidInput):
        errors = [
            {"pointer": "#/" + field.replace(".", "/"), "detail": reason}
            for field, reason in exc.errors
        ]
    response = problem(
        status_for(exc),
        exc.code.replace("_", " ").replace(".", ": ").capitalize(),
        exc.message,
        code=exc.code,
        clause=exc.clause,
        params=exc.params or None,
        errors=errors,
    )
    if isinstance(exc, Unauthenticated):
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {**_pointer(tuple(error.get("loc", ()))), "detail": error.get("msg", "invalid")}
            for error in exc.errors()
        ]
        return problem(
            422,
            "Invalid request",
            "One or more fields are invalid.",
            code="invalid_input",
            errors=errors,
        )

    @app.exception_handler(DomainError)
    def _domain(_request: Request, exc: DomainError) -> JSONResponse:
        return domain_problem(exc)

    @app.exception_handler(StarletteHTTPException)
    def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {
            404: "Not found",
            405: "Method not allowed",
            401: "Unauthorized",
            413: "Content too large",
        }
        response = problem(
            exc.status_code,
            titles.get(exc.status_code, "Error"),
            str(exc.detail),
            code=HTTP_CODES.get(exc.status_code, "http_error"),
        )
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response
