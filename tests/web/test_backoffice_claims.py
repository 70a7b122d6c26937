"""Claims in the back office: the claims queue by decision deadline (Art. 8.4), the evidence
viewer (Art. 8.3), the engine's trace with its articles and the pot before and after (Art. 5),
the handler's decision with four eyes above the authority limit, and reopening with history."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.claims.service import get_claim
from cybercare.claims.submit import EvidenceUpload, submit_claim
from cybercare.claims.views import ClaimView
from tests.assistance.builders import World
from tests.assistance.helpers import open_case, run
from tests.claims.builders import PDF, catalog, ecom_evidence, ecom_submission
from tests.web.backoffice_world import Login, build_world, logins
from tests.web.conftest import csrf_of

HOSTILE_NAME = '"><script>alert(1)</script>\r\nX-Injected: yes; invoice.pdf'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _claim(
    container: Container,
    world: World,
    cents: int,
    evidence: tuple[EvidenceUpload, ...] | None = None,
) -> ClaimView:
    """An e-commerce non-delivery claimed by Cas on his own case (Art. 4.5)."""
    case = open_case(
        container.database,
        container.clock,
        world["adult_child"],
        world.person("adult_child"),
        "ECOM",
        narrative="The shop never delivered my laptop",
    )
    return run(
        container.database,
        lambda uow: submit_claim(
            uow,
            world["adult_child"],
            case.case_id,
            ecom_submission(cents),
            catalog(),
            container.clock,
            evidence if evidence is not None else ecom_evidence(),
        ),
    )


def _status(container: Container, world: World, claim_id: str) -> ClaimView:
    return run(
        container.database,
        lambda uow: get_claim(uow, world["claims_handler"], claim_id, container.clock),
    )


def _post(client: TestClient, page: str, action: str, data: dict[str, object]) -> object:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def _decide(client: TestClient, claim: ClaimView, **data: object) -> object:
    return _post(
        client,
        f"/staff/cases/{claim.case_id}",
        f"/staff/claims/{claim.claim_id}/decision",
        data,
    )


def test_art_8_4_claims_queue_lists_claims_by_decision_deadline(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)  # above the 1,000 EUR automatic ceiling
    assert claim.status == "in_review"
    page = login(world["claims_handler"]).get("/staff/queues/claims")
    assert page.status_code == 200
    assert claim.claim_id in page.text
    assert "Above the automatic payment ceiling" in page.text
    assert "in 30 days" in page.text  # decision due 30 days after the complete file
    assert "€1,500.00" in page.text  # an English page writes euros the English way


def test_art_8_3_evidence_listed_with_type_size_sha256_and_time(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    page = login(world["claims_handler"]).get(f"/staff/cases/{claim.case_id}")
    html = page.text
    first = ecom_evidence()[0]
    assert hashlib.sha256(first.content).hexdigest() in html
    assert f"{len(first.content)} bytes" in html
    assert "order_confirmation.pdf" in html
    assert "27 Nov 2026, 10:00" in html  # received, Brussels time
    assert '<th scope="col">SHA-256</th>' in html


def test_art_8_3_pdf_is_shown_inline_and_downloaded_on_request_byte_for_byte(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    handler = login(world["claims_handler"])
    evidence = claim.evidence[0]
    url = f"/staff/claims/{claim.claim_id}/evidence/{evidence.evidence_id}"
    shown = handler.get(url)
    assert shown.status_code == 200
    assert shown.headers["content-type"] == "application/pdf"
    assert shown.headers["content-disposition"].startswith("inline;")
    assert shown.content == ecom_evidence()[0].content
    assert shown.headers["etag"] == f'"{evidence.sha256}"'
    assert shown.headers["x-content-type-options"] == "nosniff"
    saved = handler.get(url + "?download=true")
    assert saved.headers["content-disposition"].startswith("attachment;")


def test_a_hostile_file_name_is_escaped_in_the_page_and_cleaned_in_the_header(
    container: Container, world: World, login: Login
) -> None:
    hostile = EvidenceUpload("order_confirmation", HOSTILE_NAME, "application/pdf", PDF + b"x")
    evidence = (hostile, *ecom_evidence()[1:])
    claim = _claim(container, world, 150_000, evidence)
    handler = login(world["claims_handler"])
    html = handler.get(f"/staff/cases/{claim.case_id}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    file_id = next(e.evidence_id for e in claim.evidence if e.filename == HOSTILE_NAME[:255])
    answer = handler.get(f"/staff/claims/{claim.claim_id}/evidence/{file_id}")
    disposition = answer.headers["content-disposition"]
    assert "x-injected" not in {name.lower() for name in answer.headers}
    plain = re.search(r'filename="([^"]*)"', disposition)
    assert plain is not None
    assert not set(plain.group(1)) & set('<>"\r\n;\\/')
    assert "filename*=UTF-8''%22%3E%3Cscript%3E" in disposition


def test_text_evidence_is_downloaded_never_shown_and_images_are_previewed(
    container: Container, world: World, login: Login
) -> None:
    evidence = (
        EvidenceUpload("order_confirmation", "order.txt", "text/plain", b"Order 42, 1500 EUR"),
        EvidenceUpload("proof_of_payment", "receipt.png", "image/png", PNG),
        ecom_evidence()[2],
    )
    claim = _claim(container, world, 150_000, evidence)
    handler = login(world["claims_handler"])
    by_name = {e.filename: e for e in claim.evidence}
    base = f"/staff/claims/{claim.claim_id}/evidence"
    text = handler.get(f"{base}/{by_name['order.txt'].evidence_id}")
    assert text.headers["content-disposition"].startswith("attachment;")
    image = handler.get(f"{base}/{by_name['receipt.png'].evidence_id}")
    assert image.headers["content-type"] == "image/png"
    assert image.headers["content-disposition"].startswith("inline;")
    html = handler.get(f"/staff/cases/{claim.case_id}").text
    assert f'<img src="{base}/{by_name["receipt.png"].evidence_id}"' in html
    assert 'alt="Image received: receipt.png"' in html


def test_evidence_is_for_staff_and_unknown_files_are_404(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    url = f"/staff/claims/{claim.claim_id}/evidence/{claim.evidence[0].evidence_id}"
    assert login(world["adult_child"]).get(url).status_code == 403
    handler = login(world["claims_handler"])
    assert handler.get(f"/staff/claims/{claim.claim_id}/evidence/999999").status_code == 404
    assert handler.get("/staff/claims/clm_nope/evidence/1").status_code == 404


def test_the_engines_trace_shows_each_rule_with_its_article_and_the_pot_before(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    html = login(world["claims_handler"]).get(f"/staff/cases/{claim.case_id}").text
    assert "The coverage engine&#39;s rules" in html or "The coverage engine's rules" in html
    trace = claim.decisions[0].trace
    assert trace
    for step in trace[:5]:
        assert f"<code>{step['rule']}</code>" in html
        assert str(step["article"]) in html
    assert "Before the decision" in html
    assert "used €0.00, reserved €0.00" in html


def test_a_handler_decides_a_partial_acceptance_within_the_authority_limit(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    handler = login(world["claims_handler"])
    answer = _decide(
        handler,
        claim,
        outcome="partially_accepted",
        payable="1000.00",
        reasons="The laptop cost 1,000 EUR; the rest is shipping insurance.",
        articles=["Art. 4.5"],
    )
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    assert "done=decided" in answer.headers["location"]  # type: ignore[attr-defined]
    decided = _status(container, world, claim.claim_id)
    assert (decided.status, decided.outcome, decided.payable_cents) == (
        "decided",
        "partially_accepted",
        100_000,
    )
    assert decided.decision is not None
    assert decided.decision.note == (
        "Art. 4.5: The laptop cost 1,000 EUR; the rest is shipping insurance."
    )
    html = handler.get(answer.headers["location"]).text  # type: ignore[attr-defined]
    assert "The decision is recorded." in html
    assert "After the decision" in html  # what is left in the pot (Art. 5)


def test_four_eyes_above_the_authority_limit_the_same_handler_cannot_approve(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 300_000)  # 3,000 EUR > 2,500 EUR authority limit
    first = login(world["claims_handler"])
    answer = _decide(first, claim, outcome="accepted", payable="3000.00", reasons="Invoice checked")
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert "done=four_eyes" in answer.headers["location"]  # type: ignore[attr-defined]
    assert _status(container, world, claim.claim_id).status == "awaiting_approval"
    page = f"/staff/cases/{claim.case_id}"
    html = first.get(page).text
    assert "You made this decision: another handler must approve it." in html
    assert f"/staff/claims/{claim.claim_id}/approval" not in html
    refused = _post(first, page, f"/staff/claims/{claim.claim_id}/approval", {})
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert _status(container, world, claim.claim_id).status == "awaiting_approval"
    second = login(world["second_handler"])
    html = second.get(page).text
    assert "Second approval (four eyes)" in html
    approved = _post(second, page, f"/staff/claims/{claim.claim_id}/approval", {})
    assert approved.status_code == 303  # type: ignore[attr-defined]
    final = _status(container, world, claim.claim_id)
    assert (final.status, final.payable_cents) == ("decided", 300_000)
    assert final.decision is not None
    assert final.decision.approved_by == world["second_handler"].actor
    assert "approved by You" in second.get(page).text


@pytest.mark.parametrize("agent", ["technical", "legal", "supervisor_less_agent"])
def test_a_team_agent_cannot_decide_a_claim(
    container: Container, world: World, login: Login, agent: str
) -> None:
    claim = _claim(container, world, 150_000)
    who = world["financial"] if agent == "supervisor_less_agent" else world[agent]
    client = login(who)
    html = client.get(f"/staff/cases/{claim.case_id}").text
    assert f"/staff/claims/{claim.claim_id}/decision" not in html
    assert "Claims handlers decide claims" in html
    answer = _decide(client, claim, outcome="declined", reasons="no")
    assert answer.status_code == 403  # type: ignore[attr-defined]
    assert _status(container, world, claim.claim_id).status == "in_review"


def test_a_decision_without_reasons_or_with_a_wrong_amount_comes_back_with_errors(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    handler = login(world["claims_handler"])
    missing = _decide(handler, claim, outcome="accepted", payable="1500.00", reasons=" ")
    assert missing.status_code == 422  # type: ignore[attr-defined]
    assert "Give the reasons of the decision." in missing.text  # type: ignore[attr-defined]
    assert f'href="#f-decide-{claim.claim_id}-reasons"' in missing.text  # type: ignore[attr-defined]
    lower = _decide(handler, claim, outcome="accepted", payable="900.00", reasons="ok")
    assert lower.status_code == 422  # type: ignore[attr-defined]
    assert "Choose the outcome: an acceptance pays the amount claimed" in lower.text  # type: ignore[attr-defined]
    garbage = _decide(handler, claim, outcome="partially_accepted", payable="12,5x", reasons="ok")
    assert garbage.status_code == 422  # type: ignore[attr-defined]
    assert "Enter the amount granted in euros" in garbage.text  # type: ignore[attr-defined]
    assert 'value="12,5x"' in garbage.text  # type: ignore[attr-defined]
    assert _status(container, world, claim.claim_id).status == "in_review"


def test_a_decided_claim_is_reopened_and_its_history_kept(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 40_000)  # decided straight through by the engine
    assert claim.status == "decided"
    handler = login(world["claims_handler"])
    page = f"/staff/cases/{claim.case_id}"
    empty = _post(handler, page, f"/staff/claims/{claim.claim_id}/reopening", {"note": ""})
    assert empty.status_code == 422  # type: ignore[attr-defined]
    answer = _post(
        handler, page, f"/staff/claims/{claim.claim_id}/reopening", {"note": "New invoice"}
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    reopened = _status(container, world, claim.claim_id)
    assert reopened.status == "in_review"
    assert [d.kind for d in reopened.decisions] == ["engine", "reopening"]
    html = handler.get(page).text
    assert "Reopening" in html and "Superseded" in html
    assert f"/staff/claims/{claim.claim_id}/decision" in html  # to be decided again


def test_claims_part_in_french(container: Container, world: World, login: Login) -> None:
    claim = _claim(container, world, 150_000)
    html = login(world["claims_handler"]).get(f"/staff/cases/{claim.case_id}?lang=fr").text
    assert "Votre décision" in html
    assert "1\u202f500,00\xa0€" in html
