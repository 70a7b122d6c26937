"""What the member and staff read of an erasure answer: each retention category's name and why
it is kept, as msgids (retention17.po); the legal basis itself is cited as the schedule words it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cybercare.db.uow import Database
from cybercare.privacy.erasure_queries import OpenRequest, open_requests_panel
from cybercare.web.i18n import N_

CATEGORY = {
    "member_identity": N_("Your name, contact details, national number, address and account"),
    "member_letters": N_("The letters we sent your household"),
    "cases_and_claims": N_("Your cases and claims"),
    "psychological_notes": N_("The notes of the psychological support"),
    "evidence_files": N_("The documents you sent with a claim"),
    "accounting_records": N_("Payments, direct debits and mandates in our books"),
    "bank_statements": N_("Bank statement lines naming you"),
    "outbox_messages": N_("E-mails not delivered"),
}

WHY = {
    "member_identity": N_(
        "An action on the insurance contract can be brought up to five years after it ended."
    ),
    "member_letters": N_(
        "An action on the insurance contract can be brought up to five years after it ended."
    ),
    "cases_and_claims": N_("A claim can be contested up to five years after its case was closed."),
    "psychological_notes": N_(
        "Health data are kept three years after the case was closed, the ordinary limitation."
    ),
    "evidence_files": N_("A claim can be contested up to five years after its case was closed."),
    "accounting_records": N_(
        "Accounting and tax law oblige us to keep the books ten years from the next 1 January."
    ),
    "bank_statements": N_(
        "Accounting and tax law oblige us to keep the books ten years from the next 1 January."
    ),
    "outbox_messages": N_("Kept 90 days so that a failed e-mail can be sent again."),
}

STATUS = {
    "open": N_("Registered: we answer within one month of receiving it."),
    "honoured": N_("Done: your data are erased."),
    "answered": N_("Answered: part of your data must be kept for now."),
}

CHANNEL = {
    "portal": N_("In the portal"),
    "letter": N_("By letter"),
    "phone": N_("By phone"),
    "email": N_("By e-mail"),
}


@dataclass(frozen=True, slots=True)
class KeptRow:
    category: str
    until: date | None
    legal_basis: str


def kept_rows(decision: dict[str, Any] | None) -> list[KeptRow]:
    """The kept categories of a stored decision, their dates parsed back."""
    return [
        KeptRow(
            k["category"],
            date.fromisoformat(k["until"]) if k.get("until") else None,
            k["legal_basis"],
        )
        for k in (decision or {}).get("kept", [])
    ]


@dataclass(frozen=True, slots=True)
class Panel:
    """The staff dashboard's panel of open requests, with its texts."""

    requests: list[OpenRequest]
    channels: dict[str, str]
    outcomes: dict[str, str]


def panel(database: Database, today: date) -> Panel:
    from cybercare.web.routes.backoffice_erasure import OUTCOMES

    return Panel(open_requests_panel(database, today), CHANNEL, OUTCOMES)
