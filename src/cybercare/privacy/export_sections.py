"""The sections of a data export, in a registry: each section reads its part of the person's
data and gives it as JSON (`data.json`), as blocks of the readable PDF, and as files.

A new kind of data joins the export by registering one section (`register_section`); the
archive, its schema version and the PDF pick it up. See the registration points at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cybercare.db.uow import UnitOfWork
from cybercare.documents.layout import Block, Heading, Paragraph, Table
from cybercare.kernel.clock import BRUSSELS, Clock
from cybercare.product.catalog import Catalog


@dataclass(frozen=True, slots=True)
class ExportScope:
    """Who the export is about and what Art. 11.3 lets it show, decided by the service."""

    person_id: str
    language: str
    household_ids: tuple[str, ...]
    affiliation_ids: tuple[str, ...]  # the contracts whose billing is shown: the affiliate's
    case_ids: tuple[str, ...]  # own cases and represented minors' cases
    psychological_case_ids: tuple[str, ...]  # own cases only (Art. 11.2)
    is_affiliate: bool
    # A copy staff hand over (letter, phone, e-mail): the notes are left out (Art. 11.2).
    handed_over: bool = False


@dataclass(frozen=True, slots=True)
class ExportContext:
    uow: UnitOfWork
    scope: ExportScope
    catalog: Catalog
    clock: Clock
    # Decision letters, rendered by the service with the claims' own rules (Art. 11.3 again).
    letter_pdf: Callable[[str], bytes | None]


@dataclass(frozen=True, slots=True)
class ExportFile:
    path: str  # inside the archive, e.g. "evidence/C123/1-order.pdf"
    content: bytes


@dataclass(frozen=True, slots=True)
class SectionPart:
    data: Any  # JSON-ready (dates and datetimes are written as ISO 8601)
    blocks: tuple[Block, ...] = ()
    # The files of the section, produced while the archive writes them (evidence is streamed).
    files: Callable[[], Iterator[ExportFile]] | None = None


@dataclass(frozen=True, slots=True)
class Section:
    name: str  # the key in data.json: stable, part of the export schema
    build: Callable[[ExportContext], SectionPart]
    # A section whose builder others provide: (`<module>:<function>`, what it holds), for docs.
    source: str = ""


@dataclass
class SectionRegistry:
    sections: dict[str, Section] = field(default_factory=dict)

    def register(self, section: Section) -> None:
        if section.name in self.sections:
            raise ValueError(f"an export section named {section.name!r} is registered already")
        self.sections[section.name] = section

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections.values())

    def names(self) -> tuple[str, ...]:
        return tuple(self.sections)


SECTIONS = SectionRegistry()


def register_section(section: Section) -> Section:
    SECTIONS.register(section)
    return section


def rows_section(
    name: str,
    title: Callable[[str], str],
    rows_of: Callable[[UnitOfWork, str], Sequence[Mapping[str, Any]]],
    *,
    source: str = "",
) -> Section:
    """A section from a function that lists rows about a person (`reads_of_person(uow,
    person_id)`): the rows as they are in data.json, and a table of them in the PDF whose
    columns are the rows' keys."""

    def build(context: ExportContext) -> SectionPart:
        rows = [dict(row) for row in rows_of(context.uow, context.scope.person_id)]
        language = context.scope.language
        blocks: list[Block] = [Heading(title(language))]
        if rows:
            keys = tuple(rows[0])
            blocks.append(
                Table(
                    headers=keys,
                    rows=tuple(tuple(cell(row.get(k), language) for k in keys) for row in rows),
                    widths=tuple(1.0 for _ in keys),
                    align=tuple("LEFT" for _ in keys),
                )
            )
        return SectionPart(rows, tuple(blocks))

    return Section(name, build, source)


def cell(value: object, language: str) -> str:
    from cybercare.documents.formatting import long_date

    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(BRUSSELS)
        return f"{long_date(local.date(), language)} {local:%H:%M}"
    if isinstance(value, date):
        return long_date(value, language)
    if isinstance(value, bool):
        return "x" if value else "-"
    return str(value)


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(line) for line in text.splitlines() if line.strip())
