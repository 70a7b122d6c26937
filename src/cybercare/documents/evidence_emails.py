"""The e-mail that reminds a member of the documents still missing on a claim (Art. 8.3), in the
claim's language (Art. 11.4). Help never waited for them (an urgent report is sent without
documents, Art. 8.4); the decision on the money does: the reminder says so, names each missing
document and where to add it."""

from __future__ import annotations

from cybercare.documents.translations import D_, document_text

EVIDENCE_REMINDER_SUBJECT = D_("Documents still missing for your case %(case_id)s")
EVIDENCE_REMINDER_TEXT = D_(
    "We are helping you with case %(case_id)s. To decide on your claim we still need these "
    "documents (Art. 8.3):\n%(items)s\n\n"
    "Add them on your case page: %(link)s\n"
    "Our help does not wait for them."
)


def evidence_reminder_email(
    language: str, *, case_id: str, missing: tuple[str, ...], link: str
) -> tuple[str, str]:
    """(subject, text) of the reminder; `missing` are the documents' names in `language`."""
    subject = document_text(language, EVIDENCE_REMINDER_SUBJECT, case_id=case_id)
    items = "\n".join(f"- {name}" for name in missing)
    text = document_text(language, EVIDENCE_REMINDER_TEXT, case_id=case_id, items=items, link=link)
    return subject, text
