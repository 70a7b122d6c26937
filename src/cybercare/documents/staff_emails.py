"""E-mails to staff in their own language (Art. 11.4), through the gettext catalogues like every
other text a person reads (`documents.po`, context "document"; docs/i18n.md).

`sla_breach_email` is the text of the supervisors' alert when a service-level clock runs out
(Art. 8.4). The clock, subject type and id stay codes: a supervisor searches the queues by them.
"""

from __future__ import annotations

from datetime import datetime

from cybercare.documents.translations import D_, document_text

SLA_BREACH_SUBJECT = D_("SLA breach: %(clock)s of %(subject_type)s %(subject_id)s")
SLA_BREACH_TEXT = D_(
    "The %(clock)s clock of %(subject_type)s %(subject_id)s (case %(case_id)s) was due at "
    "%(due_at)s and is %(late_minutes)s minutes late (Art. 8.4).\n"
    "Open the team queue to take it over."
)


def sla_breach_email(
    language: str,
    *,
    clock: str,
    subject_type: str,
    subject_id: str,
    case_id: str | None,
    due_at: datetime,
    late_minutes: int,
) -> tuple[str, str]:
    """(subject, text) of the alert that `clock` of `subject_type` `subject_id` ran out."""
    named = {"clock": clock, "subject_type": subject_type, "subject_id": subject_id}
    subject = document_text(language, SLA_BREACH_SUBJECT, **named)
    text = document_text(
        language,
        SLA_BREACH_TEXT,
        **named,
        case_id=case_id,
        due_at=due_at.isoformat(),
        late_minutes=late_minutes,
    )
    return subject, text
