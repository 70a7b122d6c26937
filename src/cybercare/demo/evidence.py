"""The documents demo members upload with their claims (Art. 8.3): small real PDF files, a
PNG photo and plain-text lists of links, so that the evidence viewer shows something readable."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from datetime import UTC, date, datetime

from fpdf import FPDF

from cybercare.claims.submit import EvidenceUpload
from cybercare.documents.formatting import printable
from cybercare.product.catalog import Catalog

PRODUCT = ("cyber-care-be", "2021-12")


def pdf(title: str, lines: Sequence[str], *, dated: date) -> bytes:
    """A one-page PDF with a title and lines of text (PDF core font, deterministic)."""
    document = FPDF(format="A4")
    document.set_creation_date(datetime(dated.year, dated.month, dated.day, tzinfo=UTC))
    document.set_title(title)
    document.add_page()
    document.set_font("Helvetica", "B", 16)
    document.cell(0, 12, printable(title), new_x="LMARGIN", new_y="NEXT")
    document.set_font("Helvetica", size=11)
    for line in lines:
        document.multi_cell(0, 7, printable(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def document(
    code: str, title: str, lines: Sequence[str], *, dated: date, filename: str | None = None
) -> EvidenceUpload:
    name = filename or f"{code.replace('_', '-')}.pdf"
    return EvidenceUpload(code, name, "application/pdf", pdf(title, lines, dated=dated))


def text(code: str, filename: str, body: str) -> EvidenceUpload:
    return EvidenceUpload(code, filename, "text/plain", body.encode("utf-8"))


def photo(code: str, filename: str, *, width: int = 96, height: int = 64) -> EvidenceUpload:
    """A small PNG image (a dark screen with a diagonal crack), built without any image library."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            crack = abs(x * height - y * width) < width * 2
            shade = 235 if crack else 30 + (x + y) % 12
            row += bytes((shade, shade, shade + 10 if shade < 245 else shade))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
    return EvidenceUpload(code, filename, "image/png", content)


def respected(catalog: Catalog, guarantee: str) -> frozenset[str]:
    """The prevention obligations (Art. 7.1) the guarantee asks about, all answered 'kept'."""
    product = catalog.get(*PRODUCT)
    return frozenset(
        item.code for item in product.obligations.items if guarantee in item.guarantees
    )


def purchase(
    shop: str,
    item: str,
    amount: str,
    *,
    ordered: date,
    promised: date | None,
    buyer: str,
    complaint: date,
    photo_of_goods: str | None = None,
) -> tuple[EvidenceUpload, ...]:
    """Order confirmation, proof of payment and the written claim to the seller (Art. 4.5), and
    a photo of the goods received when they are not as ordered."""
    order = f"{ordered:%y%m%d}-{zlib.crc32(shop.encode()) % 9000 + 1000}"
    promised_line = [f"Promised delivery: {promised:%d/%m/%Y}"] if promised else []
    photos = (photo("photos", photo_of_goods),) if photo_of_goods else ()
    return (
        document(
            "order_confirmation",
            f"{shop} - order confirmation",
            [
                f"Order {order} of {ordered:%d/%m/%Y}",
                f"Customer: {buyer}",
                f"1 x {item}",
                *promised_line,
                f"Total paid: EUR {amount} (VAT included)",
            ],
            dated=ordered,
        ),
        document(
            "proof_of_payment",
            "Bank account statement",
            [
                f"{ordered:%d/%m/%Y}  Card payment  {shop}  -{amount} EUR",
                f"Communication: order {order}",
            ],
            dated=ordered,
        ),
        document(
            "written_claim_to_seller",
            f"Complaint to {shop}",
            [
                f"Dear {shop} customer service,",
                f"I paid EUR {amount} for order {order} of {ordered:%d/%m/%Y} ({item}).",
                "Despite my previous messages I have received no solution.",
                "I ask you to deliver the goods as ordered or to refund the price within 8 days.",
                f"{buyer}, {complaint:%d/%m/%Y}",
            ],
            dated=complaint,
        ),
        *photos,
    )
