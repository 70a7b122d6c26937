"""Issue 14, the member's report journey: help first (Art. 8.4), documents afterwards as a task
with reminders (Art. 8.3), a result page per kind of case (Art. 8.4, 10.1), what each guarantee
has left before the form (Art. 5), the household's verified account remembered, and forms that
keep what was typed and say each error with its field.

The Peeters household of tests/web/test_report.py: An the affiliate, Dina (12) her daughter.
Today is Friday 27 November 2026, 11:00 in Brussels (10:00 UTC).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.claims import decide
from cybercare.claims.domain import MAX_EVIDENCE_BYTES, HandlerOutcome
from cybercare.claims.drafts.service import purge_expired_drafts
from cybercare.claims.evidence_reminders import send_evidence_reminders
from cybercare.db.tables import (
    AuditEvent,
    CaseRow,
    ClaimRow,
    EvidenceRow,
    OutboxMessage,
    PersonRow,
    ReportDraftFileRow,
)
from cybercare.db.tables.payments import PayoutAccountRow
from cybercare.identity.service import create_staff_user
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import household_world
from tests.web.accounts import give_password, member_login, sign_in_as, staff_login
from tests.web.conftest import csrf_of
from tests.web.test_report import (
    IBAN,
    PDF,
    answers,
    count,
    details,
    documents,
    euros,
    send,
    text,
)

OTHER_IBAN = "BE68539007547034"
URGENT_HARASSMENT = {
    "person_id": "per_minor",
    "urgency": "ongoing_harassment",
    "narrative": "Classmates share photos of Dina and insult her, it is going on right now",
}


@pytest.fixture
def member(portal_client: TestClient, container: Container) -> TestClient:
    """An, the affiliate, signed in."""
    sign_in_as(portal_client, member_login(container, "affiliate"), container.clock)
    return portal_client


def claim_row(container: Container) -> ClaimRow:
    with container.database.reader() as uow:
        row = uow.session.scalars(select(ClaimRow)).one()
        uow.session.expunge(row)  # read after the reader closes
    return row


def urgent_report_without_documents(member: TestClient) -> str:
    """Dina's urgent e-reputation report, sent without any file: the case's result page."""
    answer = send(member, "erep", answers("erep", **URGENT_HARASSMENT), files=[])
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def handler(container: Container) -> object:
    with container.database.uow() as uow:
        principal = create_staff_user(
            uow,
            email="handler@cybercare.example",
            display_name="Handler",
            roles=["claims_handler"],
            clock=container.clock,
            actor="test",
        )
        uow.commit()
    return principal


def handler_decides(container: Container, outcome: HandlerOutcome, payable_cents: int) -> None:
    claim_id = claim_row(container).id
    principal = handler(container)
    with container.database.uow() as uow:
        decide.decide_claim(
            uow,
            principal,  # type: ignore[arg-type]
            claim_id,
            decide.HandlerDecision(
                outcome, payable_cents, "checked", change_reason="the seller refunded part"
            ),
            container.catalog,
            container.clock,
        )
        uow.commit()


def with_profile_phone(container: Container, person_id: str, phone: str) -> None:
    """The phone number the member keeps in their profile."""
    with container.database.uow() as uow:
        row = uow.session.get(PersonRow, person_id)
        assert row is not None
        row.phone = phone
        uow.commit()


def with_verified_account(container: Container, iban: str = IBAN) -> None:
    """A handler approved this account for the household on an earlier payout."""
    with container.database.uow() as uow:
        uow.session.add(
            PayoutAccountRow(
                household_id="hh_test",
                iban=iban,
                holder_name="An Peeters",
                approved_by="user:handler",
                approved_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
            )
        )
        uow.commit()


# --- urgent reports: help first, documents afterwards (Art. 8.3, 8.4) -----------------------------


def test_art_8_4_an_urgent_harassment_report_for_a_child_is_sent_without_evidence(
    member: TestClient, container: Container
) -> None:
    page = details(member, "erep", answers("erep", **URGENT_HARASSMENT))
    assert "send it now, with or without documents" in text(page.text)
    location = urgent_report_without_documents(member)
    shown = text(member.get(location + "?lang=en").text)
    assert "Help is on its way" in shown
    assert "Claim accepted" not in shown and "€0.00" not in shown
    assert "Your file is not complete yet" in shown and "Add the documents" in shown
    with container.database.reader() as uow:
        case = uow.session.scalars(select(CaseRow)).one()
        found = (case.person_id, case.urgent, case.urgency_reason)
    assert found == (
        "per_minor",
        True,
        "ongoing_harassment",
    )
    claim = claim_row(container)
    assert (claim.status, claim.guarantee) == ("incomplete", "EREP")


def test_art_8_3_the_evidence_task_shows_on_the_case_page_and_completes_the_claim(
    member: TestClient, container: Container
) -> None:
    urgent_report_without_documents(member)
    claim = claim_row(container)
    case_page = member.get(f"/portal/cases/{claim.case_id}?lang=en")
    assert "To do: add the missing documents" in text(case_page.text)
    assert f'href="/portal/claims/{claim.id}/evidence"' in case_page.text
    form = member.get(f"/portal/claims/{claim.id}/evidence?lang=en")
    assert form.status_code == 200
    assert "Links to or screenshots of the material" in text(form.text)
    assert f'data-max-bytes="{MAX_EVIDENCE_BYTES}"' in form.text
    answer = member.post(
        f"/portal/claims/{claim.id}/evidence",
        data={"csrf_token": csrf_of(form.text)},
        files=documents("erep"),
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith(f"/portal/cases/{claim.case_id}")
    assert claim_row(container).status == "decided"
    with container.database.reader() as uow:
        actions = set(uow.session.scalars(select(AuditEvent.action)))
    assert "claim.evidence_added" in actions


def test_art_8_3_an_empty_evidence_form_is_a_field_error(
    member: TestClient, container: Container
) -> None:
    urgent_report_without_documents(member)
    claim = claim_row(container)
    form = member.get(f"/portal/claims/{claim.id}/evidence?lang=en")
    answer = member.post(
        f"/portal/claims/{claim.id}/evidence",
        data={"csrf_token": csrf_of(form.text)},
        files=[("evidence.links_or_screenshots", ("", b"", "application/octet-stream"))],
    )
    assert answer.status_code == 422
    assert "Choose at least one document to send." in text(answer.text)
    assert claim_row(container).status == "incomplete"


def test_art_11_3_a_member_cannot_add_documents_to_another_households_claim(
    member: TestClient, container: Container
) -> None:
    page = member.get("/portal/report?lang=en")
    answer = member.post(
        "/portal/claims/clm_of_someone_else/evidence",
        data={"csrf_token": csrf_of(page.text)},
        files=documents("erep"),
    )
    assert answer.status_code == 404
    assert member.get("/portal/claims/clm_of_someone_else/evidence").status_code == 404


def test_art_8_3_the_member_is_reminded_of_missing_documents_on_the_clock_once_per_step(
    member: TestClient, container: Container
) -> None:
    urgent_report_without_documents(member)
    clock = FixedClock(container.clock.now())
    portal = "https://cybercare.example"

    def remind() -> int:
        with container.database.uow() as uow:
            sent = send_evidence_reminders(uow, container.catalog, clock, portal_url=portal)
            uow.commit()
        return sent

    assert remind() == 0  # nothing before two days
    clock.advance(timedelta(days=2))
    assert remind() == 1
    assert remind() == 0  # the same step is never sent twice
    with container.database.reader() as uow:
        mails = [(m.dedupe_key, m.payload) for m in uow.session.scalars(select(OutboxMessage))]
        clause = uow.session.scalars(
            select(AuditEvent.clause).where(AuditEvent.action == "claim.evidence_reminded")
        ).one()
    reminder = next(p for key, p in mails if key.startswith("email:evidence-reminder:"))
    assert reminder["to"] == "affiliate@peeters.example"  # the parent who reported
    assert reminder["language"] == "en"  # the language the report was made in
    assert "Art. 8.3" in reminder["text"]
    assert f"{portal}/portal/cases/" in reminder["text"]
    assert clause == "Art. 8.3"


def test_a_report_that_is_not_urgent_still_needs_its_documents(
    member: TestClient, container: Container
) -> None:
    answer = send(member, "erep", answers("erep", person_id="per_minor"), files=[])
    assert answer.status_code == 422
    assert "Art. 8.3" in answer.text
    assert count(container, CaseRow) == 0


# --- the result page per kind of case (Art. 8.4, 10.1) -------------------------------------------


def test_art_8_4_the_assistance_result_says_who_calls_by_when_and_on_which_number(
    member: TestClient, container: Container
) -> None:
    with_profile_phone(container, "per_affiliate", "+32470123456")
    location = urgent_report_without_documents(member)
    shown = text(member.get(location + "?lang=en").text)
    # Urgent: one hour from 10:00 in Brussels, on the number of An's profile.
    assert "Help is on its way: we call you before 11:00 on +32 470 12 34 56." in shown
    assert "Who helps you:" in shown
    assert "ombudsman" not in shown.lower()


def test_art_8_4_a_paid_claim_says_the_amount_and_the_account_end_in_the_pages_language(
    member: TestClient, container: Container
) -> None:
    with_verified_account(container)
    answer = send(member, "ecom", answers("ecom", kind="non_delivery", account="saved"))
    assert answer.status_code == 303, answer.text
    english = text(member.get(answer.headers["location"] + "?lang=en").text)
    assert f"{euros(40_000)} is on its way to your account ending 6769" in english
    assert "€400.00" in english
    french = text(member.get(answer.headers["location"] + "?lang=fr").text)
    assert "400,00 €" in french.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("outcome", "payable", "says"),
    [
        (HandlerOutcome.PARTIALLY_ACCEPTED, 100_000, "We pay €1,000.00 of the €1,500.00"),
        (HandlerOutcome.DECLINED, 0, "We do not pay this claim"),
    ],
)
def test_art_10_1_a_partial_or_declined_claim_gives_its_reasons_and_the_complaints_path(
    member: TestClient,
    container: Container,
    outcome: HandlerOutcome,
    payable: int,
    says: str,
) -> None:
    answer = send(member, "ecom", answers("ecom", kind="non_delivery", amount="1500.00"))
    assert answer.status_code == 303, answer.text
    handler_decides(container, outcome, payable)
    page = member.get(answer.headers["location"] + "?lang=en")
    shown = text(page.text)
    assert says in shown
    assert "Reasons for the decision" in shown
    assert "If you disagree with this decision" in shown and "Art. 10.1" in shown
    assert "ombudsman" in shown.lower()


# --- before the form: what is left this insurance year (Art. 5) ----------------------------------


def test_art_5_each_guarantee_shows_what_is_left_and_the_straight_through_ceiling(
    member: TestClient,
) -> None:
    shown = text(member.get("/portal/report?lang=en").text)
    assert "Money left this insurance year €5,000.00 of €5,000" in shown
    assert "Cases left this insurance year 3 of 3" in shown
    assert "an amount up to €1,000.00, with every document, is decided and paid at once" in shown


def test_art_5_2_an_exhausted_guarantee_says_so_before_the_form_and_still_offers_help(
    member: TestClient, container: Container
) -> None:
    for n in range(3):
        data = answers(
            "erep",
            narrative=f"Insults online, wave {n}",
            occurrence_date=f"2026-0{n + 1}-10",
            discovery_date=f"2026-0{n + 1}-12",
        )
        assert send(member, "erep", data).status_code == 303
    shown = text(member.get("/portal/report?lang=en").text)
    assert "is reached for this insurance year" in shown
    assert "Cases left this insurance year 0 of 3" in shown
    assert "Our teams still help you" in shown


# --- the household's verified account ----------------------------------------------------------


def test_the_verified_account_is_prefilled_masked_and_paid_into(
    member: TestClient, container: Container
) -> None:
    with_verified_account(container)
    form = member.get("/portal/report/ecom?lang=en")
    assert "BE•• •••• •••• 6769" in form.text and IBAN not in form.text
    assert "Use another account" in form.text
    # A tampered IBAN beside the saved choice changes nothing: the server reads the account.
    data = answers("ecom", kind="non_delivery", account="saved", iban=OTHER_IBAN)
    answer = send(member, "ecom", data)
    assert answer.status_code == 303, answer.text
    assert claim_row(container).payee_iban == IBAN


def test_another_account_goes_through_the_payee_check(
    member: TestClient, container: Container
) -> None:
    with_verified_account(container)
    data = answers("ecom", kind="non_delivery", account="new", iban=OTHER_IBAN)
    answer = send(member, "ecom", data)
    assert answer.status_code == 303, answer.text
    shown = text(member.get(answer.headers["location"] + "?lang=en").text)
    assert "once a handler has checked this new account" in shown


def test_the_saved_account_cannot_be_chosen_when_the_household_has_none(
    member: TestClient, container: Container
) -> None:
    answer = details(member, "ecom", answers("ecom", kind="non_delivery", account="saved"))
    assert answer.status_code == 422
    assert 'href="#f-account"' in answer.text
    assert count(container, CaseRow) == 0


# --- forms -------------------------------------------------------------------------------------


def test_each_error_of_the_summary_names_its_field_and_amounts_follow_the_locale(
    member: TestClient,
) -> None:
    answer = details(
        member, "ecom", answers("ecom", kind="non_delivery", discovery_date="", amount="abc")
    )
    assert answer.status_code == 422
    shown = text(answer.text)
    assert "When did you discover it? : Enter the date you discovered the incident." in shown
    assert "for example €49.99" in shown
    member.get("/portal/report?lang=fr")
    french = details(member, "ecom", answers("ecom", kind="non_delivery", amount="abc"))
    assert "49,99" in text(french.text) and "€49.99" not in french.text


def test_a_file_too_large_is_checked_in_the_browser_and_again_on_the_server(
    member: TestClient, container: Container
) -> None:
    page = details(member, "ecom", answers("ecom", kind="non_delivery"))
    assert f'data-max-bytes="{MAX_EVIDENCE_BYTES}"' in page.text
    assert "forms.js" in page.text
    files = documents("ecom", "non_delivery")
    files[0] = (files[0][0], ("order.pdf", PDF + b"0" * MAX_EVIDENCE_BYTES, "application/pdf"))
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"), files)
    assert answer.status_code == 422
    assert count(container, CaseRow) == 0


# --- drafts: a failed submit keeps the files already received ------------------------------------


def draft_of(html: str) -> str:
    found = re.search(r'name="draft" value="([^"]+)"', html)
    assert found, "the page carries the draft"
    return found[1]


def refused_with_a_wrong_file(member: TestClient) -> tuple[str, list[Any]]:
    """An ECOM report whose second document is not a PDF: refused, the others kept."""
    files = documents("ecom", "non_delivery")
    good = list(files)
    files[1] = (files[1][0], ("tool.exe", b"MZ\x90\x00", "application/x-msdownload"))
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"), files)
    assert answer.status_code == 422
    return answer.text, good


def test_a_failed_submit_keeps_every_choice_and_every_file_already_received(
    member: TestClient, container: Container
) -> None:
    page, good = refused_with_a_wrong_file(member)
    shown = text(page)
    for _field, (name, _content, _media) in good[:1] + good[2:]:
        assert f"{name} (already received)" in shown
    assert 'name="kind" value="non_delivery"' in page  # the choices are carried
    data = answers("ecom", kind="non_delivery")
    answer = member.post(
        "/portal/report/ecom/send",
        data={**data, "draft": draft_of(page), "csrf_token": csrf_of(page)},
        files=[good[1]],  # only the document that was refused
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    with container.database.reader() as uow:
        kept = sorted(uow.session.scalars(select(EvidenceRow.filename)))
    assert kept == sorted(name for _field, (name, _content, _media) in good)


def test_another_households_draft_is_never_used(member: TestClient, container: Container) -> None:
    page, _good = refused_with_a_wrong_file(member)
    theirs = draft_of(page)
    other = household_world(container.database, container.clock, suffix="_x", with_staff=False)
    login = give_password(container, other["affiliate"].user_id)
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        client.cookies.set("cc_lang", "en")
        sign_in_as(client, login, container.clock)
        data = answers("ecom", kind="non_delivery", person_id="per_affiliate_x")
        answer = send(client, "ecom", data, files=[], draft=theirs)
    assert answer.status_code == 422
    assert "Art. 8.3" in answer.text and "(already received)" not in answer.text
    assert count(container, CaseRow) == 0


def test_a_draft_expires_on_the_clock(member: TestClient, container: Container) -> None:
    page, _good = refused_with_a_wrong_file(member)
    draft = draft_of(page)
    container.clock.advance(timedelta(hours=3))  # type: ignore[attr-defined]
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"), files=[], draft=draft)
    assert answer.status_code == 422
    assert "(already received)" not in answer.text


def test_the_daily_job_forgets_expired_drafts(member: TestClient, container: Container) -> None:
    refused_with_a_wrong_file(member)
    assert count(container, ReportDraftFileRow) == 2  # the two documents that were right
    later = FixedClock(container.clock.now() + timedelta(hours=2, minutes=1))
    with container.database.uow() as uow:
        assert purge_expired_drafts(uow, later) == 2
        uow.commit()
    assert count(container, ReportDraftFileRow) == 0


def test_art_8_3_the_agent_sees_the_evidence_task_on_the_case(
    member: TestClient, container: Container
) -> None:
    urgent_report_without_documents(member)
    case_id = claim_row(container).case_id
    agent = staff_login(container, "legal@cybercare.example", roles=("legal",))
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        client.cookies.set("cc_lang", "en")
        sign_in_as(client, agent, container.clock)
        shown = text(client.get(f"/staff/cases/{case_id}").text)
    assert "Task: documents the member still has to send" in shown
    assert "Links to or screenshots of the material" in shown
