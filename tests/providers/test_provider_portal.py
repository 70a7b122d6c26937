"""The provider portal (issue 19): a provider user signs in with a second factor, sees only its
provider's orders (another provider's order is not found), accepts one, sends its quote, reports
the work with a report file and uploads its UBL invoice; the payment shows once paid. Staff and
members cannot use the provider pages, providers cannot use the staff or member pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.cli import app
from cybercare.db.tables import AuditEvent, ProviderReportFileRow
from cybercare.db.uow import Database
from cybercare.identity import signin
from cybercare.identity.domain import RoleRequired, Stage
from cybercare.identity.service import create_provider_user, issue_token
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput, NotFound
from cybercare.providers import payouts, portal
from cybercare.providers.domain import OrderNotFound, OrderStatus, ProviderKind
from cybercare.providers.service import accept_quote
from tests.accounts import PAYOUT_ACCOUNT
from tests.claims.builders import catalog
from tests.providers.builders import invoice, provider, staff
from tests.providers.portal_world import PortalWorld, portal_world
from tests.web import accounts
from tests.web.accounts import submit_password
from tests.web.backoffice_world import Login, logins
from tests.web.conftest import PASSWORD, csrf_of

pytestmark = pytest.mark.integration


XML = "application/xml"


def _xml(order_id: str, seller: ProviderKind) -> bytes:
    return invoice(order_id, seller, 52_892)  # + 21 % VAT = 639.99 EUR


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


@pytest.fixture
def pw(container: Container) -> PortalWorld:
    with container.database.uow() as uow:
        built = portal_world(uow, container.clock)
        uow.commit()
    return built


def test_a_provider_user_is_audited_linked_to_its_provider_and_needs_a_second_factor(
    container: Container, pw: PortalWorld
) -> None:
    assert pw.expert_user.is_provider and pw.expert_user.provider_id == pw.expert_id
    assert not pw.expert_user.is_staff and not pw.expert_user.is_member
    with container.database.uow() as uow:
        created = uow.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "user.created", AuditEvent.subject_id == pw.expert_user.user_id
            )
        ).one()
        assert created.details["provider_id"] == pw.expert_id
        with pytest.raises(NotFound):
            create_provider_user(
                uow, email="x@y.example", display_name="x", provider_id="prv_none",
                clock=container.clock, actor="test",
            )  # fmt: skip
        with pytest.raises(InvalidInput):  # the portal only, no API token
            issue_token(
                uow, user_id=pw.expert_user.user_id, label="t", clock=container.clock, actor="t"
            )
        signin.set_password(
            uow, user_id=pw.expert_user.user_id, password=PASSWORD, clock=container.clock,
            actor="test",
        )  # fmt: skip
        # Even where staff may sign in without one (the demo), a provider enrols a second factor.
        checked = signin.check_password(
            uow, email="lab@recovery.example", password=PASSWORD,
            staff_second_factor_required=False, clock=container.clock,
        )  # fmt: skip
        assert checked is not None and checked.next_stage is Stage.ENROL_SECOND_FACTOR
        # The use cases refuse anyone but a provider user.
        with pytest.raises(RoleRequired):
            portal.my_orders(uow, pw.world.agent)


def test_the_provider_works_its_order_in_the_portal_and_sees_the_payment(
    container: Container, pw: PortalWorld, login: Login
) -> None:
    lab = login(pw.expert_user)
    listing = lab.get("/provider/orders")
    assert listing.status_code == 200
    assert pw.order_id in listing.text and pw.other_order_id not in listing.text
    page = lab.get(f"/provider/orders/{pw.order_id}")
    assert page.status_code == 200 and "laptop" in page.text  # the brief (Art. 11)
    assert "pot" not in page.text.lower()  # never what is left in the member's pot
    token = csrf_of(page.text)
    early = lab.post(
        f"/provider/orders/{pw.order_id}/quote", data={"csrf_token": token, "amount": "640.00"}
    )
    assert early.status_code == 422 and "accept the order" in early.text
    took = lab.post(
        f"/provider/orders/{pw.order_id}/accept", data={"csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert took.status_code == 303
    quoted = lab.post(
        f"/provider/orders/{pw.order_id}/quote", data={"csrf_token": token, "amount": "640.00"},
        follow_redirects=False,
    )  # fmt: skip
    assert quoted.status_code == 303
    with container.database.uow() as uow:
        accept_quote(uow, pw.world.agent, pw.order_id, container.clock, catalog())
        uow.commit()
    bad_file = lab.post(
        f"/provider/orders/{pw.order_id}/report",
        data={"csrf_token": token, "outcome": "done", "note": "disk imaged"},
        files={"report": ("report.exe", b"MZ", "application/x-msdownload")},
    )
    assert bad_file.status_code == 422 and "PDF, PNG or JPEG" in bad_file.text
    reported = lab.post(
        f"/provider/orders/{pw.order_id}/report",
        data={"csrf_token": token, "outcome": "done", "note": "disk imaged"},
        files={"report": ("report.pdf", b"%PDF-1.7 report", "application/pdf")},
        follow_redirects=False,
    )
    assert reported.status_code == 303
    wrong = lab.post(
        f"/provider/orders/{pw.order_id}/invoice",
        data={"csrf_token": token},
        files={"invoice": ("inv.xml", _xml(pw.order_id, ProviderKind.TAKEDOWN), XML)},
    )
    assert wrong.status_code == 422 and "BT-31 seller VAT identifier" in wrong.text
    right = lab.post(
        f"/provider/orders/{pw.order_id}/invoice",
        data={"csrf_token": token},
        files={"invoice": ("inv.xml", _xml(pw.order_id, ProviderKind.DATA_RECOVERY), XML)},
        follow_redirects=False,
    )
    assert right.status_code == 303
    with container.database.uow() as uow:
        files = uow.session.scalars(select(ProviderReportFileRow)).all()
        assert [f.filename for f in files] == ["report.pdf"]
        file_id = files[0].id
        made = payouts.create_payment_file(
            uow, actor="test", execution_date=date(2026, 11, 30), at=container.clock.now(),
            debtor=PAYOUT_ACCOUNT,
        )  # fmt: skip
        assert made is not None
        payouts.confirm_file_paid(
            uow, made.file_id, on=date(2026, 11, 30), at=container.clock.now()
        )
        shown = portal.my_order(uow, pw.expert_user, pw.order_id)
        assert shown.order.status is OrderStatus.PAID and shown.payout_status == "paid"
        actions = set(
            uow.session.scalars(
                select(AuditEvent.action).where(AuditEvent.subject_id == pw.order_id)
            )
        )
        assert {"provider_order.taken", "provider_order.report_uploaded"} <= actions
        uow.commit()
    finance = login(pw.people.finance)  # staff read the report on their order page
    assert "report.pdf" in finance.get(f"/staff/providers/orders/{pw.order_id}").text
    download = finance.get(f"/staff/providers/orders/{pw.order_id}/reports/{file_id}")
    assert download.status_code == 200 and download.content == b"%PDF-1.7 report"
    assert "attachment" in download.headers["content-disposition"]
    assert (
        finance.get(f"/staff/providers/orders/{pw.other_order_id}/reports/{file_id}").status_code
        == 404
    )
    assert lab.get(f"/staff/providers/orders/{pw.order_id}/reports/{file_id}").status_code == 403
    paid = lab.get("/provider/payouts")
    assert paid.status_code == 200 and "639.99" in paid.text
    assert "Paid" in paid.text


def test_another_providers_order_is_not_found_and_a_declined_order_needs_a_reason(
    container: Container, pw: PortalWorld, login: Login
) -> None:
    desk = login(pw.firm_user)
    assert desk.get(f"/provider/orders/{pw.order_id}").status_code == 404
    page = desk.get(f"/provider/orders/{pw.other_order_id}")
    assert page.status_code == 200
    token = csrf_of(page.text)
    for action in ("accept", "decline", "quote", "report", "invoice"):
        stolen = desk.post(f"/provider/orders/{pw.order_id}/{action}", data={"csrf_token": token})
        assert stolen.status_code in (404, 422), action
        if stolen.status_code == 422:  # a form refused before any lookup: no data of it
            assert pw.order_id not in stolen.text or action == "invoice"
    no_reason = desk.post(
        f"/provider/orders/{pw.other_order_id}/decline", data={"csrf_token": token, "note": " "}
    )
    assert no_reason.status_code == 422
    declined = desk.post(
        f"/provider/orders/{pw.other_order_id}/decline",
        data={"csrf_token": token, "note": "outside our regions"},
        follow_redirects=False,
    )
    assert declined.status_code == 303
    with container.database.reader() as uow:
        assert portal.my_order(uow, pw.firm_user, pw.other_order_id).order.status is (
            OrderStatus.DECLINED
        )
        with pytest.raises(OrderNotFound):
            portal.my_order(uow, pw.firm_user, pw.order_id)


def test_staff_and_members_are_refused_the_provider_pages_and_providers_the_others(
    container: Container, pw: PortalWorld, login: Login
) -> None:
    lab = login(pw.expert_user)
    account = lab.get("/account")  # their own account page (password, second factor)
    assert account.status_code == 200 and "/provider/orders" in account.text
    for path in ("/staff", "/staff/providers", f"/staff/providers/orders/{pw.order_id}", "/portal"):
        assert lab.get(path).status_code == 403, path
    agent = login(pw.world.agent)
    member = login(pw.world.member)
    for client in (agent, member):
        for path in ("/provider/orders", f"/provider/orders/{pw.order_id}", "/provider/payouts"):
            assert client.get(path).status_code == 403, path
        token = csrf_of(client.get("/account").text)
        answer = client.post(f"/provider/orders/{pw.order_id}/accept", data={"csrf_token": token})
        assert answer.status_code == 403


def test_the_cli_creates_a_provider_user_audited(
    fresh_database: tuple[str, Engine], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = fresh_database
    with Database(engine).uow() as uow:
        expert = provider(uow, clock, staff(uow, clock), ProviderKind.DATA_RECOVERY)
        uow.commit()
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    args = ["user", "create-provider", "lab@recovery.example", "--provider", expert.provider_id]
    made = CliRunner().invoke(app, [*args, "--name", "Recovery lab", "--language", "fr"])
    assert made.exit_code == 0, made.output
    assert "provider user" in made.output
    unknown = CliRunner().invoke(app, ["user", "create-provider", "x@y.example", "--provider", "x"])
    assert unknown.exit_code != 0
    with Database(engine).reader() as uow:
        created = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.created")
        ).all()
        mine = [e for e in created if e.details.get("provider_id") == expert.provider_id]
        assert len(mine) == 1 and mine[0].actor == "cli:user"


def test_a_provider_without_a_second_factor_is_sent_to_enrol_one_first(
    container: Container, pw: PortalWorld
) -> None:
    with container.database.uow() as uow:
        signin.set_password(
            uow, user_id=pw.firm_user.user_id, password=PASSWORD, clock=container.clock,
            actor="test",
        )  # fmt: skip
        uow.commit()
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        answer = submit_password(
            client, accounts.Login(pw.firm_user.user_id, "desk@takedown.example")
        )
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login/enrol")
        assert client.get("/provider/orders", follow_redirects=False).status_code == 303
