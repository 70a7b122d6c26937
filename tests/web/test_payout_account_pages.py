"""A returned payout on the portal (issue 15): the member concerned gives another account
(IBAN checked) and a payout of the same amount is scheduled to it; another adult of the
household (Art. 11.3) and another household find no such payout."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.claims.submit import submit_claim
from cybercare.db.uow import UnitOfWork
from cybercare.payments import service as payments
from tests.accounts import PAYOUT_ACCOUNT
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import open_case, run
from tests.claims.builders import catalog, ecom_evidence, ecom_submission
from tests.web.backoffice_world import build_world
from tests.web.conftest import csrf_of
from tests.web.portal_world import login as portal_login


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


def _returned_payout(container: Container, world: World) -> tuple[str, str]:
    case = open_case(
        container.database, container.clock, world["affiliate"], world.person("affiliate"), "ECOM"
    )
    made = run(
        container.database,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case.case_id,
            ecom_submission(10_000),
            catalog(),
            container.clock,
            ecom_evidence(),
        ),
    )
    payout_id = made.payouts[0].payout_id
    now, today = container.clock.now(), container.clock.today()

    def bank_returns(uow: UnitOfWork) -> None:
        payments.approve_payout(uow, payout_id, actor="handler", at=now)
        payments.create_payment_file(
            uow, actor="test", execution_date=today, at=now, debtor=PAYOUT_ACCOUNT
        )
        payments.return_payout(
            uow, payout_id, reason_code="AC04", amount_cents=10_000, on=today, at=now
        )

    run(container.database, bank_returns)
    return payout_id, case.case_id


def test_the_member_gives_another_account_and_a_new_payout_is_scheduled(
    portal_client: TestClient, container: Container, world: World
) -> None:
    payout_id, case_id = _returned_payout(container, world)
    portal_login(portal_client, container, world, "affiliate")
    link = f"/portal/payouts/{payout_id}/account"
    assert link in portal_client.get(f"/portal/cases/{case_id}").text  # the case page links it
    page = portal_client.get(link)
    assert page.status_code == 200
    assert "AC04" in page.text and "Give another account" in page.text
    refused = portal_client.post(
        link,
        data={"csrf_token": csrf_of(page.text), "iban": "BE00 1234", "holder_name": "An"},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert "not a valid IBAN" in refused.text
    done = portal_client.post(
        link,
        data={
            "csrf_token": csrf_of(page.text),
            "iban": "BE68 5390 0754 7034",
            "holder_name": "An Peeters",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Thank you" in portal_client.get(link).text
    with container.database.reader() as uow:
        claim_id = payments.account_request(uow, payout_id).claim_id
        payouts = payments.payouts_of_claim(uow, claim_id)
    assert [(p.status.value, p.amount_cents, p.iban) for p in payouts] == [
        ("replaced", 10_000, payouts[0].iban),
        ("scheduled", 10_000, "BE68539007547034"),
    ]


def test_another_adult_and_another_household_find_no_payout(
    portal_client: TestClient, container: Container, world: World
) -> None:
    payout_id, _ = _returned_payout(container, world)
    portal_login(portal_client, container, world, "partner")
    assert portal_client.get(f"/portal/payouts/{payout_id}/account").status_code == 404
    portal_client.cookies.clear()
    other = household_world(container.database, container.clock, suffix="x", with_staff=False)
    portal_login(portal_client, container, other, "affiliate")
    assert portal_client.get(f"/portal/payouts/{payout_id}/account").status_code == 404
