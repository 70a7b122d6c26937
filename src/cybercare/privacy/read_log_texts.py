"""The words of the page "Who read my data" (Art. 11, GDPR Art. 15) for the read log's codes.
Each text is a msgid of `readlog17.po`. The staff member is named by function, not by name
(docs/privacy-read-log.md says why)."""

from __future__ import annotations

from cybercare.documents.translations import N_

READ_KINDS: dict[str, str] = {
    "affiliation_file": N_("The household's file (members, contract, premiums)"),
    "case": N_("A case (what was reported and the teams' notes)"),
    "claim": N_("A claim and its decision"),
    "evidence": N_("A file sent as evidence"),
    "letter": N_("A decision letter on a claim"),
    "contact_details": N_("Contact details (phone and e-mail)"),
    "psychological_notes": N_("Notes of the psychological assistance"),
}

STAFF_FUNCTIONS: dict[str, str] = {
    "technical": N_("An agent of the technical team"),
    "legal": N_("A lawyer of the legal team"),
    "financial": N_("An agent of the financial team"),
    "psychological": N_("A psychologist of the psychological assistance"),
    "claims_handler": N_("A claims handler of the insurer"),
    "supervisor": N_("A supervisor of the assistance"),
    "admin": N_("An administrator of the platform"),
    "finance": N_("A member of the finance team"),
}

# Why, when no case is named (a purpose without a case, or a case the member may not see).
PURPOSES: dict[str, str] = {
    "case": N_("To work on a case"),
    "claim": N_("To handle a claim"),
    "search": N_("The household's file was opened from a search of our members"),
    "dashboard": N_("A check of the household's yearly limits"),
    "lookup": N_("The household's file was opened directly"),
}
UNKNOWN = N_("For another reason")
