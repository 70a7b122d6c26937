"""Reporting an incident from the portal (Art. 8.1, 8.3, 8.4): the guided flow per guarantee,
its documents, the decision shown at once when straight through, the handler otherwise, and the
refusals (documents, dates, people outside what the member may report for, CSRF).

The Peeters household (tests/assistance/builders.py): An is the affiliate, Dina (12) her daughter,
Cas (26) her adult son, Frank a housemate who is not insured (Art. 2.3). Today is 27 November 2026.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from cybercare.bootstrap import Container
from cybercare.claims.domain import MAX_EVIDENCE_BYTES
from cybercare.cover.service import household_pots
from cybercare.db.tables import AffiliationRow, CaseRow, ClaimRow
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import InvalidInput
from cybercare.policy import repository as policies
from cybercare.policy.domain import withdraw
from cybercare.product.catalog import reference_product
from cybercare.web.formatting import money
from cybercare.web.report_spec import UNKNOWN, ReportSpec
from tests.web.accounts import member_login, sign_in_as, staff_login
from tests.web.conftest import csrf_of

PRODUCT = reference_product()
IBAN = "BE71096123456769"
PDF = b"%PDF-1.4 evidence\n"
YES_NO_QUESTIONS = ("seller_professional", "written_claim_sent", "bank_refused_definitively")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def member(portal_client: TestClient, container: Container) -> TestClient:
    """An, the affiliate, signed in."""
    sign_in_as(portal_client, member_login(container, "affiliate"), container.clock)
    return portal_client


def person(container: Container, name: str) -> str:
    return f"per_{name[:10]}"


def spec_of(slug: str) -> ReportSpec:
    return ReportSpec(PRODUCT, None if slug == UNKNOWN else PRODUCT.guarantee(slug.upper()))


def answers(slug: str, *, kind: str | None = None, **changes: Any) -> dict[str, Any]:
    """A complete details step for the guarantee: every question answered as a covered incident
    (An herself, discovered a week ago, every prevention rule followed)."""
    spec = spec_of(slug)
    data: dict[str, Any] = {
        "person_id": "per_affiliate",
        "narrative": "I ordered a bike helmet online; it never came.",
        "occurrence_date": "2026-09-25",
        "discovery_date": "2026-11-20",
        "urgency": "none",
    }
    for name in spec.field_names():
        if name == "kind":
            data[name] = kind or spec.kinds[0].code
        elif name == "amount":
            data[name] = "400,00" if spec.amount_required else ""
        elif name == "iban":
            data[name] = IBAN
        elif name == "holder":
            data[name] = "An Peeters"
        elif name == "payment_date":
            data[name] = "2026-09-25"
        elif name == "promised_delivery_date":
            data[name] = "2026-10-01"
        elif name == "data_loss_cause":
            data[name] = "device_damage"
        elif name.startswith("obligation.") or name in YES_NO_QUESTIONS:
            data[name] = "yes"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def details(client: TestClient, slug: str, data: dict[str, Any]) -> Response:
    page = client.get(f"/portal/report/{slug}")
    assert page.status_code == 200, page.text
    return client.post(
        f"/portal/report/{slug}",
        data={**data, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def documents(slug: str, kind: str | None = None) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        (f"evidence.{e.code}", (f"{e.code}.pdf", PDF + e.code.encode(), "application/pdf"))
        for e in spec_of(slug).evidence(kind)
    ]


def send(
    client: TestClient,
    slug: str,
    data: dict[str, Any],
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    **extra: str,
) -> Response:
    """The details step, then the documents step sent with `files` (default: every document)."""
    page = details(client, slug, data)
    assert page.status_code == 200, page.text
    kind = data.get("kind")
    return client.post(
        f"/portal/report/{slug}/send",
        data={**data, **extra, "csrf_token": csrf_of(page.text)},
        files=documents(slug, kind) if files is None else files,
        follow_redirects=False,
    )


def euros(cents: int) -> str:
    return re.sub(r"\s+", " ", money(cents, "en"))


def count(container: Container, table: Any) -> int:
    with container.database.reader() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def file_fields(html: str) -> set[str]:
    return set(re.findall(r'<input id="[^"]+" name="([^"]+)" type="file"', html))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. what happened --------------------------------------------------------------------------


def test_the_choice_shows_each_guarantee_of_the_product_with_its_article_and_i_dont_know(
    member: TestClient,
) -> None:
    page = member.get("/portal/report?lang=en")
    assert page.status_code == 200
    for guarantee in PRODUCT.guarantees:
        assert f'href="/portal/report/{guarantee.code.lower()}"' in page.text
        assert guarantee.label.en in page.text
        assert str(guarantee.article) in page.text
    assert 'href="/portal/report/unknown"' in page.text
    assert "I don't know what applies" in page.text
    assert 'aria-current="page"' in page.text and 'href="/portal/report"' in page.text


def test_the_choice_reads_in_the_members_language(member: TestClient) -> None:
    page = member.get("/portal/report?lang=fr")
    assert PRODUCT.guarantee("ECOM").label.fr in page.text
    assert "Déclarer un incident" in page.text


def test_a_household_without_cover_in_force_cannot_report_online(
    member: TestClient, container: Container
) -> None:
    """An affiliation withdrawn from its start never covered a day: nothing to report on (one
    that ended after covering days still takes reports of its incidents, Art. 3.4:
    tests/web/test_report_incident_date.py)."""
    with container.database.uow() as uow:
        for row in uow.session.scalars(select(AffiliationRow)):
            loaded = policies.load(uow, row.id, for_update=True)
            never = withdraw(loaded.affiliation, loaded.affiliation.start_date, Art("9.3"))
            policies.save_affiliation(uow, never.affiliation, today=container.clock.today())
        uow.commit()
    page = member.get("/portal/report?lang=en")
    assert "no insurance in force" in page.text
    assert 'href="/portal/report/ecom"' not in page.text
    answer = member.get("/portal/report/ecom", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/portal/report")


def test_a_suspended_cover_is_said_before_reporting(
    member: TestClient, container: Container
) -> None:
    with container.database.uow() as uow:
        for row in uow.session.scalars(select(AffiliationRow)):
            row.status = "suspended"
        uow.commit()
    page = text(member.get("/portal/report?lang=en").text)
    assert "Your cover is suspended" in page and "Art. 9.6" in page


def test_a_signed_out_visitor_is_sent_to_sign_in_and_staff_are_refused(
    portal_client: TestClient, container: Container
) -> None:
    answer = portal_client.get("/portal/report/ecom", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")
    sign_in_as(portal_client, staff_login(container), container.clock)
    assert portal_client.get("/portal/report").status_code == 403


# --- 2. the details and 3. the documents ---------------------------------------------------------

CASES = [("ecom", "non_delivery"), ("ecom", "non_conforming")] + [
    (g.code.lower(), None) for g in PRODUCT.guarantees if g.code != "ECOM"
]


@pytest.mark.parametrize(("slug", "kind"), CASES)
def test_each_guarantee_asks_exactly_its_art_8_3_documents(
    member: TestClient, slug: str, kind: str | None
) -> None:
    page = details(member, slug, answers(slug, kind=kind))
    assert page.status_code == 200, page.text
    expected = {f"evidence.{e.code}" for e in PRODUCT.guarantee(slug.upper()).evidence_for(kind)}
    assert file_fields(page.text) == expected
    for evidence in PRODUCT.guarantee(slug.upper()).evidence_for(kind):
        assert evidence.label.en in html.unescape(page.text)
    if slug == "ecom":
        assert ("evidence.photos" in expected) is (kind == "non_conforming")


def test_i_dont_know_asks_no_document_and_no_guarantee_question(member: TestClient) -> None:
    form = member.get("/portal/report/unknown")
    assert 'name="obligation.' not in form.text and 'name="amount"' not in form.text
    page = details(member, UNKNOWN, answers(UNKNOWN))
    assert page.status_code == 200
    assert file_fields(page.text) == set()


def test_the_details_ask_the_questions_of_the_guarantees_conditions_and_obligations(
    member: TestClient,
) -> None:
    ecom = member.get("/portal/report/ecom?lang=en").text
    for name in ("seller_professional", "written_claim_sent", "payment_date", "amount", "iban"):
        assert f'name="{name}"' in ecom
    for obligation in PRODUCT.obligations.items:
        assert (f'name="obligation.{obligation.code}"' in ecom) is ("ECOM" in obligation.guarantees)
    payf = member.get("/portal/report/payf").text
    assert 'name="bank_refused_definitively"' in payf and 'name="seller_professional"' not in payf
    data = member.get("/portal/report/data").text
    assert 'value="device_damage"' in data and 'value="other"' in data


def test_missing_answers_and_dates_in_the_future_are_field_errors(member: TestClient) -> None:
    member.get("/portal/report?lang=nl")  # An reads Dutch
    data = answers("ecom", discovery_date="2026-11-28", seller_professional=None, narrative=" ")
    page = details(member, "ecom", data)
    assert page.status_code == 422
    shown = text(page.text)
    assert 'aria-invalid="true"' in page.text
    assert "De datum mag niet in de toekomst liggen." in shown
    assert 'href="#f-discovery_date"' in page.text
    assert 'href="#f-seller_professional"' in page.text
    assert 'href="#f-narrative"' in page.text
    assert 'value="400,00"' in page.text  # what was typed is kept


def test_change_the_details_goes_back_to_them_as_they_were_typed(member: TestClient) -> None:
    data = answers("ecom", kind="non_delivery", narrative="Helmet never came")
    page = details(member, "ecom", data)
    back = member.post(
        "/portal/report/ecom/edit",
        data={**data, "csrf_token": csrf_of(page.text)},
        files=documents("ecom", "non_delivery"),
    )
    assert back.status_code == 200
    assert ">Helmet never came</textarea>" in back.text
    assert re.search(r'value="non_delivery"[^>]* checked', back.text)


def test_an_amount_above_what_is_left_is_no_form_error(member: TestClient) -> None:
    page = details(member, "ecom", answers("ecom", amount="6.000,00"))
    assert page.status_code == 200
    assert "documents" in page.text.lower()


def test_a_member_cannot_report_for_someone_outside_what_they_may_act_for(
    member: TestClient, container: Container
) -> None:
    form = member.get("/portal/report/ecom").text
    offered = set(re.findall(r'name="person_id" value="([^"]+)"', form))
    assert offered == {"per_affiliate", "per_minor"}  # An and Dina, whom she represents
    for outsider in ("per_adult_chi", "per_housemate", "per_somebody_else"):
        page = details(member, "ecom", answers("ecom", person_id=outsider))
        assert page.status_code == 422
        assert 'href="#f-person_id"' in page.text
    # Nor by changing the carried value on the last step.
    page = details(member, "ecom", answers("ecom"))
    tampered = member.post(
        "/portal/report/ecom/send",
        data={**answers("ecom", person_id="per_adult_chi"), "csrf_token": csrf_of(page.text)},
        files=documents("ecom", "non_delivery"),
        follow_redirects=False,
    )
    assert tampered.status_code == 422
    assert count(container, CaseRow) == 0


# --- refusals of documents -----------------------------------------------------------------------


def test_a_missing_document_names_the_art_8_3_item_and_nothing_is_written(
    member: TestClient, container: Container
) -> None:
    member.get("/portal/report?lang=nl")
    files = [f for f in documents("ecom", "non_delivery") if "written" not in f[0]]
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"), files)
    assert answer.status_code == 422
    assert "Art. 8.3" in answer.text
    assert "Schriftelijke klacht aan de verkoper" in text(answer.text)
    assert 'href="#f-evidence-written_claim_to_seller"' in answer.text
    assert count(container, CaseRow) == 0


def test_a_file_too_large_is_refused(member: TestClient, container: Container) -> None:
    files = documents("ecom", "non_delivery")
    big = PDF + b"0" * MAX_EVIDENCE_BYTES
    files[0] = (files[0][0], ("order.pdf", big, "application/pdf"))
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"), files)
    assert answer.status_code == 422
    assert "order.pdf" in answer.text and "10 MB" in answer.text
    assert count(container, CaseRow) == 0


@pytest.mark.parametrize(
    ("name", "content", "media"),
    [
        ("tool.exe", b"MZ\x90\x00", "application/x-msdownload"),
        ("photo.pdf", PNG, "application/pdf"),  # the content is not what it says
        ("empty.pdf", b"", "application/pdf"),
    ],
)
def test_a_file_of_a_wrong_type_is_refused(
    member: TestClient, container: Container, name: str, content: bytes, media: str
) -> None:
    files = documents("ecom", "non_delivery")
    files[1] = (files[1][0], (name, content, media))
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"), files)
    assert answer.status_code == 422
    assert name in answer.text
    assert count(container, CaseRow) == 0


def test_a_photo_whose_browser_sent_no_type_is_recognised_by_its_extension(
    member: TestClient, container: Container
) -> None:
    files = documents("ecom", "non_conforming")
    files[-1] = ("evidence.photos", ("helmet.png", PNG, "application/octet-stream"))
    answer = send(member, "ecom", answers("ecom", kind="non_conforming"), files)
    assert answer.status_code == 303, answer.text


# --- 4. sending: straight through, or a handler ------------------------------------------------


def test_straight_through_ecom_non_delivery_shows_the_decision_and_the_pot_going_down(
    member: TestClient, container: Container
) -> None:
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"))
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("/portal/report/sent/case_")
    page = member.get(location + "?lang=en")
    assert page.status_code == 200
    shown = text(page.text)
    assert "Your claim is decided" in shown
    assert "Claim accepted" in shown
    assert f"Amount we pay {euros(40_000)}" in shown
    assert "Art. 5" in shown  # the reason: within the yearly limit
    assert "within what was left in the yearly limit" in shown
    assert f"Left before this decision: {euros(500_000)}. Left after it: {euros(460_000)}." in shown
    assert f"Used this year {euros(40_000)}" in shown
    assert f"Left this year {euros(460_000)}" in shown
    # Nothing was refused: the complaints path of Art. 10.1 is a link, not the ombudsman block.
    assert "Art. 10.1" in shown and 'href="/product#complaints"' in page.text
    assert "ombudsman" not in shown.lower()
    assert f"{euros(40_000)} goes to your account ending 6769 once a handler has checked" in shown
    assert IBAN not in page.text  # the account shows masked
    assert f'href="/portal/cases/{location.rsplit("/", 1)[1]}"' in page.text
    with container.database.reader() as uow:
        claim = uow.session.scalars(select(ClaimRow)).one()
        assert (claim.status, claim.outcome, claim.payable_cents) == ("decided", "accepted", 40_000)
        pots = household_pots(uow, claim.affiliation_id, container.catalog, container.clock.today())
    online = next(p for p in pots if p.pot == "ONLINE_PURCHASE_POT")
    assert (online.used_cents, online.left_cents, online.cases_used) == (40_000, 460_000, 1)


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"seller_professional": "no"}, "engine.proposes_decline"),  # Art. 4.5
        ({"amount": "1500.00"}, "claims.above_auto_pay_ceiling"),
        ({"obligation.pays_on_secure_pages": "no"}, "engine.needs_review"),  # Art. 7.2
    ],
)
def test_a_claim_not_straight_through_goes_to_a_handler_and_is_never_declined_by_itself(
    member: TestClient, container: Container, changes: dict[str, str], why: str
) -> None:
    answer = send(member, "ecom", answers("ecom", kind="non_delivery", **changes))
    assert answer.status_code == 303, answer.text
    page = member.get(answer.headers["location"] + "?lang=en")
    shown = text(page.text)
    assert "We have received your report" in shown
    assert "A claims handler looks at your file and decides" in shown
    assert "Claim declined" not in shown and "Claim accepted" not in shown
    assert "within 1 working day" in shown and "within 1 hour" in shown
    assert "30 days of a complete file" in shown
    with container.database.reader() as uow:
        claim = uow.session.scalars(select(ClaimRow)).one()
        assert (claim.status, claim.queue_reason, claim.payable_cents) == ("in_review", why, 0)


def test_an_urgent_identity_theft_promises_a_first_contact_within_the_hour(
    member: TestClient, container: Container
) -> None:
    data = answers("idt", urgency="distress", narrative="Someone took a loan in my name")
    answer = send(member, "idt", data)
    assert answer.status_code == 303, answer.text
    shown = text(member.get(answer.headers["location"] + "?lang=en").text)
    assert "Your report is urgent." in shown
    assert "contacts you by 27 November 2026, 11:00 at the latest" in shown  # 10:00 UTC
    with container.database.reader() as uow:
        case = uow.session.scalars(select(CaseRow)).one()
        claim = uow.session.scalars(select(ClaimRow)).one()
        assert (case.guarantee_code, case.urgent, case.urgency_reason, case.channel) == (
            "IDT",
            True,
            "distress",
            "portal",
        )
        assert (claim.guarantee, claim.claimed_cents) == ("IDT", 0)


def test_a_parent_reports_for_the_minor_she_represents(
    member: TestClient, container: Container
) -> None:
    """Art. 2.4: Dina (12) is insured; An acts as her legal representative."""
    data = answers("erep", person_id="per_minor", narrative="Classmates post photos of Dina")
    answer = send(member, "erep", data)
    assert answer.status_code == 303, answer.text
    shown = text(member.get(answer.headers["location"] + "?lang=en").text)
    # An assistance case: help on its way, never "Claim accepted — €0.00" (issue 14).
    assert "Help is on its way" in shown and "Claim accepted" not in shown
    assert "with their legal representative" in shown and "Art. 2.4" in shown
    assert "Left this year" in shown  # EREP_POT: one of its three cases used
    with container.database.reader() as uow:
        case = uow.session.scalars(select(CaseRow)).one()
        assert (case.person_id, case.guarantee_code) == ("per_minor", "EREP")


def test_i_dont_know_opens_a_case_without_guarantee_for_an_agent_to_triage(
    member: TestClient, container: Container
) -> None:
    answer = send(member, UNKNOWN, answers(UNKNOWN, narrative="Strange messages on my phone"))
    assert answer.status_code == 303, answer.text
    shown = text(member.get(answer.headers["location"] + "?lang=en").text)
    assert "An agent reads your report" in shown
    assert "contacts you by 30 November 2026" in shown  # Friday 27th + 1 working day: Monday
    with container.database.reader() as uow:
        case = uow.session.scalars(select(CaseRow)).one()
        assert (case.guarantee_code, case.status) == (None, "open")
    assert count(container, ClaimRow) == 0


def test_the_assistance_line_opens_a_case_without_claim(
    member: TestClient, container: Container
) -> None:
    answer = send(member, "assist", answers("assist"))
    assert answer.status_code == 303, answer.text
    assert (count(container, CaseRow), count(container, ClaimRow)) == (1, 0)


def test_a_possible_duplicate_is_shown_before_the_member_confirms(
    member: TestClient, container: Container
) -> None:
    first = send(member, "ecom", answers("ecom", kind="non_delivery"))
    first_case = first.headers["location"].rsplit("/", 1)[1]
    data = answers("ecom", kind="non_delivery", occurrence_date="2026-09-26")
    page = details(member, "ecom", data)
    assert page.status_code == 200
    assert f'href="/portal/cases/{first_case}"' in page.text
    assert f'name="confirm_duplicate" value="{first_case}"' in page.text
    refused = member.post(
        "/portal/report/ecom/send",
        data={**data, "csrf_token": csrf_of(page.text)},
        files=documents("ecom", "non_delivery"),
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert 'href="#f-confirm_duplicate"' in refused.text
    assert count(container, CaseRow) == 1
    confirmed = member.post(
        "/portal/report/ecom/send",
        data={**data, "confirm_duplicate": first_case, "csrf_token": csrf_of(page.text)},
        files=documents("ecom", "non_delivery"),
        follow_redirects=False,
    )
    assert confirmed.status_code == 303, confirmed.text
    with container.database.reader() as uow:
        second = uow.session.get(CaseRow, confirmed.headers["location"].rsplit("/", 1)[1])
        assert second is not None and second.possible_duplicate_of == first_case


def test_a_duplicate_of_another_adults_case_does_not_reveal_it(
    portal_client: TestClient, container: Container
) -> None:
    """Art. 11.3: Bram's case is pointed out to An without a link, a date or its reference."""
    bram = member_login(container, "partner")
    an = member_login(container, "affiliate")
    sign_in_as(portal_client, bram, container.clock)
    mine = answers("ecom", kind="non_delivery", person_id="per_partner")
    first = send(portal_client, "ecom", mine)
    assert first.status_code == 303, first.text
    bram_case = first.headers["location"].rsplit("/", 1)[1]
    portal_client.cookies.clear()
    sign_in_as(portal_client, an, container.clock)
    page = details(portal_client, "ecom", answers("ecom", kind="non_delivery"))
    assert page.status_code == 200
    assert "already reported in your household" in page.text
    assert f"/portal/cases/{bram_case}" not in page.text
    assert portal_client.get(f"/portal/report/sent/{bram_case}").status_code == 404


