"""Chart data for `macros/chart.html`: the canvas drawn by Chart.js and the same figures as a
table for screen readers (and for browsers without JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Unit = Literal["money", "number"]


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[int, ...]  # money in cents, counts as they are
    shown: tuple[str, ...]  # the same values formatted for the reader's locale


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    kind: Literal["bar", "line"] = "bar"
    unit: Unit = "number"
    label_header: str = ""
    number_format: dict[str, str] | None = None  # formatting.number_parts() of the language

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.labels) or len(series.shown) != len(self.labels):
                raise ValueError(f"series {series.label!r} does not match the labels")

    def config(self) -> dict[str, Any]:
        """What the initialiser (static/charts.js) reads from the JSON script tag."""
        scale = 100 if self.unit == "money" else 1
        return {
            "type": self.kind,
            "unit": self.unit,
            "format": self.number_format or {"prefix": "", "group": ",", "suffix": ""},
            "labels": list(self.labels),
            "datasets": [
                {"label": s.label, "data": [value / scale for value in s.values]}
                for s in self.series
            ],
        }

    def rows(self) -> list[tuple[str, Sequence[str]]]:
        return [
            (label, [series.shown[index] for series in self.series])
            for index, label in enumerate(self.labels)
        ]
