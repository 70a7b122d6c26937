"""The published product over HTTP: public, labelled in the member's language, amounts as text."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from cybercare.http.access import api_routes, assert_every_route_has_a_rule, unguarded_routes


def test_health_answers_with_the_database_in_use(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_documents_the_product_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/products" in paths
    assert "/api/v1/products/{code}/versions/{version}" in paths
    assert client.get("/docs").status_code == 200


def test_art_1_4_products_list_says_whether_a_version_takes_new_business(
    client: TestClient,
) -> None:
    products = client.get("/api/v1/products").json()
    reference = next(p for p in products if p["code"] == "cyber-care-be")
    assert reference["version"] == "2021-12"
    assert reference["open_to_new_business"] is True


def test_art_5_limits_are_decimal_strings_never_json_numbers(client: TestClient) -> None:
    body = client.get("/api/v1/products/cyber-care-be/versions/2021-12").json()
    pots = {pot["code"]: pot for pot in body["pots"]}
    assert pots["EREP_POT"]["money_limit"] == "5000.00"
    assert pots["EREP_POT"]["case_limit"] == 3
    assert pots["ONLINE_PURCHASE_POT"]["guarantees"] == ["PAYF", "ECOM"] or set(
        pots["ONLINE_PURCHASE_POT"]["guarantees"]
    ) == {"PAYF", "ECOM"}
    assert pots["DATA_POT"]["money_limit"] == "800.00"
    assert body["premium"]["gross_monthly"] == "4.99"


def test_art_9_1_premium_shows_net_and_tax_adding_up_per_dated_rate(client: TestClient) -> None:
    premium = client.get("/api/v1/products/cyber-care-be/versions/2021-12").json()["premium"]
    rates = {period["rate_percent"]: period for period in premium["tax_table"]}
    assert set(rates) == {"9.25", "9.60"}
    for period in rates.values():
        net, tax = period["net_monthly"], period["tax_monthly"]
        assert round(float(net) * 100) + round(float(tax) * 100) == 499


def test_art_11_4_labels_follow_the_requested_language(client: TestClient) -> None:
    french = client.get("/api/v1/products/cyber-care-be/versions/2021-12?lang=fr").json()
    dutch = client.get(
        "/api/v1/products/cyber-care-be/versions/2021-12",
        headers={"Accept-Language": "nl-BE,nl;q=0.9"},
    ).json()
    assert french["language"] == "fr"
    assert dutch["language"] == "nl"
    assert french["title"] != dutch["title"]
    assert {g["code"] for g in french["guarantees"]} == {
        "ASSIST",
        "EREP",
        "IDT",
        "PAYF",
        "ECOM",
        "DATA",
    }


def test_an_unknown_product_is_a_problem_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/products/nope/versions/2021-12")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "product.unknown"


def test_a_bad_parameter_names_the_parameter_at_fault(client: TestClient) -> None:
    response = client.get("/api/v1/products/cyber-care-be/versions/2021-12?lang=xx")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["parameter"] == "lang"


def test_an_unknown_route_is_a_problem_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_every_route_of_the_app_declares_an_access_rule(client: TestClient) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    assert unguarded_routes(app) == []
    assert len(list(api_routes(app.routes))) >= 3  # the walk really sees the routes


def test_an_app_with_an_unguarded_route_refuses_to_start() -> None:
    app = FastAPI()
    router = APIRouter()

    @router.get("/secret")
    def secret() -> str:
        return "nobody declared who may read this"

    outer = APIRouter()
    outer.include_router(router, prefix="/nested")
    app.include_router(outer, prefix="/api")
    with pytest.raises(RuntimeError, match="/secret"):
        assert_every_route_has_a_rule(app)
