"""Recovery files in the back office (Art. 8.5): finance and claims handlers see what was paid
and recovered, record a recovery by hand and write off the rest; other staff are refused, and
every action needs the page's CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from cybercare.bootstrap import Container
from cybercare.claims.submit import submit_claim
from cybercare.claims.subrogation_service import open_recovery_files_for_paid_claims
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.identity.service import create_staff_user
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance
from cybercare.payments import service as payments
from tests.accounts import PAYOUT_ACCOUNT
from tests.assistance.builders import World
from tests.assistance.helpers import open_case, run
from tests.claims.builders import catalog, ecom_evidence, ecom_submission
from tests.web.backoffice_world import Login, build_world, logins
from tests.web.conftest import csrf_of


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def staff_login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _paid_claim_with_file(container: Container, world: World) -> tuple[str, int]:
    who = "affiliate"
    case = open_case(container.database, container.clock, world[who], world.person(who), "ECOM")
    now = container.clock.now()

    def command(uow: UnitOfWork) -> tuple[str, int]:
        view = submit_claim(
            uow,
            world[who],
            case.case_id,
            ecom_submission(40_000),
            catalog(),
            container.clock,
            ecom_evidence(),
        )
        payments.approve_payout(uow, view.payouts[0].payout_id, actor="test", at=now)
        made = payments.create_payment_file(
            uow, actor="test", execution_date=date(2026, 11, 30), at=now, debtor=PAYOUT_ACCOUNT
        )
        assert made is not None
        payments.mark_file_paid(uow, made.file_id, on=date(2026, 11, 30), at=now)
        assert open_recovery_files_for_paid_claims(uow, at=now) == 1
        file_id = uow.session.execute(  # the file just opened
            text("SELECT max(id) FROM recovery_files")
        ).scalar_one()
        return view.claim_id, int(file_id)

    return run(container.database, command)


def _finance(container: Container) -> Principal:
    def command(uow: UnitOfWork) -> Principal:
        return create_staff_user(
            uow,
            email="finance@cybercare.example",
            display_name="Finance",
            roles=["finance"],
            clock=container.clock,
            actor="test",
        )

    return run(container.database, command)


def test_art_8_5_finance_records_a_recovery_and_writes_off_the_rest(
    container: Container, world: World, staff_login: Login
) -> None:
    claim_id, file_id = _paid_claim_with_file(container, world)
    finance: TestClient = staff_login(_finance(container))
    listing = finance.get("/staff/recoveries")
    assert listing.status_code == 200
    assert claim_id in listing.text and "+++900/" in listing.text
    page = finance.get(f"/staff/recoveries/{file_id}")
    refused = finance.post(
        f"/staff/recoveries/{file_id}/payments",
        data={"amount": "120.50", "received_on": "2026-12-05"},
        follow_redirects=False,
    )
    assert refused.status_code in (400, 403)  # no CSRF token: nothing recorded
    token = csrf_of(page.text)
    too_much = finance.post(
        f"/staff/recoveries/{file_id}/payments",
        data={"amount": "400.01", "received_on": "2026-12-05", "csrf_token": token},
        follow_redirects=False,
    )
    assert too_much.status_code == 409
    assert "at most the amount still owed" in too_much.text
    done = finance.post(
        f"/staff/recoveries/{file_id}/payments",
        data={"amount": "120.50", "received_on": "2026-12-05", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    shown = finance.get(done.headers["location"])
    assert "The recovery was recorded and booked." in shown.text
    assert "Partly recovered" in shown.text
    written = finance.post(
        f"/staff/recoveries/{file_id}/write-off",
        data={"reason": "seller insolvent", "csrf_token": csrf_of(shown.text)},
        follow_redirects=False,
    )
    assert written.status_code == 303, written.text
    final = finance.get(written.headers["location"]).text
    assert "Written off" in final and "seller insolvent" in final
    with container.database.reader() as uow:
        assert balance(uow, Account.RECOVERIES, claim_id).credit_cents == 12_050


def test_art_8_5_recovery_files_are_refused_to_assistance_agents(
    container: Container, world: World, staff_login: Login
) -> None:
    agent = staff_login(world["legal"])
    assert agent.get("/staff/recoveries").status_code == 403
