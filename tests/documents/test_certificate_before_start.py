"""Art. 3.2: a certificate printed before the activation date does not say "active": it says
from when cover runs, in the member's language (Art. 11.4)."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.documents import certificate_lines, render_certificate
from cybercare.documents.texts import STATUSES, label
from tests.documents.builders import a_certificate_view, drawn_text

START = date(2027, 1, 1)
ISSUED = date(2026, 12, 7)

FROM_WHEN = {
    "nl": "De dekking begint op 1 januari 2027",
    "fr": "La couverture commence le 1 janvier 2027",
    "de": "Der Versicherungsschutz beginnt am 1. Januar 2027",
    "en": "Cover starts on 1 January 2027",
}
ACTIVE = {language: label(STATUSES, "active", language) for language in FROM_WHEN}
STATUS = {"nl": "Status: ", "fr": "Statut: ", "de": "Status: ", "en": "Status: "}


@pytest.mark.parametrize("language", sorted(FROM_WHEN))
def test_certificate_before_cover_start_says_from_when(language: str) -> None:
    view = a_certificate_view(language=language, start_date=START, issue_date=ISSUED)
    lines = certificate_lines(view)
    assert STATUS[language] + FROM_WHEN[language] in lines
    assert STATUS[language] + ACTIVE[language] not in lines
    assert FROM_WHEN[language] in " ".join(drawn_text(render_certificate(view)))


@pytest.mark.parametrize("language", sorted(FROM_WHEN))
def test_certificate_from_the_start_date_on_says_active(language: str) -> None:
    view = a_certificate_view(language=language, start_date=START, issue_date=START)
    lines = certificate_lines(view)
    assert STATUS[language] + ACTIVE[language] in lines
    assert STATUS[language] + FROM_WHEN[language] not in lines
