"""A small document model (title band, headings, fields, paragraphs, tables) and its PDF drawing.

A document is built as plain values first; `lines()` lists its text and `render_pdf()` draws
exactly those texts with fpdf2 and the PDF core fonts, so tests can read what a person reads.
Output is deterministic: the creation date comes from the document, never from the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Literal

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, TableCellFillMode, VAlign, XPos, YPos
from fpdf.fonts import FontFace

from cybercare.documents.formatting import PDF_ENCODING, printable

Align = Literal["LEFT", "RIGHT", "CENTER"]

FONT = "Helvetica"  # a PDF core font: no file to embed, cp1252 (é, ë, ü, ß, œ, €)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
BRAND = (0, 0, 143)  # deep blue of the title band and headings
BRAND_LIGHT = (232, 236, 248)
RULE = (206, 212, 218)
PAGE_MARGIN = 18.0
BAND_HEIGHT = 30.0
FOOTER_HEIGHT = 18.0


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    small: bool = False


@dataclass(frozen=True, slots=True)
class Fields:
    """Caption and value pairs; a value may hold several lines separated by newlines."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative widths of the columns
    align: tuple[Align, ...]
    total: bool = False  # the last row is a total: bold, on a tinted band

    def __post_init__(self) -> None:
        columns = len(self.headers)
        if len(self.widths) != columns or len(self.align) != columns:
            raise ValueError("a table needs one width and one alignment per column")
        if any(len(row) != columns for row in self.rows):
            raise ValueError("every row of a table needs one cell per column")


Block = Heading | Paragraph | Fields | Table


@dataclass(frozen=True, slots=True)
class Document:
    language: str
    created_on: date
    kicker: str  # small line above the title, e.g. the product name
    title: str
    references: tuple[str, ...]  # right-hand side of the title band
    blocks: tuple[Block, ...]
    footer: str
    author: str

    def lines(self) -> list[str]:
        """Every text the PDF shows, in reading order (page numbers aside)."""
        drawn = self.drawable()
        out = [drawn.kicker, drawn.title, *drawn.references]
        for block in drawn.blocks:
            out.extend(_block_lines(block))
        out.append(drawn.footer)
        return out

    def drawable(self) -> Document:
        """The same document with every text drawable by the core fonts (see `printable`)."""
        return replace(
            self,
            kicker=printable(self.kicker),
            title=printable(self.title),
            references=tuple(printable(r) for r in self.references),
            blocks=tuple(_drawable(block) for block in self.blocks),
            footer=printable(self.footer),
            author=printable(self.author),
        )


def _drawable(block: Block) -> Block:
    if isinstance(block, Heading):
        return Heading(printable(block.text))
    if isinstance(block, Paragraph):
        return Paragraph(printable(block.text), small=block.small)
    if isinstance(block, Fields):
        return Fields(tuple((printable(c), printable(v)) for c, v in block.rows))
    return replace(
        block,
        headers=tuple(printable(h) for h in block.headers),
        rows=tuple(tuple(printable(cell) for cell in row) for row in block.rows),
    )


def _block_lines(block: Block) -> Iterator[str]:
    if isinstance(block, Heading | Paragraph):
        yield block.text
    elif isinstance(block, Fields):
        for caption, value in block.rows:
            yield f"{caption}: {value}".replace("\n", ", ")
    else:
        yield " | ".join(block.headers)
        for row in block.rows:
            yield " | ".join(row)


