"""The schema of every error answer: RFC 9457 problem details, as `cybercare.api.problems`
writes them. The partner document declares it (content type `application/problem+json`) on every
status an operation may refuse with, instead of FastAPI's `HTTPValidationError`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ProblemError(BaseModel):
    """One field at fault: a JSON pointer into the body, or a parameter and where it is."""

    model_config = ConfigDict(extra="allow")

    pointer: str | None = Field(None, examples=["#/affiliate/birth_date"])
    parameter: str | None = Field(None, examples=["notified_on"])
    in_: str | None = Field(None, alias="in", examples=["query"])
    detail: str = Field(examples=["a date from 1900-01-01 to 2100-12-31"])


class Problem(BaseModel):
    """An error (RFC 9457). `code` is stable and names the error; `type` is its published page
    (docs/problems.md); `clause` cites the article of the product terms a refusal applies."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(
        description="The problem type's page: one per `code` (about:blank when there is none)",
        examples=["https://cybercare.example/docs/problems#affiliation.not_found"],
    )
    title: str = Field(examples=["Affiliation: not found"])
    status: int = Field(ge=400, le=599, examples=[404])
    detail: str | None = Field(None, examples=["no such affiliation"])
    instance: str | None = Field(
        None,
        description="`urn:request:<X-Request-ID>`: quote it to support",
        examples=["urn:request:01JEX4S5Z0Q8M2G7"],
    )
    code: str | None = Field(None, examples=["affiliation.not_found"])
    clause: str | None = Field(None, examples=["Art. 9.3"])
    params: dict[str, Any] | None = None
    errors: list[ProblemError] | None = Field(
        None, description="On `invalid_input`: each field at fault"
    )
