"""Answers that may hold personal data carry `Cache-Control: no-store`: every API answer (its
refusals too: a problem may echo what was sent) and every page, letter or download. The public
product terms, the static files and the OpenAPI document stay cacheable."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from tests.api import builders
from tests.api.builders import Distributor
from tests.web.portal_world import login, peeters


def test_every_api_answer_about_a_customer_is_not_stored(
    api: TestClient, proximus: Distributor
) -> None:
    affiliation = builders.subscribe(api, by=proximus)["id"]
    answers = {
        "read": api.get(f"/api/v1/affiliations/{affiliation}", headers=proximus.headers),
        "search": api.get(
            "/api/v1/affiliations", params={"customer_ref": "CUST-0001"}, headers=proximus.headers
        ),
        "certificate": api.get(
            f"/api/v1/affiliations/{affiliation}/certificate.pdf", headers=proximus.headers
        ),
        "feed": api.get("/api/v1/events", headers=proximus.headers),
        "created": builders.post(api, "/api/v1/quotes", {"language": "fr"}, by=proximus),
        "not found": api.get("/api/v1/affiliations/aff_NOPE", headers=proximus.headers),
        "invalid": builders.post(api, "/api/v1/quotes", {"language": "xx"}, by=proximus),
        "no key": api.get(f"/api/v1/affiliations/{affiliation}"),
    }
    statuses = {name: answer.status_code for name, answer in answers.items()}
    assert statuses == {
        "read": 200,
        "search": 200,
        "certificate": 200,
        "feed": 200,
        "created": 200,
        "not found": 404,
        "invalid": 422,
        "no key": 401,
    }
    assert {
        name: answer.headers.get("cache-control") for name, answer in answers.items()
    } == dict.fromkeys(answers, "no-store")


def test_public_answers_may_be_cached(api: TestClient) -> None:
    for path in ("/api/v1/products", "/openapi.json", "/static/app.css"):
        answer = api.get(path)
        assert answer.status_code == 200, path
        assert "no-store" not in answer.headers.get("cache-control", ""), path


def test_pages_letters_and_redirects_are_not_stored(
    pages: TestClient, container: Container
) -> None:
    before_sign_in = pages.get("/portal", follow_redirects=False)
    assert before_sign_in.status_code == 303
    world = peeters(container)
    login(pages, container, world, "affiliate")
    home = pages.get("/portal")
    certificate = pages.get("/portal/documents/certificate.pdf", params={"language": "nl"})
    assert certificate.headers["content-type"] == "application/pdf"
    for answer in (before_sign_in, home, certificate):
        assert answer.headers["cache-control"] == "no-store"
