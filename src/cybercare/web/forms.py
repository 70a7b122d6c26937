"""Form errors shown next to their fields (the web face of problem+json field errors).

A form handler collects `FieldError`s (from Pydantic validation or a `DomainError`'s field
pointers), and the page renders them with `macros/forms.html`: a summary at the top that links to
each field, and the message beside the field, tied to it with `aria-describedby`.
Messages are translated when rendered, so they are msgids (marked with `N_`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cybercare.kernel.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str  # the form field's name, e.g. "email" or "members.1.birth_date"
    message: str  # a msgid, translated when rendered
    params: Mapping[str, Any] | None = None


class FormErrors:
    def __init__(self, errors: Iterable[FieldError] = ()) -> None:
        self._errors: list[FieldError] = list(errors)

    @classmethod
    def from_problem(cls, problems: Iterable[Mapping[str, str]]) -> FormErrors:
        """From problem+json `errors` (`{"pointer": "#/email", "detail": "..."}`)."""
        return cls(
            FieldError(problem.get("pointer", "").removeprefix("#/").replace("/", "."), detail)
            for problem in problems
            if (detail := problem.get("detail"))
        )

    @classmethod
    def from_invalid_input(cls, error: InvalidInput) -> FormErrors:
        return cls(FieldError(field, message) for field, message in error.errors)

    def add(self, field: str, message: str, **params: Any) -> None:
        self._errors.append(FieldError(field, message, params or None))

    def for_field(self, field: str) -> list[FieldError]:
        return [error for error in self._errors if error.field == field]

    def __iter__(self) -> Iterator[FieldError]:
        return iter(self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def __len__(self) -> int:
        return len(self._errors)


def field_id(name: str) -> str:
    """A valid HTML id for a field name ("members.1.birth_date" -> "f-members-1-birth_date")."""
    return "f-" + "".join(c if c.isalnum() or c in "_-" else "-" for c in name)
