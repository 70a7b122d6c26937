"""Everything a distributor can receive, collected as it would receive it (its API key, its
webhook receiver), and the allow-list of fields per payload type (docs/privacy-minimisation.md).

A field is a path: `members[].person_id`, `data.product.code`; a CSV file's fields are its
columns. A field missing from the allow-list fails the test: new fields are allowed consciously,
here and in the document."""

from __future__ import annotations

import csv
import io
from typing import Any

AFFILIATION = {
    "id", "customer_ref", "product_code", "product_version", "subscribed_on", "start_date",
    "status", "insurance_year_start", "insurance_year_end", "renews_on", "pending_end",
    "pending_end.notice_on", "pending_end.effective_date", "pending_end.by", "pending_end.article",
    "status_periods[].status", "status_periods[].start_date", "status_periods[].end_date",
    "status_periods[].article", "members[].person_id", "members[].given_name",
    "members[].family_name", "members[].birth_date", "members[].language",
    "members[].relationship", "members[].insured", "members[].joined_on", "members[].left_on",
    "address", "address.street", "address.number", "address.box", "address.postcode",
    "address.city", "address.country", "prevention_declarations.*", "reasons[].code",
    "reasons[].article", "reasons[].params.*",
}  # fmt: skip
EVENT = {"id", "cursor", "type", "affiliation_id", "occurred_at"}
EVENT_DATA = {"affiliation_id", "customer_ref", "effective_date", "article"}
EVENT_DATA_BY_TYPE = {
    "affiliation.subscribed": {"product.code", "product.version", "start_date", "insured_count"},
    "affiliation.termination_notified": {"by"},
    "affiliation.terminated": {"by"},
    "affiliation.withdrawn": set(),
    "affiliation.renewed": set(),
    "affiliation.suspended": set(),
    "affiliation.suspension_lifted": set(),
    "household.member_joined": {"person_id", "relationship", "insured"},
    "household.member_left": {"person_id", "relationship", "insured"},
    "household.relationship_redeclared": {"person_id", "relationship", "insured"},
    "household.address_changed": {"person_id", "postcode"},
    "household.affiliate_died": {"person_id", "relationship", "insured"},
    "household.affiliate_replaced": {"person_id", "relationship", "insured"},
}
CHARGE = {
    "charge_id", "affiliation_id", "customer_ref", "period", "covered_from", "covered_until",
    "days", "month_days", "gross", "net", "tax", "tax_rate", "channel",
    "structured_communication",
}  # fmt: skip
CHARGES_JSON = {"period", "distributor", "totals.*", "count"} | {f"charges[].{c}" for c in CHARGE}
COMMISSION = {
    "period", "distributor", "affiliation_id", "customer_ref", "covered_from", "covered_to",
    "days", "net_premium", "commission",
}  # fmt: skip
COMMISSION_JSON = {
    "report", "month", "as_of", "distributor", "columns[]", "reconciled", "totals.*", "ledger.*",
} | {f"lines[].{c}" for c in COMMISSION}  # fmt: skip
MANDATE = {
    "reference", "affiliation_id", "holder", "iban", "bic", "signature_date", "channel",
    "status", "amendment_pending", "last_collection_on", "lapses_on", "ended_on", "consent_at",
}  # fmt: skip
WITHDRAWAL = {
    "affiliation_id", "notified_on", "deadline", "effective_date", "article", "covered_days",
    "premium_due", "charged", "refund", "refund_due_by", "reasons[].code", "reasons[].article",
    "reasons[].params.*",
}  # fmt: skip
TERMINATION = {
    "affiliation_id", "by", "notice_on", "effective_date", "article", "reasons[].code",
    "reasons[].article", "reasons[].params.*",
}  # fmt: skip
CALL_BACK = {"person_id", "phone", "call_before", "assistance_line.e164", "assistance_line.display"}
PAYMENT_RESULTS = {"applied", "already_applied", "collected", "errors[].line", "errors[].message"}


def fields(value: Any, prefix: str = "") -> set[str]:
    """The paths of `value`'s leaves (and of its empty or null containers)."""
    if isinstance(value, dict):
        if not value:
            return {prefix} if prefix else set()
        found: set[str] = set()
        for key, item in value.items():
            found |= fields(item, f"{prefix}.{key}" if prefix else str(key))
        return found
    if isinstance(value, list):
        found = set()
        for item in value:
            found |= fields(item, f"{prefix}[]")
        return found or {prefix}
    return {prefix}


def outside(found: set[str], allowed: set[str]) -> set[str]:
    """The fields of `found` that `allowed` does not name (`x.*`: any field under `x`; a
    container named is allowed when empty)."""
    wildcards = tuple(a[:-1] for a in allowed if a.endswith(".*"))
    return {
        f
        for f in found
        if f not in allowed
        and not f.startswith(wildcards)
        and not any(a.startswith((f + ".", f + "[]")) for a in allowed)
    }


def event_fields_outside(event: dict[str, Any]) -> set[str]:
    top = fields({k: v for k, v in event.items() if k != "data"})
    allowed = EVENT_DATA | EVENT_DATA_BY_TYPE.get(event["type"], set())
    return outside(top, EVENT) | {f"data.{f}" for f in outside(fields(event["data"]), allowed)}


def csv_columns(text: str) -> set[str]:
    return set(next(csv.reader(io.StringIO(text))))
