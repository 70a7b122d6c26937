"""NUL bytes are refused at the edge, before any route or service sees them.

PostgreSQL cannot store a NUL (U+0000) in a text value ("A string literal cannot contain NUL"):
a NUL in a search term, an id or a name reached the database and answered 500 there, while SQLite
stored it. No legitimate text of this platform holds one, so every request is checked once, by
`refuse_nul_bytes`, a dependency of the whole application that runs before every other one: the
path parameters, the query, the header values, and the body as the route reads it (the JSON
document, or the form's fields and file names; file contents are bytes and may hold anything).

A refusal is a `RequestValidationError` naming each place at fault, so the API answers it as its
other validation errors (422 problem+json, a parameter or a JSON pointer) and a page shows its
422 error page: the same on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.exceptions import RequestValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request

NUL = "\x00"
MESSAGE = "must not contain a NUL character (U+0000)"
JSON_ESCAPED_NUL = b"\\u0000"  # a NUL can only reach a JSON string escaped (RFC 8259, 7)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

Location = tuple[str | int, ...]


def _shown(name: str) -> str:
    """A name fit for an answer: a NUL in a parameter's own name is shown escaped."""
    return name.replace(NUL, "\\u0000")


def _in_json(value: Any, at: Location) -> Iterator[Location]:
    if isinstance(value, str):
        if NUL in value:
            yield at
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*at, _shown(key))
            else:
                yield from _in_json(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _in_json(item, (*at, index))


def _in_params(where: str, items: Iterable[tuple[str, str]]) -> Iterator[Location]:
    for name, value in items:
        if NUL in name or NUL in value:
            yield (where, _shown(name))


def _in_headers(request: Request) -> Iterator[Location]:
    for name, value in request.headers.raw:
        if b"\x00" in value:
            yield ("header", name.decode("latin-1"))


async def _in_body(request: Request) -> list[Location]:
    content_type = request.headers.get("content-type", "").lower()
    media_type = content_type.split(";")[0].strip()
    if media_type == "application/json" or media_type.endswith("+json"):
        if JSON_ESCAPED_NUL not in await request.body():
            return []
        try:
            document = await request.json()
        except ValueError:  # not JSON: the route refuses it as such, if it reads it at all
            return []
        return list(_in_json(document, ("body",)))
    if content_type.startswith(FORM_TYPES):
        # Parsed once: Starlette keeps the form for the route and the CSRF check.
        form = await request.form()
        found: list[Location] = []
        for name, value in form.multi_items():
            text = (value.filename or "") if isinstance(value, UploadFile) else value
            if NUL in name or NUL in text:
                found.append(("body", _shown(name)))
        return found
    return []


async def nul_locations(request: Request) -> list[Location]:
    """Every place of the request that holds a NUL, as a validation error location."""
    found = [
        *_in_params("path", request.path_params.items()),
        *_in_params("query", request.query_params.multi_items()),
        *_in_headers(request),
    ]
    found.extend(await _in_body(request))
    return found


async def refuse_nul_bytes(request: Request) -> None:
    """A dependency of every route: 422 naming each parameter or field that holds a NUL."""
    found = await nul_locations(request)
    if found:
        raise RequestValidationError(
            [{"type": "nul_character", "loc": at, "msg": MESSAGE, "input": None} for at in found]
        )
