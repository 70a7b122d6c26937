"""Builders for distributor API scenarios: plain functions with keyword defaults.

Requests are sent as raw JSON bytes (`post`), so a test controls exactly the body that the
idempotency fingerprint sees and can send it again byte for byte.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from pydantic import SecretStr
from sqlalchemy import Engine, func, select

from cybercare.bootstrap import Container
from cybercare.db.tables import (
    AddressRow,
    AffiliationRow,
    AuditEvent,
    IdempotencyKeyRow,
    MembershipRow,
    OutboxMessage,
    PartnerEventRow,
    PersonRow,
    StatusPeriodRow,
)
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.partners.distributors import create_distributor, issue_api_key
from cybercare.product.catalog import Catalog, reference_product
from cybercare.publishing.service import publish_products
from cybercare.settings import Environment, Settings

DISTRIBUTORS = ("proximus", "telenet")
TODAY = date(2026, 11, 27)  # the `clock` fixture's day in Brussels
SECRET_KEY = "test-only-secret-key-for-the-distributor-api-0123456789"


@dataclass(frozen=True)
class Distributor:
    """A distributor's system as the API sees it: its code and one API key."""

    code: str
    token: str
    key_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


# --- wiring ----------------------------------------------------------------------------------


def catalog(
    *, distributors: tuple[str, ...] = DISTRIBUTORS, sales_closed_from: date | None = None
) -> Catalog:
    """The reference product, sold by `distributors` (a second seller lets tests compare two
    portfolios), optionally closed to new business from `sales_closed_from` (Art. 1.4)."""
    product = replace(
        reference_product(), distributors=distributors, sales_closed_from=sales_closed_from
    )
    return Catalog.of([product])


def container(
    database: Database, *, url: str, clock: Clock, products: Catalog | None = None
) -> Container:
    """The application's wiring on `database` (an engine, or the test's rolled-back connection)."""
    bind = database.bind
    engine = bind if isinstance(bind, Engine) else bind.engine
    settings = Settings(
        environment=Environment.TEST, database_url=url, secret_key=SecretStr(SECRET_KEY)
    )
    return Container(
        settings=settings,
        engine=engine,
        database=database,
        catalog=products or catalog(),
        clock=clock,
    )


def seed(
    database: Database,
    clock: Clock,
    *,
    products: Catalog | None = None,
    distributors: tuple[str, ...] = DISTRIBUTORS,
) -> None:
    """Publish the catalogue and register the distributors, committed."""
    with database.uow() as uow:
        publish_products(uow, list((products or catalog()).all()), clock, actor="test:seed")
        for code in distributors:
            create_distributor(
                uow, code=code, name=code.title(), commission_bp=1500, clock=clock, actor="test"
            )
        uow.commit()


def api_key(database: Database, clock: Clock, *, distributor: str = "proximus") -> Distributor:
    with database.uow() as uow:
        issued = issue_api_key(
            uow, distributor=distributor, label="crm", clock=clock, actor="test:issue"
        )
        uow.commit()
    return Distributor(distributor, issued.token, issued.key_id)


# --- request bodies --------------------------------------------------------------------------


def person(
    *,
    given_name: str = "Marie",
    family_name: str = "Dubois",
    birth_date: str = "1984-05-17",
    language: str = "fr",
    email: str | None = "marie.dubois@example.be",
    phone: str | None = "+32 470 12 34 56",
    national_register_number: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "given_name": given_name,
        "family_name": family_name,
        "birth_date": birth_date,
        "language": language,
    }
    optional = {
        "email": email,
        "phone": phone,
        "national_register_number": national_register_number,
    }
    body.update({key: value for key, value in optional.items() if value is not None})
    return body


def member(
    *,
    relationship: str = "spouse",
    given_name: str = "Luc",
    family_name: str = "Dubois",
    birth_date: str = "1982-02-03",
    **more: Any,
) -> dict[str, Any]:
    return {
        **person(
            given_name=given_name,
            family_name=family_name,
            birth_date=birth_date,
            email=None,
            phone=None,
            **more,
        ),
        "relationship": relationship,
    }


def child(*, given_name: str = "Emma", birth_date: str = "2015-09-01") -> dict[str, Any]:
    return member(relationship="child", given_name=given_name, birth_date=birth_date)


