"""Finance's pages on both databases: only the roles finance and admin reach them (other staff
and members get 403, a visitor is sent to sign in); a statement uploaded is imported once, its
refusal shown with the line number; an unmatched line is matched to a suggestion (booked and
audited) or ignored with a reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.tables import AuditEvent, BankLineRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.product.catalog import default_catalog
from cybercare.settings import DEVELOPMENT_CREDITOR, Environment, Settings
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import CATALOG
from tests.billing.builders import seed
from tests.conftest import Backend
from tests.reconcile.builders import billed, debit_batch
from tests.reporting.builders import with_password
from tests.web.conftest import csrf_of, sign_in

SAMPLE = Path(__file__).parents[1] / "banking" / "samples" / "camt053_day.xml"
PAGES = ("/finance", "/finance/queue")


@pytest.fixture
def client(backend: Backend, db: Database, clock: FixedClock) -> Iterator[TestClient]:
    settings = Settings(
        environment=Environment.TEST,
        database_url=backend.url,
        staff_second_factor_required=False,
    )
    container = Container(settings, backend.engine, db, CATALOG, clock)
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        yield client


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)


def _as(client: TestClient, db: Database, clock: FixedClock, world: World, who: str) -> None:
    user = with_password(db, clock, world[who])
    sign_in(client, f"{who}@{'cybercare' if user.is_staff else 'peeters'}.example")


def _finance(client: TestClient, db: Database, clock: FixedClock, world: World) -> None:
    from cybercare.identity.service import create_staff_user

    with db.uow() as uow:
        principal = create_staff_user(
            uow,
            email="finance@cybercare.example",
            display_name="Finance",
            roles=["finance"],
            language="en",
            clock=clock,
            actor="test",
        )
        uow.commit()
    with_password(db, clock, principal)
    sign_in(client, "finance@cybercare.example")


def test_art_11_only_finance_and_admin_reach_the_finance_pages(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    assert client.get("/finance", follow_redirects=False).status_code == 303  # sign in first
    for who, allowed in (("affiliate", False), ("technical", False), ("admin", True)):
        client.cookies.clear()
        _as(client, db, clock, world, who)
        for page in PAGES:
            assert client.get(page).status_code == (200 if allowed else 403), (who, page)
        assert ('href="/finance"' in client.get("/account").text) is allowed


def test_finance_uploads_a_statement_once_and_sees_a_refusal_with_its_line(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    _finance(client, db, clock, world)
    page = client.get("/finance")
    assert page.status_code == 200 and 'href="/finance"' in page.text
    ours = SAMPLE.read_bytes().replace(b"BE68539007547034", DEVELOPMENT_CREDITOR[1].encode())
    token = csrf_of(page.text)

    def upload(data: bytes) -> str:
        response = client.post(
            "/finance/import",
            data={"csrf_token": token},
            files={"document": ("day.xml", data, "application/xml")},
        )
        return f"{response.status_code} {response.text}"

    first = upload(ours)
    assert first.startswith("200") and "lines imported" in first
    assert "already imported" in upload(ours)
    refused = upload(SAMPLE.read_bytes())
    assert refused.startswith("422") and "line 1" in refused
    no_csrf = client.post("/finance/import", files={"document": ("day.xml", ours, "text/xml")})
    assert no_csrf.status_code == 403


def test_finance_matches_a_line_to_a_suggestion_and_ignores_another(
    client: TestClient, db: Database, clock: FixedClock, world: World
) -> None:
    seed(db)
    billed(db, default_catalog())
    batch = debit_batch(db)
    from cybercare.banking.service import import_statement
    from tests.reconcile.builders import AT, entry, statement

    with db.uow() as uow:
        import_statement(
            uow,
            statement(
                # The bank gave no reference: same amount and date as the batch.
                entry(10, amount_cents=1497, counterparty_name="Collections"),
                entry(11, amount_cents=12, booking_date=date(2026, 12, 5)),
                account_iban=DEVELOPMENT_CREDITOR[1],
            ),
            sha256="f" * 64,
            filename=None,
            source="test",
            at=AT,
            actor="test",
            accounts={DEVELOPMENT_CREDITOR[1]},
        )
        uow.commit()
    _finance(client, db, clock, world)
    page = client.get("/finance/queue")
    assert page.status_code == 200
    with db.reader() as uow:
        first, second = uow.session.scalars(select(BankLineRow.id).order_by(BankLineRow.line_no))
    token = csrf_of(page.text)
    matched = client.post(
        f"/finance/lines/{first}/match",
        data={"csrf_token": token, "target_kind": "debit_batch", "target_id": str(batch.batch_id)},
        follow_redirects=False,
    )
    assert matched.status_code == 303 and matched.headers["location"].endswith("done=matched")
    ignored = client.post(
        f"/finance/lines/{second}/ignore",
        data={"csrf_token": token, "reason": "bank fee"},
        follow_redirects=False,
    )
    assert ignored.headers["location"].endswith("done=ignored")
    again = client.post(
        f"/finance/lines/{second}/ignore",
        data={"csrf_token": token, "reason": "bank fee"},
        follow_redirects=False,
    )
    assert "error=banking.line_already_settled" in again.headers["location"]
    with db.reader() as uow:
        assert balance(uow, Account.BANK).net_debit_cents == 1497
        assert unbalanced_entries(uow) == []
        actions = set(uow.session.scalars(select(AuditEvent.action)))
    assert {"bank.line_matched", "bank.line_ignored"} <= actions
    assert "No line is waiting" in client.get("/finance/queue").text
