"""Art. 3.2: a certificate asked for before the activation date says from when cover runs, not
"active" (through the API, on both databases)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.api import builders
from tests.api.builders import TODAY, Distributor
from tests.documents.builders import drawn_text


def test_certificate_before_cover_start_says_from_when(
    api: TestClient, proximus: Distributor
) -> None:
    start = TODAY + timedelta(days=10)
    created = builders.subscribe(api, by=proximus, start_date=start)
    response = api.get(
        f"/api/v1/affiliations/{created['id']}/certificate.pdf",
        params={"lang": "en"},
        headers=proximus.headers,
    )
    assert response.status_code == 200, response.text
    text = " ".join(drawn_text(response.content))
    assert f"Cover starts on {start.day} {start:%B} {start.year}" in text
