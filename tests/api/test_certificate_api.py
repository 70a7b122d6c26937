"""GET /affiliations/{id}/certificate.pdf: the affiliation certificate as a PDF in the member's
language, for the distributor that owns the affiliation only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api import builders
from tests.api.builders import Distributor


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_certificate_is_a_pdf_in_the_requested_language(
    api: TestClient, proximus: Distributor, lang: str
) -> None:
    created = builders.subscribe(api, by=proximus)

    response = api.get(
        f"/api/v1/affiliations/{created['id']}/certificate.pdf",
        params={"lang": lang},
        headers=proximus.headers,
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 1000
    assert f"-{lang}.pdf" in response.headers["content-disposition"]


def test_the_certificate_language_follows_accept_language_without_lang(
    api: TestClient, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    response = api.get(
        f"/api/v1/affiliations/{created['id']}/certificate.pdf",
        headers={**proximus.headers, "Accept-Language": "de-BE,de;q=0.9"},
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('-de.pdf"')


def test_an_unsupported_certificate_language_is_a_422_naming_the_parameter(
    api: TestClient, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    response = api.get(
        f"/api/v1/affiliations/{created['id']}/certificate.pdf",
        params={"lang": "es"},
        headers=proximus.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "lang"