def test_the_htmx_hint_points_out_a_duplicate_as_the_dates_are_typed(
    member: TestClient,
) -> None:
    send(member, "ecom", answers("ecom", kind="non_delivery"))
    form = member.get("/portal/report/ecom")
    assert 'hx-post="/portal/report/ecom/duplicate"' in form.text
    hint = member.post(
        "/portal/report/ecom/duplicate",
        data={"discovery_date": "2026-11-19", "occurrence_date": ""},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(form.text)},
    )
    assert hint.status_code == 200
    assert "/portal/cases/case_" in hint.text and "<html" not in hint.text


def test_nothing_is_half_written_when_the_claim_fails(
    member: TestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise InvalidInput("amount_claimed", "refused")

    monkeypatch.setattr("cybercare.web.routes.report.submit_claim", refuse)
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"))
    assert answer.status_code == 422
    assert 'href="#f-amount"' in answer.text
    assert count(container, CaseRow) == 0


def test_the_result_of_a_case_the_member_may_not_see_is_not_found(
    member: TestClient, container: Container, portal_client: TestClient
) -> None:
    answer = send(member, "ecom", answers("ecom", kind="non_delivery"))
    location = answer.headers["location"]
    member.cookies.clear()
    sign_in_as(member, member_login(container, "adult_child"), container.clock)
    assert member.get(location).status_code == 404
    assert member.get("/portal/report/sent/case_unknown").status_code == 404


def test_an_unknown_guarantee_is_not_found(member: TestClient) -> None:
    assert member.get("/portal/report/nothing").status_code == 404


# --- CSRF and page hygiene ------------------------------------------------------------------------


def test_the_posts_of_the_flow_need_the_csrf_token(
    member: TestClient, container: Container
) -> None:
    data = answers("ecom", kind="non_delivery")
    for path in ("/portal/report/ecom", "/portal/report/ecom/send", "/portal/report/ecom/edit"):
        missing = member.post(path, data=data, files=documents("ecom", "non_delivery"))
        assert missing.status_code == 403, path
        forged = member.post(
            path,
            data={**data, "csrf_token": "forged"},
            files=documents("ecom", "non_delivery"),
        )
        assert forged.status_code == 403, path
    assert count(container, CaseRow) == 0


def test_the_report_pages_have_no_inline_script_or_style_and_label_every_field(
    member: TestClient,
) -> None:
    form = member.get("/portal/report/ecom")
    docs = details(member, "ecom", answers("ecom", kind="non_conforming"))
    sent = member.get(send(member, "ecom", answers("ecom")).headers["location"])
    for page in (member.get("/portal/report"), form, docs, sent):
        assert page.status_code == 200
        assert "style=" not in page.text and "<style" not in page.text
        assert not re.search(
            r"<script(?![^>]*\bsrc=)[^>]*>",
            page.text.replace('<script type="application/json"', ""),
        )
        ids = set(re.findall(r'<label for="([^"]+)"', page.text))
        for control in re.findall(r"<(?:input|textarea|select)\b[^>]*>", page.text):
            if (
                'type="hidden"' in control
                or 'type="radio"' in control
                or 'type="checkbox"' in control
            ):
                continue
            found = re.search(r'id="([^"]+)"', control)
            assert found and found.group(1) in ids, control
