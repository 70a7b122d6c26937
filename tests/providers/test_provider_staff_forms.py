"""The staff forms of the providers (issue 19): registering a provider, its services and rates,
its bank details, appointing it from a workstream, a PDF-only invoice against its order. Each
form's success, and its refusals: a wrong role is a 403, bad input a form error with nothing
written, another provider's service a 404."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from cybercare.audit import trail
from cybercare.bootstrap import Container
from cybercare.db.tables import ProviderRow
from cybercare.providers import repository
from cybercare.providers.domain import ProviderKind
from cybercare.providers.service import accept_quote, enter_quote, report_work
from tests.claims.builders import catalog, setup_world
from tests.providers.builders import case_with_workstream, provider, staff
from tests.web.backoffice_world import Login, logins
from tests.web.conftest import csrf_of

pytestmark = pytest.mark.integration

NEW = {
    "kind": "lawyer",
    "name": "Maître Dupont",
    "vat_number": "BE0417497106",
    "email": "dupont@avocat.be",
    "languages": ["fr", "nl"],
    "regions": ["BRU"],
    "quote_within_hours": "24",
    "finish_within_days": "30",
    "contract_start": "2026-01-01",
    "code": "formal_notice",
    "description": "Formal notice",
    "rate": "450.50",
    "unit": "case",
}


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _count(container: Container) -> int:
    with container.database.reader() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(ProviderRow)) or 0)


def test_the_registry_forms(container: Container, login: Login) -> None:
    with container.database.uow() as uow:
        people = staff(uow, container.clock)
        other = provider(uow, container.clock, people, ProviderKind.TAKEDOWN)
        uow.commit()
    finance, registrar = login(people.finance), login(people.registry)
    assert finance.get("/staff/providers/new").status_code == 403
    token = csrf_of(registrar.get("/staff/providers/new").text)
    ftoken = csrf_of(finance.get("/staff/providers").text)
    refused = finance.post("/staff/providers/new", data={**NEW, "csrf_token": ftoken})
    assert refused.status_code == 403
    bad = registrar.post(
        "/staff/providers/new",
        data={**NEW, "rate": "12.345", "vat_number": "BE12", "languages": [], "csrf_token": token},
    )
    assert bad.status_code == 422 and _count(container) == 1
    assert 'id="f-provider-rate"' in bad.text and "more than two decimals" in bad.text
    bad = registrar.post(
        "/staff/providers/new",
        data={**NEW, "vat_number": "BE12", "languages": [], "csrf_token": token},
    )
    assert bad.status_code == 422 and _count(container) == 1
    assert "BE then 10 digits" in bad.text and "one or more of nl, fr, de, en" in bad.text
    made = registrar.post(
        "/staff/providers/new", data={**NEW, "csrf_token": token}, follow_redirects=False
    )
    assert made.status_code == 303
    provider_id = made.headers["location"].split("/")[-1].split("?")[0]
    with container.database.reader() as uow:
        saved = repository.provider(uow, provider_id)
    assert saved.services[0].rate_cents == 45_050 and saved.languages == {"fr", "nl"}
    again = registrar.post(
        "/staff/providers/new", data={**NEW, "name": "Other", "csrf_token": token}
    )  # the same VAT number
    assert again.status_code == 409 and "VAT number BE0417497106 exists" in again.text
    assert _count(container) == 2
    page = f"/staff/providers/{provider_id}"
    assert "Maître Dupont" in registrar.get(page).text
    # services: add, edit, refuse
    added = registrar.post(
        f"{page}/services",
        data={"code": "hearing", "description": "Hearing", "rate": "120", "unit": "hour",
              "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303
    edited = registrar.post(
        f"{page}/services/hearing",
        data={"description": "Hearing", "rate": "130.00", "unit": "hour", "csrf_token": token},
        follow_redirects=False,
    )
    assert edited.status_code == 303
    bad_rate = registrar.post(
        f"{page}/services/hearing",
        data={"description": "Hearing", "rate": "-1", "unit": "hour", "csrf_token": token},
    )
    assert bad_rate.status_code == 422 and 'aria-invalid="true"' in bad_rate.text
    another = registrar.post(
        f"{page}/services/link_removal",  # the takedown firm's service
        data={"description": "x", "rate": "1", "unit": "case", "csrf_token": token},
    )
    assert another.status_code == 404
    assert finance.post(
        f"{page}/services", data={"code": "x", "description": "x", "rate": "1",
                                   "csrf_token": ftoken},
    ).status_code == 403  # fmt: skip
    with container.database.reader() as uow:
        rates = {s.code: s.rate_cents for s in repository.provider(uow, provider_id).services}
        assert len(repository.provider(uow, other.provider_id).services) == 1
    assert rates == {"formal_notice": 45_050, "hearing": 13_000}
    # bank details: entered by the registrar, refused when wrong, verified by finance
    wrong = registrar.post(
        f"{page}/bank", data={"iban": "BE00 1234", "account_holder": "D", "csrf_token": token}
    )
    assert wrong.status_code == 422 and "not a valid IBAN" in wrong.text
    entered = registrar.post(
        f"{page}/bank",
        data={"iban": "BE71 0961 2345 6769", "account_holder": "Dupont", "csrf_token": token},
        follow_redirects=False,
    )
    assert entered.status_code == 303
    verified = finance.post(f"{page}/verify", data={"csrf_token": ftoken}, follow_redirects=False)
    assert verified.status_code == 303
    with container.database.reader() as uow:
        assert repository.provider(uow, provider_id).bank_verified
        actions = [e.action for e in trail.events_for(uow, "provider", provider_id)]
    assert actions == [
        "provider.registered",
        "provider.changed",
        "provider.changed",
        "provider.bank_details_entered",
        "provider.bank_details_verified",
    ]


def test_appointing_from_a_workstream_and_a_pdf_invoice(container: Container, login: Login) -> None:
    clock = container.clock
    with container.database.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        expert = provider(uow, clock, people, ProviderKind.DATA_RECOVERY)
        provider(uow, clock, people, ProviderKind.TAKEDOWN)  # does not serve DATA
        case_id, ws_id = case_with_workstream(uow, world, clock, "DATA", "technical")
        uow.commit()
    agent, finance = login(world.agent), login(people.finance)
    ftoken = csrf_of(finance.get("/staff/providers").text)
    case_page = agent.get(f"/staff/cases/{case_id}").text
    assert f'action="/staff/workstreams/{ws_id}/appoint"' in case_page
    assert f'value="{expert.provider_id}/recovery_disk"' in case_page
    assert "Takedown BV" not in case_page  # a takedown firm does not serve DATA
    form = agent.get(f"/staff/workstreams/{ws_id}/appoint")
    assert form.status_code == 200
    assert "Data_Recovery BV" in form.text and "Takedown BV" not in form.text
    token = csrf_of(form.text)
    url = f"/staff/workstreams/{ws_id}/appoint"
    nothing = agent.post(url, data={"service": "", "csrf_token": token})
    assert nothing.status_code == 422 and 'id="f-appoint-service"' in nothing.text
    wrong = agent.post(url, data={"service": f"{expert.provider_id}/link_removal",
                                  "csrf_token": token})  # fmt: skip
    assert wrong.status_code == 422 and "offers no service" in wrong.text
    assert finance.post(url, data={"service": "x/y", "csrf_token": ftoken}).status_code == 403
    with container.database.reader() as uow:
        assert repository.orders(uow, case_id=case_id) == []
    made = agent.post(
        url,
        data={"service": f"{expert.provider_id}/recovery_disk", "device": "laptop",
              "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303
    order_id = made.headers["location"].rsplit("/", 1)[-1]
    with container.database.reader() as uow:
        appointed = trail.events_for(uow, "provider_order", order_id)
    assert [e.action for e in appointed] == ["provider_order.appointed"]
    with container.database.uow() as uow:
        enter_quote(uow, world.agent, order_id, 64_000, clock, catalog())
        accept_quote(uow, world.agent, order_id, clock, catalog())
        report_work(uow, world.agent, order_id, done=True, note="ok", clock=clock)
        uow.commit()
    pdf = ("inv.pdf", b"%PDF-1.4 invoice", "application/pdf")
    fields = {"invoice_number": "F-7", "issue_date": "2026-11-27", "amount": "528.92",
              "vat": "111.07", "csrf_token": ftoken}  # fmt: skip
    target = f"/staff/providers/orders/{order_id}/pdf-invoice"
    page = finance.get(f"/staff/providers/orders/{order_id}")
    assert 'action="' + target + '"' in page.text
    own = {**fields, "csrf_token": token}
    assert agent.post(target, data=own, files={"pdf": pdf}).status_code == 403
    bad = finance.post(target, data={**fields, "amount": "5,x"}, files={"pdf": pdf})
    assert bad.status_code == 422 and 'id="pdf-amount-error"' in bad.text
    not_pdf = finance.post(target, data=fields, files={"pdf": ("a.pdf", b"hi", "text/plain")})
    assert not_pdf.status_code == 422 and 'id="pdf-pdf-error"' in not_pdf.text
    with container.database.reader() as uow:
        assert repository.order(uow, order_id).order.invoiced_cents in (0, None)
    done = finance.post(target, data=fields, files={"pdf": pdf}, follow_redirects=False)
    assert done.status_code == 303
    with container.database.reader() as uow:
        assert repository.order(uow, order_id).order.invoiced_cents == 63_999
    assert (
        finance.post(
            "/staff/providers/orders/ord_nope/pdf-invoice", data=fields, files={"pdf": pdf}
        ).status_code
        == 404
    )
