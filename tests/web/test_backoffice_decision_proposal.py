"""Issue 14: the handler's decision form starts from the coverage engine's proposal (outcome,
amount, articles and reasons prefilled; one click confirms it); another outcome or amount needs
the reason why (a field error without it), and the audit trail keeps both the proposal and the
handler's choice. The auto-pay ceiling and the four-eyes threshold come from the product data
(`claims_handling`) and are explained where they apply."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from cybercare.audit.trail import events_for
from cybercare.bootstrap import Container
from cybercare.claims.service import get_claim
from cybercare.claims.submit import submit_claim
from cybercare.claims.views import ClaimView
from cybercare.product.catalog import Catalog
from tests.assistance.builders import World
from tests.assistance.helpers import open_case, run
from tests.claims.builders import catalog, ecom_evidence, ecom_submission
from tests.web.backoffice_world import Login, build_world, logins
from tests.web.conftest import csrf_of


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _claim(container: Container, world: World, cents: int) -> ClaimView:
    """Cas claims an e-commerce non-delivery on his own case (Art. 4.5)."""
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
            container.catalog,
            container.clock,
            ecom_evidence(),
        ),
    )


def _status(container: Container, world: World, claim_id: str) -> ClaimView:
    return run(
        container.database,
        lambda uow: get_claim(uow, world["claims_handler"], claim_id, container.clock),
    )


def _decided_event(container: Container, claim_id: str) -> dict[str, object]:
    events = run(container.database, lambda uow: events_for(uow, "claim", claim_id))
    (decided,) = [e for e in events if e.action == "claim.handler_decided"]
    return decided.details


def _form(page: str, claim_id: str) -> tuple[dict[str, object], str]:
    """The decision form as the page fills it: what one click on its button sends."""
    form = page.split(f'action="/staff/claims/{claim_id}/decision"', 1)[1].split("</form>", 1)[0]
    outcome = re.search(r'name="outcome" value="([a-z_]+)" checked', form)
    payable = re.search(r'name="payable" type="text" value="([^"]*)"', form)
    reasons = re.search(r'name="reasons"[^>]*>([^<]*)</textarea>', form, re.S)
    assert payable is not None and reasons is not None
    return {
        "outcome": outcome.group(1) if outcome else "",
        "payable": payable.group(1),
        "articles": re.findall(r'name="articles" value="([^"]+)" checked', form),
        "reasons": html_lib.unescape(reasons.group(1)),
        "csrf_token": csrf_of(page),
    }, form


def _send(client: TestClient, claim: ClaimView, data: dict[str, object]) -> object:
    return client.post(
        f"/staff/claims/{claim.claim_id}/decision", data=data, follow_redirects=False
    )


def test_issue_14_the_decision_form_is_prefilled_with_the_engines_proposal(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)  # above the 1,000 EUR straight-through ceiling
    engine = claim.decisions[-1]
    assert (engine.kind, engine.outcome, engine.payable_cents) == ("engine", "accepted", 150_000)
    page = login(world["claims_handler"]).get(f"/staff/cases/{claim.case_id}").text
    data, form = _form(page, claim.claim_id)
    assert data["outcome"] == "accepted"
    assert data["payable"] == "1500.00"
    assert set(data["articles"]) == {r.article for r in engine.reasons}  # type: ignore[arg-type]
    assert data["reasons"]
    assert "The coverage engine proposes: Accepted, €1,500.00." in form
    # The auto-pay ceiling where the proposal meets it (product data, claims_handling).
    assert "paid straight through up to €1,000.00; this one is above" in form
    assert "Confirm the decision" in form


def test_issue_14_confirming_the_proposal_in_one_click_records_it(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    handler = login(world["claims_handler"])
    data, _ = _form(handler.get(f"/staff/cases/{claim.case_id}").text, claim.claim_id)
    answer = _send(handler, claim, data)
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    decided = _status(container, world, claim.claim_id)
    assert (decided.status, decided.outcome, decided.payable_cents) == (
        "decided",
        "accepted",
        150_000,
    )
    assert decided.decision is not None
    # The articles ticked, then the engine's sentences, once each.
    cited = ", ".join(data["articles"])  # type: ignore[arg-type]
    assert decided.decision.note == f"{cited}: {data['reasons']}"
    details = _decided_event(container, claim.claim_id)
    assert details["proposal"] == {"outcome": "accepted", "payable_cents": 150_000}
    assert details["follows_proposal"] is True
    assert details["change_reason"] is None


def test_issue_14_changing_the_amount_without_a_reason_is_refused_with_a_field_error(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 150_000)
    handler = login(world["claims_handler"])
    data, _ = _form(handler.get(f"/staff/cases/{claim.case_id}").text, claim.claim_id)
    changed = {**data, "outcome": "partially_accepted", "payable": "1000.00"}
    refused = _send(handler, claim, changed)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert "Say why you change the outcome or the amount the coverage engine proposed." in text
    assert f'href="#f-decide-{claim.claim_id}-change_reason"' in text
    assert f'id="f-decide-{claim.claim_id}-change_reason"' in text and 'aria-invalid="true"' in text
    assert 'value="1000.00"' in text  # what the handler typed is kept
    assert _status(container, world, claim.claim_id).status == "in_review"
    data, _ = _form(text, claim.claim_id)
    answer = _send(
        handler,
        claim,
        {
            **changed,
            "csrf_token": data["csrf_token"],
            "change_reason": "The invoice shows 1,000 EUR; the rest is shipping insurance.",
        },
    )
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    decided = _status(container, world, claim.claim_id)
    assert (decided.outcome, decided.payable_cents) == ("partially_accepted", 100_000)
    details = _decided_event(container, claim.claim_id)
    assert details["proposal"] == {"outcome": "accepted", "payable_cents": 150_000}
    assert (details["outcome"], details["payable_cents"]) == ("partially_accepted", 100_000)
    assert details["follows_proposal"] is False
    assert details["change_reason"] == (
        "The invoice shows 1,000 EUR; the rest is shipping insurance."
    )


def test_issue_14_four_eyes_threshold_is_explained_on_the_form_and_enforced(
    container: Container, world: World, login: Login
) -> None:
    claim = _claim(container, world, 300_000)  # above the 2,500 EUR authority limit
    handler = login(world["claims_handler"])
    data, form = _form(handler.get(f"/staff/cases/{claim.case_id}").text, claim.claim_id)
    assert "Above €2,500.00 a second person approves" in form
    answer = _send(handler, claim, data)
    assert "done=four_eyes" in answer.headers["location"]  # type: ignore[attr-defined]
    assert _status(container, world, claim.claim_id).status == "awaiting_approval"
    assert _decided_event(container, claim.claim_id)["four_eyes"] is True


def test_issue_14_the_four_eyes_threshold_is_read_from_the_product_data(
    container: Container, world: World
) -> None:
    """A product version whose claims_handling puts the limit at 1,200 EUR: a 1,500 EUR claim
    then needs a second person, and the form says 1,200 EUR — no constant in the code."""
    product = catalog().all()[0]
    stricter = replace(
        product,
        claims=replace(
            product.claims, auto_pay_ceiling_cents=80_000, handler_authority_limit_cents=120_000
        ),
    )
    other = replace(container, catalog=Catalog.of([stricter]))
    claim = _claim(other, world, 150_000)
    logged = logins(other)
    handler = next(logged)(world["claims_handler"])
    page = handler.get(f"/staff/cases/{claim.case_id}").text
    data, form = _form(page, claim.claim_id)
    assert "Above €1,200.00 a second person approves" in form
    assert "paid straight through up to €800.00" in form
    answer = _send(handler, claim, data)
    assert "done=four_eyes" in answer.headers["location"]  # type: ignore[attr-defined]
    assert _status(other, world, claim.claim_id).status == "awaiting_approval"
    assert _decided_event(other, claim.claim_id)["authority_limit_cents"] == 120_000
    logged.close()


@pytest.mark.parametrize(
    ("lang", "proposal", "confirm"),
    [
        ("nl", "De dekkingsmotor stelt voor:", "De beslissing bevestigen"),
        ("fr", "Le moteur de couverture propose\u202f:", "Confirmer la décision"),
        ("de", "Die Deckungsprüfung schlägt vor:", "Entscheidung bestätigen"),
    ],
)
def test_issue_14_the_prefilled_form_speaks_each_language(
    container: Container, world: World, login: Login, lang: str, proposal: str, confirm: str
) -> None:
    claim = _claim(container, world, 300_000)
    page = login(world["claims_handler"]).get(f"/staff/cases/{claim.case_id}?lang={lang}").text
    _, form = _form(page, claim.claim_id)
    assert proposal.replace("\u202f", " ") in form.replace("\u202f", " ")
    assert confirm in form