class _Pdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        self.core_fonts_encoding = PDF_ENCODING  # WinAnsi: the core fonts' glyphs include "€"
        self.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        self.set_auto_page_break(auto=True, margin=FOOTER_HEIGHT + 6)
        self.set_text_color(*INK)

    @property
    def content_width(self) -> float:
        return float(self.epw)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.set_y(8)
        self.cell(0, 5, f"{self.document.title} - {self.document.references[0]}", align="R")
        self.set_draw_color(*RULE)
        self.line(PAGE_MARGIN, 14, self.w - PAGE_MARGIN, 14)
        self.set_y(PAGE_MARGIN + 2)
        self.set_text_color(*INK)

    def footer(self) -> None:
        top = self.h - FOOTER_HEIGHT
        self.set_draw_color(*RULE)
        self.line(PAGE_MARGIN, top, self.w - PAGE_MARGIN, top)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        self.set_xy(PAGE_MARGIN, top + 2)
        self.multi_cell(self.content_width - 20, 3.5, self.document.footer, align="L")
        self.set_xy(self.w - PAGE_MARGIN - 20, top + 2)
        self.set_font(FONT, "B", 8)
        self.cell(20, 3.5, f"{self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*INK)


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes: A4, core fonts, the same bytes for the same document."""
    document = document.drawable()
    pdf = _Pdf(document)
    created = datetime(
        document.created_on.year, document.created_on.month, document.created_on.day, tzinfo=UTC
    )
    pdf.set_creation_date(created)
    pdf.set_lang(document.language)
    pdf.set_title(f"{document.title} {document.references[0]}")
    pdf.set_subject(document.kicker)
    pdf.set_author(document.author)
    pdf.set_creator("Cyber Care")
    pdf.set_producer("Cyber Care (fpdf2)")
    pdf.add_page()
    _title_band(pdf, document)
    for block in document.blocks:
        _draw(pdf, block)
    return bytes(pdf.output())


def _title_band(pdf: _Pdf, document: Document) -> None:
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, pdf.w, BAND_HEIGHT, style="F")
    pdf.set_text_color(255, 255, 255)
    left = pdf.content_width * 0.58
    pdf.set_xy(PAGE_MARGIN, 7)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(left, 5, document.kicker.upper())
    pdf.set_xy(PAGE_MARGIN, 13)
    pdf.set_font(FONT, "B", 19)
    pdf.multi_cell(left, 8, document.title, align="L")
    pdf.set_font(FONT, "", 9)
    right = pdf.content_width - left
    for index, reference in enumerate(document.references):
        pdf.set_xy(PAGE_MARGIN + left, 8 + index * 5.5)
        pdf.cell(right, 5, reference, align="R")
    pdf.set_text_color(*INK)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_y(BAND_HEIGHT + 5)


def _draw(pdf: _Pdf, block: Block) -> None:
    if isinstance(block, Heading):
        _heading(pdf, block)
    elif isinstance(block, Paragraph):
        pdf.set_font(FONT, "", 8 if block.small else 9)
        pdf.set_text_color(*(MUTED if block.small else INK))
        pdf.multi_cell(0, 4.2, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)
        pdf.ln(2)
    elif isinstance(block, Fields):
        _fields(pdf, block)
    else:
        _table(pdf, block)


def _heading(pdf: _Pdf, block: Heading) -> None:
    # keep a heading with the start of its section
    if pdf.get_y() > pdf.page_break_trigger - 30:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11.5)
    pdf.set_text_color(*BRAND)
    pdf.cell(0, 6, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(0.4)
    y = pdf.get_y() + 0.5
    pdf.line(PAGE_MARGIN, y, PAGE_MARGIN + 14, y)
    pdf.set_line_width(0.2)
    pdf.set_text_color(*INK)
    pdf.ln(3)


def _fields(pdf: _Pdf, block: Fields) -> None:
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(40, 60),
        text_align=("LEFT", "LEFT"),
        first_row_as_headings=False,
        borders_layout=TableBordersLayout.NONE,
        line_height=4.4,
        padding=(0.6, 1, 0.6, 0),
        v_align=VAlign.T,
        align="LEFT",
        width=pdf.content_width,
    ) as table:
        for caption, value in block.rows:
            row = table.row()
            row.cell(caption, style=FontFace(emphasis="B", color=MUTED, size_pt=8.5))
            row.cell(value)
    pdf.ln(2)


def _table(pdf: _Pdf, block: Table) -> None:
    pdf.set_font(FONT, "", 8.5)
    pdf.set_draw_color(*RULE)
    last = len(block.rows) - 1
    with pdf.table(
        col_widths=block.widths,
        text_align=block.align,
        headings_style=FontFace(emphasis="B", color=(255, 255, 255), fill_color=BRAND, size_pt=8.5),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        cell_fill_color=(248, 249, 251),
        cell_fill_mode=TableCellFillMode.ROWS,
        line_height=4.2,
        padding=(1.2, 1.6, 1.2, 1.6),
        v_align=VAlign.T,
        align="LEFT",
        width=pdf.content_width,
    ) as table:
        header = table.row()
        for text in block.headers:
            header.cell(text)
        for index, cells in enumerate(block.rows):
            style = (
                FontFace(emphasis="B", fill_color=BRAND_LIGHT)
                if block.total and index == last
                else None
            )
            row = table.row()
            for text in cells:
                row.cell(text, style=style)
    pdf.ln(3)
