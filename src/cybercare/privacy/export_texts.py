"""The words of the data export's PDF (context "document", `export17.po`) and of the pages
about it (`N_`, same file)."""

from __future__ import annotations

from cybercare.documents.translations import D_, document_text

TEXTS: dict[str, str] = {
    "title": D_("Your personal data"),
    "kicker": D_("Copy of your data (GDPR art. 15 and 20)"),
    "intro": D_(
        "This document is the readable copy of the data we hold about you. The file "
        "data.json in the same archive holds the same data in a machine-readable form "
        "(format %(version)s, described in schema.json); your evidence files and letters are "
        "in the folders evidence/ and letters/."
    ),
    "scope": D_(
        "Art. 11.3: it contains your own cases and those of the minors you legally represent; "
        "never another adult's case. Art. 11.2: notes of psychological assistance only when "
        "they concern you."
    ),
    "handed_over": D_(
        "This copy is handed over by our staff: notes of psychological assistance are not in "
        "it, as only you and your counsellor may read them (Art. 11.2). Ask for your copy in "
        "the portal to receive them."
    ),
    "request": D_("Request"),
    "made_on": D_("Made on"),
    "identity": D_("Identity"),
    "name": D_("Name"),
    "birth_date": D_("Date of birth"),
    "language": D_("Language"),
    "email": D_("E-mail"),
    "phone": D_("Phone"),
    "account": D_("Portal login"),
    "memberships": D_("Household memberships"),
    "relationship": D_("Relationship"),
    "joined": D_("Joined on"),
    "left": D_("Left on"),
    "addresses": D_("Addresses"),
    "address": D_("Address"),
    "from": D_("From"),
    "to": D_("Until"),
    "contracts": D_("Contracts"),
    "contract": D_("Affiliation"),
    "product": D_("Product"),  # the documents' word (documents.po)
    "start": D_("Start of cover"),
    "status": D_("Status"),
    "cases": D_("Cases"),
    "no_cases": D_("No case."),
    "case_of": D_("Case %(case)s of %(date)s"),
    "concerns": D_("Person concerned"),
    "guarantee": D_("Guarantee"),
    "narrative": D_("What happened"),
    "messages": D_("Messages"),
    "psychological": D_("Psychological assistance (Art. 11.2)"),
    "from_you": D_("You"),
    "from_team": D_("Our team"),
    "claims": D_("Claims and decisions"),
    "claim": D_("Claim"),
    "claimed": D_("Claimed"),
    "granted": D_("Granted"),
    "paid": D_("Paid"),
    "decision": D_("Decision"),
    "reasons": D_("Reasons"),
    "evidence": D_("Evidence files"),
    "file": D_("File"),
    "received": D_("Received"),
    "letters": D_("Letters"),
    "letter": D_("Letter"),
    "billing": D_("Premiums and payments"),
    "period": D_("Month"),
    "amount": D_("Amount"),
    "payments": D_("Payments"),
    "mandates": D_("Direct debit mandates"),
    "none": D_("None."),
    "reads": D_("Who read your data"),
    "read_on": D_("Read on"),
    "data_read": D_("Data read"),
    "read_by": D_("Read by"),
    "read_why": D_("Why"),
    "consents": D_("Your consents to psychological assistance"),
    "consent_given": D_("Consent given on"),
    "consent_version": D_("Text agreed to"),
    "consent_withdrawn": D_("Withdrawn on"),
    "footer": D_("Cyber Care - copy of personal data - %(insurer)s"),
}

# Status words of the tables: a stable code of the data, printed in the reader's words.
WORDS: dict[str, str] = {
    "open": D_("open"),
    "triaged": D_("triaged"),
    "in_progress": D_("in progress"),
    "closed": D_("closed"),
    "paid": D_("paid"),
    "unpaid": D_("unpaid"),
    "contested": D_("contested"),
    "accepted": D_("accepted"),
    "partially_accepted": D_("partially accepted"),
    "declined": D_("declined"),
    "needs_review": D_("under review"),
    "incomplete": D_("incomplete"),
    "in_review": D_("under review"),
    "awaiting_approval": D_("under review"),
    "decided": D_("decided"),
    "withdrawn": D_("withdrawn"),
    "active": D_("active"),
    "suspended": D_("suspended"),
    "terminated": D_("terminated"),
    "amended": D_("amended"),
    "cancelled": D_("cancelled"),
    "lapsed": D_("lapsed"),
    "portal": D_("in the portal"),
    "phone": D_("by phone"),
}


def t(key: str, language: str, **params: object) -> str:
    return document_text(language, TEXTS[key], **params)


def word(code: str | None, language: str) -> str:
    if code is None:
        return ""
    message = WORDS.get(code)
    return document_text(language, message) if message else code
