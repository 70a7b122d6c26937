"""Art. 8.4 and 11.4: the supervisors' alert of a broken service-level clock, in the
supervisor's language, through the catalogues like every other text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cybercare.documents.staff_emails import sla_breach_email
from cybercare.product.model import LANGUAGES

DUE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _alert(language: str) -> tuple[str, str]:
    return sla_breach_email(
        language,
        clock="first_contact",
        subject_type="workstream",
        subject_id="ws_42",
        case_id="case_7",
        due_at=DUE,
        late_minutes=95,
    )


def test_the_english_alert_reads_as_the_escalation_job_writes_it() -> None:
    subject, text = _alert("en")
    assert subject == "SLA breach: first_contact of workstream ws_42"
    assert text == (
        "The first_contact clock of workstream ws_42 (case case_7) was due at "
        "2026-11-30T09:00:00+00:00 and is 95 minutes late (Art. 8.4).\n"
        "Open the team queue to take it over."
    )


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_a_supervisor_reads_the_alert_in_their_language(language: str) -> None:
    subject, text = _alert(language)
    assert (subject, text) != _alert("en")
    for value in ("first_contact", "ws_42", "case_7", "2026-11-30T09:00:00+00:00", "95"):
        assert value in text
    assert "ws_42" in subject
    assert "Art. 8.4" in text
