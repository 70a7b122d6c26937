"""Who may read the bordereaux: the finance team and admins in the back office (other staff and
members are refused), and a distributor its OWN commission statement through the API, never
another distributor's."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import issue_api_key
from tests.reporting.builders import seeded_portfolio
from tests.web.accounts import member_login, sign_in_as, staff_login

PAGE = "/finance/bordereaux"


@pytest.fixture
def web(container: Container) -> Iterator[TestClient]:
    """The pages over https, as the session cookie requires."""
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        yield client


def test_finance_picks_a_month_downloads_the_reports_and_sees_the_loss_ratio(
    web: TestClient, container: Container, clock: FixedClock
) -> None:
    seeded_portfolio(container.database, clock)
    login = staff_login(container, "books@cybercare.example", roles=("finance",))
    sign_in_as(web, login, clock)
    page = web.get(PAGE, params={"month": "2026-11"})
    assert page.status_code == 200
    assert "/finance/bordereaux/premium.xlsx?month=2026-11" in page.text
    answer = web.get("/finance/bordereaux/premium.csv", params={"month": "2026-11"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "premium-bordereau-2026-11.csv" in answer.headers["content-disposition"]
    *_, total, ledger = list(csv.reader(io.StringIO(answer.text)))
    assert total[0] == "TOTAL" and ledger[0] == "LEDGER" and total[2:] == ledger[2:]
    claims = web.get("/finance/bordereaux/claims.json", params={"month": "2026-11"})
    assert claims.json()["reconciled"] is True
    dashboard = web.get("/staff/dashboards/loss-ratio")
    assert dashboard.status_code == 200, dashboard.text
    charts = ("earned-incurred", "loss-ratio-months", "loss-ratio-guarantees", "loss-ratio-cohorts")
    for chart in charts:
        assert f'id="{chart}-title"' in dashboard.text
    assert "<table" in dashboard.text


def test_an_admin_downloads_too(web: TestClient, container: Container, clock: FixedClock) -> None:
    sign_in_as(web, staff_login(container, "boss@cybercare.example", roles=("admin",)), clock)
    assert web.get(PAGE).status_code == 200
    answer = web.get("/finance/bordereaux/commission.xlsx", params={"month": "2026-11"})
    assert answer.status_code == 200 and answer.content[:2] == b"PK"


def test_other_staff_and_members_are_refused(
    web: TestClient, container: Container, clock: FixedClock
) -> None:
    sign_in_as(web, staff_login(container, roles=("claims_handler",)), clock)
    assert web.get(PAGE).status_code == 403
    assert web.get("/finance/bordereaux/premium.csv?month=2026-11").status_code == 403
    web.cookies.clear()
    sign_in_as(web, member_login(container), clock)
    assert web.get(PAGE).status_code == 403
    web.cookies.clear()
    assert web.get(PAGE, follow_redirects=False).status_code in (302, 303, 401)


def _key(container: Container, distributor: str) -> dict[str, str]:
    with container.database.uow() as uow:
        issued = issue_api_key(
            uow,
            distributor=distributor,
            label="t",
            clock=FixedClock.on(date(2026, 1, 1)),
            actor="t",
        )
        uow.commit()
    return {"Authorization": f"Bearer {issued.token}"}


def test_a_distributor_reads_its_own_commission_statement_and_no_other(
    client: TestClient, container: Container, clock: FixedClock
) -> None:
    seeded_portfolio(container.database, clock)
    headers = _key(container, "proximus")
    answer = client.get("/api/v1/reports/commission?month=2026-11&format=json", headers=headers)
    assert answer.status_code == 200, answer.text
    statement = answer.json()
    assert statement["distributor"] == "proximus" and statement["reconciled"] is True
    assert {line["distributor"] for line in statement["lines"]} == {"proximus"}
    other = client.get(
        "/api/v1/reports/commission?month=2026-11&distributor=telenet", headers=headers
    )
    assert other.status_code == 403
    assert other.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/v1/reports/commission?month=2026-11").status_code == 401
    xlsx = client.get("/api/v1/reports/commission?month=2026-11&format=xlsx", headers=headers)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
