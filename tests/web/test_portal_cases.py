"""My cases (Art. 4, 5, 8, 10.1, 11.2, 11.3): the list and a case with its steps, the messages with
the teams (with and without htmx), the evidence received and the claims with their decisions;
and the confidentiality rules: another household's case and another adult's case are not found,
a minor's case is the legal representative's too, but not its psychological notes."""

from __future__ import annotations

import hashlib
import re

from fastapi.testclient import TestClient

from cybercare.assistance import service as cases
from cybercare.assistance.domain import CaseOutcome, Compartment
from cybercare.assistance.repository import note_reads
from cybercare.assistance.workstreams import close_workstream
from cybercare.audit import trail
from cybercare.bootstrap import Container
from cybercare.web.formatting import money
from tests.assistance.builders import World
from tests.assistance.helpers import consent, note, run, take, workstream_of
from tests.claims.scenario_builders import PAYF_EVIDENCE, evidence_file
from tests.web.conftest import csrf_of
from tests.web.portal_world import (
    case_for,
    handler_declines,
    login,
    payf_claim,
    peeters,
)


def _post_message(client: TestClient, case_id: str, body: str, **headers: str) -> object:
    token = csrf_of(client.get(f"/portal/cases/{case_id}").text)
    return client.post(
        f"/portal/cases/{case_id}/messages",
        data={"body": body, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )


def test_art_11_3_my_cases_lists_mine_and_the_minors_i_represent_not_other_adults(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    mine = case_for(container, world, "affiliate", "affiliate", "PAYF", narrative="my card")
    minor = case_for(container, world, "affiliate", "minor", "EREP", narrative="Dina bullied")
    partner = case_for(container, world, "partner", "partner", "IDT", narrative="Bram's ID")
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/portal/cases", params={"lang": "en"}).text
    assert f"/portal/cases/{mine}" in html
    assert f"/portal/cases/{minor}" in html and "Dina Peeters" in html
    assert f"/portal/cases/{partner}" not in html
    assert "Identity theft" not in html


def test_art_11_3_another_adults_case_is_not_found_like_a_case_that_does_not_exist(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    partner = case_for(container, world, "partner", "partner", "IDT")
    login(portal_client, container, world, "affiliate")
    refused = portal_client.get(f"/portal/cases/{partner}")
    missing = portal_client.get("/portal/cases/case_doesnotexist")
    assert refused.status_code == missing.status_code == 404
    assert "IDT incident" not in refused.text
    token = csrf_of(portal_client.get("/portal/cases").text)
    posted = portal_client.post(
        f"/portal/cases/{partner}/messages", data={"body": "hello", "csrf_token": token}
    )
    assert posted.status_code == 404


def test_art_11_3_another_households_case_is_not_found(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    other = peeters(container, suffix="_other", with_staff=False)
    theirs = case_for(container, other, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, other, "affiliate", theirs, 10_000)
    login(portal_client, container, world, "affiliate")
    assert portal_client.get(f"/portal/cases/{theirs}").status_code == 404
    letter = f"/portal/documents/letters/{claim.claim_id}.pdf"
    assert portal_client.get(letter).status_code == 404
    evidence = f"/portal/claims/{claim.claim_id}/evidence/{claim.evidence[0].evidence_id}"
    assert portal_client.get(evidence).status_code == 404


def test_art_11_2_the_legal_representative_reads_a_minors_case_without_psychological_notes(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "minor", "EREP", narrative="Dina bullied")
    db, clock = container.database, container.clock
    with db.reader() as uow:
        read = cases.read_case(uow, world["psychologist"], case_id, clock, log_purpose=None)
    psych = workstream_of(read, "psychological")
    legal = workstream_of(read, "legal")
    take(db, clock, world["psychologist"], psych)
    take(db, clock, world["legal"], legal)
    consent(db, clock, world["affiliate"], world.person("minor"))
    note(db, clock, world["psychologist"], psych, "Dina sleeps badly", Compartment.PSYCHOLOGICAL)
    note(db, clock, world["legal"], legal, "We asked the forum to remove the photos")
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "We asked the forum to remove the photos" in html
    assert "Legal team" in html
    assert "Dina sleeps badly" not in html
    assert "read only by the person concerned and the counsellor (Art. 11.2)" in html


def test_art_11_2_the_minor_concerned_reads_the_psychological_notes_and_the_read_is_logged(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "minor", "EREP")
    db, clock = container.database, container.clock
    with db.reader() as uow:
        read = cases.read_case(uow, world["psychologist"], case_id, clock, log_purpose=None)
    psych = workstream_of(read, "psychological")
    take(db, clock, world["psychologist"], psych)
    consent(db, clock, world["partner"], world.person("minor"))
    note(db, clock, world["psychologist"], psych, "Dina sleeps badly", Compartment.PSYCHOLOGICAL)
    login(portal_client, container, world, "minor")
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "Dina sleeps badly" in html
    assert "Psychological assistance, confidential (Art. 11.2)" in html
    with db.reader() as uow:
        reads = [(r.user_id, r.purpose) for r in note_reads(uow, case_id)]
    assert reads[-1] == (world["minor"].user_id, "portal.case_read")


def test_art_8_1_the_member_writes_to_the_team_who_reads_it_in_the_back_office(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    login(portal_client, container, world, "affiliate")
    answer = _post_message(portal_client, case_id, "My bank answered today.")
    assert answer.status_code == 303  # type: ignore[attr-defined]
    page = portal_client.get(answer.headers["location"])  # type: ignore[attr-defined]
    assert "My bank answered today." in page.text
    assert "Your message is sent to the team." in page.text
    with container.database.reader() as uow:
        seen = cases.read_case(uow, world["financial"], case_id, container.clock, log_purpose=None)
        events = [e.action for e in trail.events_for(uow, "case", case_id)]
    assert [n.body for n in seen.notes] == ["My bank answered today."]
    assert seen.notes[0].author_user_id == world["affiliate"].user_id
    assert "case.note_added" in events


def test_htmx_swaps_the_messages_in_place(portal_client: TestClient, container: Container) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    login(portal_client, container, world, "affiliate")
    answer = _post_message(portal_client, case_id, "Sent with htmx", **{"HX-Request": "true"})
    assert answer.status_code == 200  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert html.lstrip().startswith('<section id="messages"')
    assert "Sent with htmx" in html and "<html" not in html
    empty = _post_message(portal_client, case_id, "   ", **{"HX-Request": "true"})
    assert empty.status_code == 200  # type: ignore[attr-defined]
    assert 'aria-invalid="true"' in empty.text  # type: ignore[attr-defined]


def test_an_empty_message_is_refused_with_a_form_error(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    login(portal_client, container, world, "affiliate")
    answer = _post_message(portal_client, case_id, "  ")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "Write your message first." in answer.text  # type: ignore[attr-defined]


def test_art_5_an_accepted_claim_shows_its_reasons_the_pot_left_evidence_and_letter(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, world, "affiliate", case_id, 40_000)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "Decision: Accepted in full" in html
    assert "The amount is within what is left of the yearly limit." in html
    assert '<span class="article-ref">Art. 5</span>' in html
    assert money(460_000, "en") in html  # left in the pot after the decision
    assert "Complaints" not in html.split("Steps of the case")[0].split("Decision:")[1]
    for code in PAYF_EVIDENCE:
        name, content, _media = evidence_file(code)
        assert name in html
        assert hashlib.sha256(content).hexdigest() in html
    first = claim.evidence[0]
    download = portal_client.get(f"/portal/claims/{claim.claim_id}/evidence/{first.evidence_id}")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == first.sha256
    assert download.headers["content-disposition"].startswith("attachment;")
    letter = portal_client.get(f"/portal/documents/letters/{claim.claim_id}.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_art_10_1_a_declined_claim_states_the_complaints_path(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, world, "affiliate", case_id, 30_000, bank_refused=False)
    assert claim.status.value == "in_review"
    login(portal_client, container, world, "affiliate")
    reviewing = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "A claims handler is reviewing it" in reviewing
    assert "Decision:" not in reviewing  # the engine's proposal is no decision
    handler_declines(container, world, claim.claim_id)
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "Decision: Not accepted" in html
    assert "Your bank has not definitively refused to refund you." in html
    assert "Decided by a claims handler" in html
    assert "Ombudsman des Assurances" in html and "Art. 10.1" in html
    assert "bank did not refuse" not in html  # the handler's note stays in the back office


def test_a_closed_case_takes_no_more_messages(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", None)
    db, clock = container.database, container.clock
    with db.uow() as uow:
        cases.close_case(
            uow,
            world["supervisor"],
            case_id,
            "duplicate",
            clock,
            CaseOutcome.DUPLICATE,
            container.catalog,
        )
        uow.commit()
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "Finished" in html and "Guarantee to be determined" in html
    assert "How it ended" in html and "Followed up in another case" in html
    assert "Art. 5.2" not in html  # no guarantee, so no yearly case limit
    assert 'name="body"' not in html
    answer = _post_message(portal_client, case_id, "hello?")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert re.search(r"This case is closed", answer.text)  # type: ignore[attr-defined]


def _close(container: Container, world: World, case_id: str, outcome: CaseOutcome) -> None:
    """Each team takes its workstream and closes it; then the supervisor closes the case."""
    db, clock = container.database, container.clock
    with db.reader() as uow:
        view = cases.read_case(uow, world["supervisor"], case_id, clock, log_purpose=None)
    for ws in view.workstreams:
        agent = world[ws.team]
        take(db, clock, agent, ws.workstream_id)
        run(
            db,
            lambda uow, agent=agent, ws=ws: close_workstream(
                uow, agent, ws.workstream_id, "Done", clock
            ),
        )
    run(
        db,
        lambda uow: cases.close_case(
            uow, world["supervisor"], case_id, "Done", clock, outcome, container.catalog
        ),
    )


def test_art_5_2_a_new_erep_case_says_it_holds_one_of_the_households_three_cases(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "EREP")
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert 'Cases this insurance year <span class="article-ref">Art. 5.2</span>' in html
    assert (
        "This case holds one of your household's 3 cases of the year for “E-reputation”; it "
        "counts once the help is given." in html
    )
    dutch = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "nl"}).text
    assert "Dit dossier reserveert een van de 3 dossiers die uw gezin per verzekeringsjaar" in dutch


def test_art_5_2_a_case_closed_with_the_help_given_counts_and_says_how_it_ended(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "DATA")
    _close(container, world, case_id, CaseOutcome.SERVICE_DELIVERED)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "How it ended" in html and "The help was given" in html
    assert "This case counts as your household's only case of the year for “Data recovery”." in html
    assert "If you disagree with this decision" not in html


def test_art_5_2_a_case_beyond_the_yearly_cases_holds_none_then_ends_not_covered(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_for(container, world, "affiliate", "affiliate", "DATA")  # DATA: one case a year
    case_id = case_for(container, world, "affiliate", "affiliate", "DATA")
    login(portal_client, container, world, "affiliate")
    page = f"/portal/cases/{case_id}"
    html = portal_client.get(page, params={"lang": "en"}).text
    assert (
        "Your household's cases of the year for “Data recovery” were all used when this case "
        "was accepted, so this case holds none" in html
    )
    _close(container, world, case_id, CaseOutcome.NOT_COVERED)
    html = portal_client.get(page, params={"lang": "en"}).text
    assert "Decision: Not covered by the terms" in html
    assert (
        "This case does not count against your household's cases of the year for "
        "“Data recovery”." in html
    )
    assert "If you disagree with this decision, you may complain:" in html  # Art. 10.1
    assert "Ombudsman des Assurances" in html


def test_art_10_1_the_complaints_path_is_stated_once_for_a_declined_claim_of_a_case_not_covered(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id = case_for(container, world, "affiliate", "affiliate", "PAYF")
    claim = payf_claim(container, world, "affiliate", case_id, 30_000, bank_refused=False)
    handler_declines(container, world, claim.claim_id)
    _close(container, world, case_id, CaseOutcome.NOT_COVERED)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "How it ended" in html and "Not covered by the terms" in html
    assert "Decision: Not accepted" in html
    assert html.count("Ombudsman des Assurances") == 1  # with the claim's decision
