"""Builders for document tests: plain functions with keyword defaults."""

from __future__ import annotations

import re
import zlib
from datetime import date
from typing import Any

from cybercare.documents import CertificateView, InsuredPersonView
from cybercare.kernel.periods import insurance_year
from cybercare.product.catalog import reference_product

START = date(2024, 9, 1)
ISSUED = date(2025, 3, 14)


def household() -> tuple[InsuredPersonView, ...]:
    return (
        InsuredPersonView("Marie Dubois", date(1984, 5, 17), "affiliate"),
        InsuredPersonView("Luc Peeters", date(1982, 11, 2), "partner"),
        InsuredPersonView("Zoë Peeters", date(2012, 6, 30), "child"),
    )


def a_certificate_view(**overrides: Any) -> CertificateView:
    start = overrides.pop("start_date", START)
    issued = overrides.pop("issue_date", ISSUED)
    values: dict[str, Any] = {
        "certificate_number": "CC-2025-000123",
        "language": "fr",
        "issue_date": issued,
        "affiliation_id": "aff_7H3K9Q2M4X1P",
        "distributor_name": "Proximus",
        "customer_ref": "PXS-448812",
        "product": reference_product(),
        "status": "active",
        "start_date": start,
        "insurance_year": insurance_year(start, max(start, issued)),
        "affiliate_name": "Marie Dubois",
        "affiliate_address": ("Rue de la Loi 16 bte 2", "1000 Bruxelles"),
        "insured_persons": household(),
        "premium_gross_monthly_cents": 499,
    }
    values.update(overrides)
    return CertificateView(**values)


def page_count(pdf: bytes) -> int:
    counts = re.findall(rb"/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)", pdf)
    if not counts:
        counts = re.findall(rb"/Count (\d+)", pdf)
    assert len(counts) == 1, counts
    return int(counts[0])


_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\) Tj")
_ESCAPES = re.compile(rb"\\(.)", re.S)


def drawn_text(pdf: bytes) -> list[str]:
    """The strings the PDF's pages draw (`(...) Tj`), decoded from the core fonts' cp1252."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for raw in _STRING.findall(content):
            texts.append(_ESCAPES.sub(rb"\1", raw).decode("cp1252"))
    return texts
