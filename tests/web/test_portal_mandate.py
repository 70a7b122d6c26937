"""The e-mandate in the portal: the affiliate signs with explicit consent (recorded with the
text's version and a hash of the client), sees it and cancels it; another adult of the household
is refused (Art. 11.3: the affiliate sees and manages the billing)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.billing.mandate_service import CONSENT_TEXT_VERSION
from cybercare.bootstrap import Container
from cybercare.db.tables import MandateRow
from tests.web.conftest import csrf_of, post_form
from tests.web.portal_world import login, peeters


def _mandates(container: Container) -> list[MandateRow]:
    with container.database.reader() as uow:
        rows = list(uow.session.scalars(select(MandateRow)))
        uow.session.expunge_all()  # read after the unit of work: loaded, detached
        return rows


def test_art_11_3_the_affiliate_signs_an_e_mandate_with_consent_and_cancels_it(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container, with_staff=False)
    login(portal_client, container, world, "affiliate")
    page = portal_client.get("/portal/mandate", params={"lang": "en"})
    assert page.status_code == 200 and "you are entitled to a refund from your bank" in page.text
    form = {"holder": "Zoë O'Brien", "iban": "BE71 0961 2345 6769"}
    refused = post_form(portal_client, "/portal/mandate", "/portal/mandate", form)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "Tick the box" in refused.text and _mandates(container) == []  # type: ignore[attr-defined]
    signed = post_form(
        portal_client, "/portal/mandate", "/portal/mandate", form | {"consent": "yes"}
    )
    assert signed.status_code == 303  # type: ignore[attr-defined]
    (row,) = _mandates(container)
    assert (row.channel, row.status, row.iban, row.bic) == (
        "e_mandate",
        "active",
        "BE71096123456769",
        "GKCCBEBB",
    )
    assert (
        row.consent_text_version == CONSENT_TEXT_VERSION
        and len(row.consent_client_sha256 or "") == 64
    )
    assert row.consent_at == container.clock.now() and row.signed_on == container.clock.today()
    shown = portal_client.get("/portal/mandate?done=signed").text
    assert row.reference in shown and "BE71 •••• 6769" in shown
    cancelled = portal_client.post(
        "/portal/mandate/cancellation",
        data={"reference": row.reference, "csrf_token": csrf_of(shown)},
        follow_redirects=False,
    )
    assert cancelled.status_code == 303
    assert [r.status for r in _mandates(container)] == ["cancelled"]
    no_token = portal_client.post("/portal/mandate", data=form | {"consent": "yes"})
    assert no_token.status_code == 403


def test_art_11_3_another_adult_of_the_household_cannot_sign_a_mandate(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container, with_staff=False)
    login(portal_client, container, world, "adult_child")
    page = portal_client.get("/portal/mandate", params={"lang": "en"})
    assert page.status_code == 403 and "This is for the affiliate" in page.text
    answer = post_form(
        portal_client,
        "/portal/billing",
        "/portal/mandate",
        {"holder": "X", "iban": "BE71096123456769", "consent": "yes"},
    )
    assert answer.status_code == 403 and _mandates(container) == []  # type: ignore[attr-defined]
