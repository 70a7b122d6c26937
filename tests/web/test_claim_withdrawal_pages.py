"""Withdrawing a claim in the pages: the member's confirmation on the portal, the agent's form in
the back office on the member's behalf (Art. 11.3), and the reason a possible duplicate waits
shown on the member's case page (Art. 4.5, 8.4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.claims.service import get_claim
from cybercare.claims.submit import submit_claim
from cybercare.claims.views import ClaimView
from tests.assistance.builders import World
from tests.assistance.helpers import open_case, run
from tests.claims.builders import catalog, ecom_evidence, ecom_submission
from tests.web.backoffice_world import Login, build_world, logins
from tests.web.conftest import csrf_of
from tests.web.portal_world import login as portal_login


@pytest.fixture
def world(container: Container) -> World:
    return build_world(container)


@pytest.fixture
def staff_login(container: Container) -> Iterator[Login]:
    yield from logins(container)


def _ecom_claim(
    container: Container, world: World, cents: int, who: str = "affiliate"
) -> ClaimView:
    case = open_case(container.database, container.clock, world[who], world.person(who), "ECOM")
    return run(
        container.database,
        lambda uow: submit_claim(
            uow,
            world[who],
            case.case_id,
            ecom_submission(cents),
            catalog(),
            container.clock,
            ecom_evidence(),
        ),
    )


def _status(container: Container, world: World, claim_id: str) -> str:
    view = run(
        container.database,
        lambda uow: get_claim(uow, world["claims_handler"], claim_id, container.clock),
    )
    return view.status.value


def test_member_withdraws_a_claim_after_confirming(
    portal_client: TestClient, container: Container, world: World
) -> None:
    claim = _ecom_claim(container, world, 150_000)  # above the ceiling: a handler reviews it
    portal_login(portal_client, container, world, "affiliate")
    case_page = portal_client.get(f"/portal/cases/{claim.case_id}").text
    link = f"/portal/claims/{claim.claim_id}/withdrawal"
    assert link in case_page
    confirm = portal_client.get(link)
    assert confirm.status_code == 200
    assert "What a withdrawal does" in confirm.text
    done = portal_client.post(
        link, data={"csrf_token": csrf_of(confirm.text)}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/portal/cases/{claim.case_id}#claim-{claim.claim_id}-title"
    assert _status(container, world, claim.claim_id) == "withdrawn"
    after = portal_client.get(f"/portal/cases/{claim.case_id}").text
    assert "Withdrawn at your request" in after
    assert link not in after
    assert 'data-step="claim.withdrawn"' in after  # a dated step of the case's timeline
    assert "Claim withdrawn" in after


def test_another_adult_finds_no_claim_to_withdraw(
    portal_client: TestClient, container: Container, world: World
) -> None:
    claim = _ecom_claim(container, world, 150_000)
    portal_login(portal_client, container, world, "partner")
    link = f"/portal/claims/{claim.claim_id}/withdrawal"
    assert portal_client.get(link).status_code == 404
    token = csrf_of(portal_client.get("/portal/cases").text)
    assert portal_client.post(link, data={"csrf_token": token}).status_code == 404
    assert _status(container, world, claim.claim_id) == "in_review"


def test_a_decided_claim_offers_the_complaints_path_instead(
    portal_client: TestClient, container: Container, world: World
) -> None:
    claim = _ecom_claim(container, world, 40_000)  # decided straight through
    portal_login(portal_client, container, world, "affiliate")
    assert (
        f"/portal/claims/{claim.claim_id}/withdrawal"
        not in portal_client.get(f"/portal/cases/{claim.case_id}").text
    )
    page = portal_client.get(f"/portal/claims/{claim.claim_id}/withdrawal")
    assert "it can no longer be withdrawn" in page.text
    assert "Ombudsman" in page.text or "ombudsman" in page.text
    posted = portal_client.post(
        f"/portal/claims/{claim.claim_id}/withdrawal", data={"csrf_token": csrf_of(page.text)}
    )
    assert posted.status_code == 409
    assert _status(container, world, claim.claim_id) == "decided"


def test_possible_duplicate_waits_and_the_member_reads_why(
    portal_client: TestClient, container: Container, world: World
) -> None:
    first = _ecom_claim(container, world, 40_000)
    second = _ecom_claim(container, world, 40_000)
    assert second.status.value == "in_review"
    portal_login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{second.case_id}").text
    assert "may repeat another case of your household" in html
    assert f'href="/portal/cases/{first.case_id}"' in html
    assert "Art. 4.5" in html


def test_agent_withdraws_a_claim_for_the_member_in_the_back_office(
    container: Container, world: World, staff_login: Login
) -> None:
    claim = _ecom_claim(container, world, 150_000)
    agent = staff_login(world["legal"])
    page = agent.get(f"/staff/cases/{claim.case_id}")
    assert "Withdraw this claim for the member" in page.text
    action = f"/staff/claims/{claim.claim_id}/withdrawal"
    refused = agent.post(action, data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert refused.status_code == 422
    assert "Say how and when the member asked" in refused.text
    done = agent.post(
        action,
        data={"csrf_token": csrf_of(refused.text), "reason": "An called at 10:05"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert _status(container, world, claim.claim_id) == "withdrawn"
    after = agent.get(f"/staff/cases/{claim.case_id}").text
    assert "Withdrawn before the decision" in after
    assert "Withdraw this claim for the member" not in after
