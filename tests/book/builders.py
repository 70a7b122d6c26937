"""Builders for book imports: households as JSONL lines or CSV rows, with valid national
register numbers and IBANs unless told otherwise."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from schwifty import IBAN

from cybercare.book.formats import CSV_COLUMNS
from tests.api.builders import declarations


def national_number(born: date, serial: int) -> str:
    """A Belgian national register number of someone born on `born` (check digits mod 97)."""
    base = f"{born:%y%m%d}{serial % 998 + 1:03d}"
    value = int(base) + (2_000_000_000 if born.year >= 2000 else 0)
    return f"{base}{97 - value % 97:02d}"


def iban(serial: int) -> str:
    return str(IBAN.generate("BE", bank_code="096", account_code=f"{serial % 10_000_000:07d}"))


def household(n: int, **changes: Any) -> dict[str, Any]:
    """Household `n`: an affiliate and a spouse, a paper mandate, paid up to 2027-01-01."""
    born, spouse_born = date(1980, 5, 1), date(1982, 3, 4)
    data: dict[str, Any] = {
        "customer_ref": f"BOOK-{n:06d}",
        "start_date": "2026-01-15",
        "affiliate": {
            "given_name": "An",
            "family_name": "Peeters",
            "birth_date": born.isoformat(),
            "language": "nl",
            "email": f"an{n}@example.be",
            "national_register_number": national_number(born, 2 * n),
        },
        "members": [
            {
                "relationship": "spouse",
                "given_name": "Jan",
                "family_name": "Peeters",
                "birth_date": spouse_born.isoformat(),
                "language": "nl",
                "national_register_number": national_number(spouse_born, 2 * n + 1),
            }
        ],
        "address": {"street": "Meir", "number": str(n), "postcode": "2000", "city": "Antwerpen"},
        "prevention_declarations": declarations(),
        "mandate": {
            "reference": f"BOOK-M-{n:06d}",
            "holder": "An Peeters",
            "iban": iban(n),
            "signature_date": "2026-01-10",
        },
        "paid_until": "2027-01-01",
    }
    data.update(changes)
    return data


def jsonl(*households: dict[str, Any]) -> str:
    return "".join(json.dumps(h) + "\n" for h in households)


def csv_text(*households: dict[str, Any]) -> str:
    """The same households as CSV: a row per person, the affiliate's first."""
    codes = list(declarations())
    out = io.StringIO()
    writer = csv.DictWriter(out, [*CSV_COLUMNS, *(f"prevention.{c}" for c in codes)])
    writer.writeheader()
    for h in households:
        mandate = h.get("mandate") or {}
        row = {
            "customer_ref": h["customer_ref"],
            "relationship": "affiliate",
            **h["affiliate"],
            "start_date": h["start_date"],
            "paid_until": h.get("paid_until", ""),
            **h["address"],
            **{f"mandate_{k}": v for k, v in mandate.items()},
            **{
                f"prevention.{c}": "yes" if v else "no"
                for c, v in h["prevention_declarations"].items()
            },
        }
        writer.writerow(row)
        for member in h["members"]:
            writer.writerow({"customer_ref": h["customer_ref"], **member})
    return out.getvalue()
