"""Clauses of the product terms, and the reasons that cite them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Art:
    """An article of the terms, e.g. ``Art("5.2")``; rendered as "Art. 5.2"."""

    number: str

    def __str__(self) -> str:
        return f"Art. {self.number}"


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule's verdict: a stable code, the article it applies and the values it compared."""

    code: str
    article: Art
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "article": str(self.article), "params": dict(self.params)}