def address(
    *,
    street: str = "Rue de la Loi",
    number: str = "16",
    postcode: str = "1000",
    city: str = "Bruxelles",
    box: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"street": street, "number": number, "postcode": postcode, "city": city}
    if box is not None:
        body["box"] = box
    return body


def declarations(**answers: bool) -> dict[str, bool]:
    """Every prevention obligation of Art. 7.1 answered "yes", except those in `answers`."""
    items = reference_product().obligations.items
    return {item.code: answers.get(item.code, True) for item in items}


def subscription(
    *,
    terms_token: str,
    customer_ref: str = "CUST-0001",
    start_date: date = TODAY,
    affiliate: dict[str, Any] | None = None,
    members: list[dict[str, Any]] | None = None,
    home: dict[str, Any] | None = None,
    prevention_declarations: dict[str, bool] | None = None,
) -> dict[str, Any]:
    """A valid POST /affiliations body: an affiliate and a spouse at a Brussels address."""
    return {
        "customer_ref": customer_ref,
        "terms_token": terms_token,
        "start_date": start_date.isoformat(),
        "affiliate": affiliate or person(),
        "members": [member()] if members is None else members,
        "address": home or address(),
        "prevention_declarations": prevention_declarations or declarations(),
    }


# --- requests --------------------------------------------------------------------------------


def encode(body: Any) -> bytes:
    return json.dumps(body).encode()


def post(
    client: TestClient,
    path: str,
    body: Any,
    *,
    by: Distributor,
    key: str | None = None,
    raw: bytes | None = None,
) -> Response:
    """POST `body` as JSON with an Idempotency-Key (a fresh one unless `key` is given)."""
    headers = {
        **by.headers,
        "Content-Type": "application/json",
        "Idempotency-Key": key or f"test-{uuid.uuid4().hex}",
    }
    response: Response = client.post(
        path, content=raw if raw is not None else encode(body), headers=headers
    )
    return response


def quote(client: TestClient, *, by: Distributor, start_date: date | None = None) -> str:
    """A quote's terms token (the proof the customer saw the terms)."""
    body: dict[str, Any] = {"language": "fr"}
    if start_date is not None:
        body["start_date"] = start_date.isoformat()
    response = post(client, "/api/v1/quotes", body, by=by)
    assert response.status_code == 200, response.text
    token: str = response.json()["terms_token"]
    return token


def subscribe(client: TestClient, *, by: Distributor, **changes: Any) -> dict[str, Any]:
    """Quote, then subscribe; returns the created affiliation (201 asserted)."""
    token = changes.pop("terms_token", None) or quote(client, by=by)
    response = post(
        client, "/api/v1/affiliations", subscription(terms_token=token, **changes), by=by
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def events(
    client: TestClient, *, by: Distributor, after: str | None = None
) -> list[dict[str, Any]]:
    """Every event of the distributor's feed after `after`, following the pages."""
    found: list[dict[str, Any]] = []
    cursor = after
    for _ in range(100):  # bounded
        params = {"limit": "500", **({"after": cursor} if cursor else {})}
        page = client.get("/api/v1/events", params=params, headers=by.headers)
        assert page.status_code == 200, page.text
        body = page.json()
        if not body["events"]:
            return found
        found.extend(body["events"])
        cursor = body["next_cursor"]
    raise AssertionError("the feed did not end")


# --- what the database holds -----------------------------------------------------------------

COUNTED = {
    "affiliations": AffiliationRow,
    "status_periods": StatusPeriodRow,
    "persons": PersonRow,
    "memberships": MembershipRow,
    "addresses": AddressRow,
    "audit_events": AuditEvent,
    "partner_events": PartnerEventRow,
    "outbox_messages": OutboxMessage,
}


def row_counts(database: Database) -> dict[str, int]:
    """Rows per table that a command may write (idempotency records are counted apart)."""
    with database.reader() as uow:
        return {
            name: uow.session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in COUNTED.items()
        }


def idempotency_records(database: Database) -> list[IdempotencyKeyRow]:
    with database.reader() as uow:
        rows = list(uow.session.scalars(select(IdempotencyKeyRow).order_by(IdempotencyKeyRow.id)))
        uow.session.expunge_all()
        return rows


def audit_actions(database: Database, affiliation_id: str) -> list[str]:
    from cybercare.audit.trail import events_for

    with database.reader() as uow:
        return [event.action for event in events_for(uow, "affiliation", affiliation_id)]
