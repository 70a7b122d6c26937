"""Documents (Art. 11.3, 11.4): the affiliation certificate of the member's household in the
language asked, and the decision letters of the cases the member sees, as PDF."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from tests.web.portal_world import case_for, login, payf_claim, peeters


def test_art_11_4_the_certificate_downloads_in_the_members_language(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "partner")
    page = portal_client.get("/portal/documents", params={"lang": "fr"})
    assert page.status_code == 200
    assert "/portal/documents/certificate.pdf?language=fr" in page.text
    for language in ("fr", "nl"):
        pdf = portal_client.get("/portal/documents/certificate.pdf", params={"language": language})
        assert pdf.status_code == 200
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        assert f"certificate-{language}.pdf" in pdf.headers["content-disposition"]
    wrong = portal_client.get("/portal/documents/certificate.pdf", params={"language": "xx"})
    assert wrong.status_code == 422


def test_art_11_3_decision_letters_are_listed_for_the_member_concerned_only(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, world, "affiliate", case_id, 40_000)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal/documents", params={"lang": "en"}).text
    assert f"/portal/documents/letters/{claim.claim_id}.pdf?language=en" in html
    assert "Accepted in full" in html
    letter = portal_client.get(f"/portal/documents/letters/{claim.claim_id}.pdf?language=de")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_art_11_3_another_adult_neither_sees_nor_downloads_the_letter(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, world, "affiliate", case_id, 40_000)
    login(portal_client, container, world, "partner")
    html = portal_client.get("/portal/documents", params={"lang": "en"}).text
    assert claim.claim_id not in html
    assert "No decision letter yet" in html
    assert portal_client.get(f"/portal/documents/letters/{claim.claim_id}.pdf").status_code == 404


def test_a_letter_is_only_for_a_decided_claim(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, world, "affiliate", case_id, 30_000, bank_refused=False)
    login(portal_client, container, world, "affiliate")
    assert portal_client.get(f"/portal/documents/letters/{claim.claim_id}.pdf").status_code == 404
