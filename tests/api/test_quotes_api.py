"""POST /quotes: the price and terms a customer must see, and the terms token that proves it
(Art. 1.4, 9.1). Subscribing needs a valid token of the same distributor, at most 30 days old."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import create_distributor, issue_api_key
from cybercare.policy.terms_token import VALIDITY
from cybercare.product.catalog import reference_product
from tests.api import builders
from tests.api.builders import TODAY, Distributor
from tests.conftest import Backend

AFFILIATIONS = "/api/v1/affiliations"


def _terms_refusal(response: Any, reason: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert error["pointer"] == "#/terms_token"
    assert reason in error["detail"]


def _subscribe_with(
    api: TestClient, by: Distributor, token: str, *, start_date: date = TODAY
) -> Any:
    body = builders.subscription(terms_token=token, start_date=start_date)
    return builders.post(api, AFFILIATIONS, body, by=by)


def test_art_9_1_a_quote_shows_net_premium_and_tax_from_the_dated_tax_table(
    api: TestClient, proximus: Distributor
) -> None:
    response = builders.post(api, "/api/v1/quotes", {"language": "nl"}, by=proximus)

    assert response.status_code == 200
    quote = response.json()
    premium = quote["premium"]
    assert (quote["product_code"], quote["product_version"]) == ("cyber-care-be", "2021-12")
    assert quote["start_date"] == TODAY.isoformat()
    assert premium["gross_monthly"] == "4.99"
    cents = [round(float(premium[k]) * 100) for k in ("net_monthly", "tax_monthly")]
    assert sum(cents) == 499
    assert premium["tax_rate_percent"] == "9.60"
    assert premium["tax_valid_from"] <= TODAY.isoformat()
    assert quote["valid_until"].startswith("2026-12-27T09:00:00")
    assert quote["documents"][0]["sha256"] == reference_product().source_sha256
    limits = {limit["guarantee"]: limit for limit in quote["limits"]}
    assert limits["EREP"]["money_limit"] == "5000.00"
    assert limits["EREP"]["case_limit"] == 3


def test_a_quote_refuses_a_start_date_in_the_past(api: TestClient, proximus: Distributor) -> None:
    response = builders.post(api, "/api/v1/quotes", {"start_date": "2026-11-26"}, by=proximus)
    assert response.status_code == 409
    assert response.json()["clause"] == "Art. 3.2"


def test_art_1_2_a_distributor_that_does_not_sell_the_product_gets_no_quote(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    with db.uow() as uow:
        create_distributor(
            uow, code="orange", name="Orange", commission_bp=0, clock=clock, actor="test"
        )
        issued = issue_api_key(uow, distributor="orange", label="crm", clock=clock, actor="test")
        uow.commit()
    orange = Distributor("orange", issued.token, issued.key_id)

    response = builders.post(api, "/api/v1/quotes", {}, by=orange)

    assert response.status_code == 409
    assert response.json()["code"] == "policy.closed_to_new_business"


def test_subscribing_without_a_terms_token_names_the_missing_field(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    body = builders.subscription(terms_token="unused")
    del body["terms_token"]
    before = builders.row_counts(db)

    response = builders.post(api, AFFILIATIONS, body, by=proximus)

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["#/terms_token"]
    assert builders.row_counts(db) == before


def test_subscribing_with_a_tampered_terms_token_is_refused(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    token = builders.quote(api, by=proximus)
    payload, _, signature = token.rpartition(".")
    tampered = f"{payload}.{signature[::-1]}"
    before = builders.row_counts(db)

    _terms_refusal(_subscribe_with(api, proximus, tampered), "not a token issued by POST /quotes")
    _terms_refusal(_subscribe_with(api, proximus, "x" + token), "not a token issued")
    assert builders.row_counts(db) == before


def test_a_terms_token_is_valid_for_30_days_and_refused_a_second_later(
    api: TestClient, clock: FixedClock, proximus: Distributor
) -> None:
    on_time, late = builders.quote(api, by=proximus), builders.quote(api, by=proximus)

    clock.advance(VALIDITY)
    accepted = _subscribe_with(api, proximus, on_time, start_date=clock.today())
    clock.advance(timedelta(seconds=1))
    refused = _subscribe_with(api, proximus, late, start_date=clock.today())

    assert accepted.status_code == 201, accepted.text
    _terms_refusal(refused, "expired")


def test_a_terms_token_of_another_distributor_is_refused(
    api: TestClient, db: Database, proximus: Distributor, telenet: Distributor
) -> None:
    theirs = builders.quote(api, by=telenet)
    before = builders.row_counts(db)

    _terms_refusal(_subscribe_with(api, proximus, theirs), "issued to another distributor")
    assert builders.row_counts(db) == before


def test_the_subscription_records_the_digest_of_the_token_it_was_made_with(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    from sqlalchemy import select

    from cybercare.db.tables import AffiliationRow
    from cybercare.policy.terms_token import token_digest

    token = builders.quote(api, by=proximus)
    created = builders.subscribe(api, by=proximus, terms_token=token)
    with db.reader() as uow:
        stored = uow.session.scalar(
            select(AffiliationRow.terms_token_sha256).where(AffiliationRow.id == created["id"])
        )
    assert stored == token_digest(token)


@pytest.mark.parametrize(
    ("closed_from", "quoted"),
    [(TODAY - timedelta(days=1), False), (TODAY, False), (TODAY + timedelta(days=1), True)],
)
def test_art_1_4_a_version_closed_to_new_business_gives_no_quote(
    backend: Backend,
    db: Database,
    clock: FixedClock,
    api_container: Any,
    proximus: Distributor,
    closed_from: date,
    quoted: bool,
) -> None:
    closed = builders.catalog(sales_closed_from=closed_from)
    container = builders.container(db, url=backend.url, clock=clock, products=closed)
    with TestClient(create_app(container=container)) as api:
        response = builders.post(api, "/api/v1/quotes", {}, by=proximus)

    if quoted:
        assert response.status_code == 200
    else:
        assert response.status_code == 409
        problem = response.json()
        assert (problem["code"], problem["clause"]) == ("policy.closed_to_new_business", "Art. 1.4")


def test_art_1_4_a_token_quoted_before_the_closing_cannot_subscribe_after_it(
    backend: Backend,
    db: Database,
    clock: FixedClock,
    api_container: Any,
    proximus: Distributor,
) -> None:
    closing = builders.catalog(sales_closed_from=TODAY + timedelta(days=1))
    container = builders.container(db, url=backend.url, clock=clock, products=closing)
    with TestClient(create_app(container=container)) as api:
        token = builders.quote(api, by=proximus)
        clock.advance(timedelta(days=1))
        before = builders.row_counts(db)
        response = _subscribe_with(api, proximus, token, start_date=clock.today())

    assert response.status_code == 409
    problem = response.json()
    assert (problem["code"], problem["clause"]) == ("policy.closed_to_new_business", "Art. 1.4")
    assert builders.row_counts(db) == before
