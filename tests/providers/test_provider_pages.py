"""The providers' pages (issue 19): staff see the registry with its performance and an order
with what the provider received; a wrong UBL invoice uploaded by finance is refused with a reason
per field, a right one is matched; the member's case shows the service in plain words; a member
is refused the back office."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cybercare.bootstrap import Container
from cybercare.providers.domain import ProviderKind
from cybercare.providers.service import accept_quote, appoint_provider, enter_quote, report_work
from tests.claims.builders import catalog, setup_world
from tests.providers.builders import case_with_workstream, invoice, provider, staff
from tests.web.backoffice_world import Login, logins
from tests.web.conftest import csrf_of

pytestmark = pytest.mark.integration


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def test_staff_pages_invoice_upload_and_the_members_timeline(
    container: Container, login: Login
) -> None:
    clock = container.clock
    with container.database.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        expert = provider(uow, clock, people, ProviderKind.DATA_RECOVERY)
        case_id, ws_id = case_with_workstream(uow, world, clock, "DATA", "technical")
        order_id = appoint_provider(
            uow, world.agent, workstream_id=ws_id, provider_id=expert.provider_id,
            service_code="recovery_disk", clock=clock, device="laptop",
        ).order.order_id  # fmt: skip
        enter_quote(uow, world.agent, order_id, 64_000, clock, catalog())
        accept_quote(uow, world.agent, order_id, clock, catalog())
        report_work(uow, world.agent, order_id, done=True, note="ok", clock=clock)
        uow.commit()
    finance = login(people.finance)
    listing = finance.get("/staff/providers")
    assert listing.status_code == 200
    assert "Data_Recovery BV" in listing.text and "Verified" in listing.text
    page = finance.get(f"/staff/providers/orders/{order_id}")
    assert page.status_code == 200 and "laptop" in page.text
    token = csrf_of(page.text)
    wrong = invoice(order_id, ProviderKind.TAKEDOWN, 52_892)  # another seller's VAT and IBAN
    refused = finance.post(
        f"/staff/providers/orders/{order_id}/invoice",
        data={"csrf_token": token},
        files={"invoice": ("inv.xml", wrong, "application/xml")},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert "BT-31 seller VAT identifier" in refused.text
    assert "BT-84 payment account" in refused.text
    right = invoice(order_id, ProviderKind.DATA_RECOVERY, 52_892)
    done = finance.post(
        f"/staff/providers/orders/{order_id}/invoice",
        data={"csrf_token": token},
        files={"invoice": ("inv.xml", right, "application/xml")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "639.99" in finance.get(f"/staff/providers/orders/{order_id}").text
    member = login(world.member)
    case_page = member.get(f"/portal/cases/{case_id}?lang=en")
    assert case_page.status_code == 200
    assert "Data recovery by an appointed expert: quote" in case_page.text
    assert "640.00" in case_page.text
    assert "invoice paid by your pot" in case_page.text
    assert "laptop" not in case_page.text  # the brief is the provider's, not shown here
    french = member.get(f"/portal/cases/{case_id}?lang=fr")
    assert "Récupération de données par un expert désigné : devis de" in french.text
    assert member.get("/staff/providers").status_code in (303, 403, 404)


def test_the_agent_enters_the_quote_reports_the_work_and_records_an_incident_on_the_page(
    container: Container, login: Login
) -> None:
    clock = container.clock
    with container.database.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        firm = provider(uow, clock, people, ProviderKind.TAKEDOWN)
        _case_id, ws_id = case_with_workstream(uow, world, clock, "EREP", "technical")
        order_id = appoint_provider(
            uow, world.agent, workstream_id=ws_id, provider_id=firm.provider_id,
            service_code="link_removal", clock=clock,
        ).order.order_id  # fmt: skip
        uow.commit()
    agent = login(world.agent)
    url = f"/staff/providers/orders/{order_id}"
    token = csrf_of(agent.get(url).text)
    bad = agent.post(f"{url}/quote", data={"amount": "abc", "csrf_token": token})
    assert bad.status_code == 422 and "quote_cents" in bad.text
    for path, data in (
        ("quote", {"amount": "450.00"}),
        ("accept", {}),
        ("report", {"outcome": "not_possible", "note": "host refuses"}),
        ("incident", {"kind": "late_work", "note": "two days late"}),
    ):
        answer = agent.post(
            f"{url}/{path}", data={**data, "csrf_token": token}, follow_redirects=False
        )
        assert answer.status_code == 303, (path, answer.text[:500])
    page = agent.get(url).text
    assert "Work not possible" in page and "450.00" in page
    listing = agent.get("/staff/providers").text
    assert "Removal and e-reputation firm" in listing
    assert agent.get("/staff/providers/orders/ord_NOPE").status_code == 404
    # Bank details are verified by finance only (the payee check), never by an agent.
    assert (
        agent.post(
            f"/staff/providers/{firm.provider_id}/verify", data={"csrf_token": token}
        ).status_code
        == 403
    )
