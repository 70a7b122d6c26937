"""Scam radar pages without a browser (issue 20), both databases: the rights calculator and the
letter to the bank (Art. 4.4), a form error naming its field, and Art. 11 on the pages (another
member's report is not found; a member or a claims handler does not reach the staff radar)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.radar import service
from cybercare.radar.domain import AskedTo, ReportKind
from tests.web.conftest import post_form
from tests.web.portal_world import login, peeters

RIGHTS = {
    "amount": "1250.00",
    "debit_date": "2026-11-24",
    "noticed_date": "2026-11-25",
    "notified_bank_date": "2026-11-26",
    "bank_name": "Belfius",
    "reference": "TX-1",
}


def test_art_4_4_rights_and_letter_field_errors_and_art_11_on_the_pages(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "adult_child")
    page = post_form(portal_client, "/portal/radar-rights", "/portal/radar-rights", RIGHTS)
    assert page.status_code == 200  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert "Your bank must refund you by the end of" in text and "PSD2 art. 73(1)" in text
    assert "€50.00" in text and "€1,200.00" in text
    letter = post_form(
        portal_client, "/portal/radar-rights", "/portal/radar-rights", {**RIGHTS, "letter": "yes"}
    )
    assert letter.headers["content-type"] == "application/pdf"  # type: ignore[attr-defined]
    assert letter.content.startswith(b"%PDF")  # type: ignore[attr-defined]
    bad = post_form(
        portal_client, "/portal/radar-rights", "/portal/radar-rights", {**RIGHTS, "amount": "x"}
    )
    assert bad.status_code == 422 and 'data-field="amount"' in bad.text  # type: ignore[attr-defined]
    # A forward that cannot be read names its field.
    answer = post_form(
        portal_client,
        "/portal/radar",
        "/portal/radar",
        {"kind": "iban", "content": "BE00 0000", "asked_to": "pay"},
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert 'data-field="content"' in answer.text  # type: ignore[attr-defined]
    # Art. 11: another member's report is not found; the staff radar is for the teams.
    portal_client.cookies.clear()
    with container.database.uow() as uow:
        view = service.submit_report(
            uow,
            world["adult_child"],
            service.Submission(
                person_id=world.person("adult_child"),
                kind=ReportKind.LINK,
                content="https://bpost-fee.info/pay",
                asked_to=AskedTo.PAY,
            ),
            container.catalog,
            container.clock,
        )
        uow.commit()
    login(portal_client, container, world, "affiliate")
    assert portal_client.get(f"/portal/radar/{view.report_id}").status_code == 404
    assert portal_client.get("/staff/radar").status_code in {401, 403}
    portal_client.cookies.clear()
    login(portal_client, container, world, "claims_handler")
    assert portal_client.get("/staff/radar").status_code == 403
