"""The path to a human on the pages (Art. 4.1, 8.1, 8.4, 11.3): the 24/7 line as a tap-to-call
link on every public, portal and report page, and "I need help now": the call-back form with the
member's number prefilled, its refusals as field errors, and the confirmation that says who calls
back, before when (Brussels time) and on which number. Both databases."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from cybercare.bootstrap import Container
from cybercare.db.tables import PersonRow
from cybercare.web.i18n import LANGUAGE_COOKIE
from tests.assistance.builders import World
from tests.web.conftest import csrf_of
from tests.web.portal_world import login, peeters

TEL = re.compile(r'<a class="help-line" href="tel:(\+\d+)">(.*?)</a>', re.DOTALL)
LINE = {"nl": "+3278152021", "fr": "+3278152022", "de": "+3278152023", "en": "+3278152024"}


def _with_phone(container: Container, world: World, who: str, phone: str) -> None:
    """The member's profile number (test set-up: the portal has no contact-details form yet)."""
    with container.database.uow() as uow:
        uow.session.execute(
            update(PersonRow).where(PersonRow.id == world.person(who)).values(phone=phone)
        )
        uow.commit()


def _ask(client: TestClient, **fields: str) -> object:
    token = csrf_of(client.get("/help").text)
    return client.post("/help", data={"csrf_token": token, **fields}, follow_redirects=False)


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_art_4_1_the_line_is_a_tel_link_on_every_public_page(
    web: TestClient, language: str
) -> None:
    for path in ("/", "/product", "/login"):
        html = web.get(path, params={"lang": language}).text
        found = TEL.search(html)
        assert found, f"no tel: link on {path}"
        assert found.group(1) == LINE[language]
    product = web.get("/product", params={"lang": language}).text
    assert product.count(f'href="tel:{LINE[language]}"') >= 2  # the layout and Art. 4.1


def test_art_4_1_the_line_is_a_tel_link_on_every_portal_and_report_page(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    for path in ("/", "/portal", "/portal/cases", "/portal/report", "/portal/documents", "/help"):
        html = portal_client.get(path).text
        found = TEL.search(html)
        assert found, f"no tel: link on {path}"
        assert found.group(1) == LINE["en"]
        name = re.sub(r"<[^>]+>", "", found.group(2))  # the visible text is the accessible name
        assert name == "Call the 24/7 assistance line +32 78 15 20 24"
        assert 'href="/help"' in html  # "I need help now" in the layout


def test_the_staff_pages_show_no_member_line(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "technical")
    assert 'class="help-line"' not in portal_client.get("/staff").text


def test_art_8_4_i_need_help_now_prefills_my_number_and_tells_who_calls_by_when(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    _with_phone(container, world, "affiliate", "+32470123456")
    login(portal_client, container, world, "affiliate")
    form = portal_client.get("/help").text
    assert 'value="+32 470 12 34 56"' in form
    assert "Dina Peeters, a child I represent" in form
    assert "Bram" not in form  # another adult: Art. 11.3
    sent = _ask(
        portal_client,
        phone="0470 99 88 77",
        what_is_happening="Classmates share a fake profile of my daughter",
        person_id=world.person("minor"),
        urgency_reason="distress",
        guarantee_code="EREP",
    )
    assert sent.status_code == 303  # type: ignore[attr-defined]
    page = portal_client.get(sent.headers["location"]).text  # type: ignore[attr-defined]
    # 09:00 UTC is 10:00 in Brussels: the counsellor calls before 11:00 (Art. 8.4)
    assert (
        "A counsellor of the psychological team calls you back before 11:00 on +32 470 99 88 77."
        in " ".join(page.split())
    )
    assert f'href="tel:{LINE["en"]}"' in page


def test_call_back_i_do_not_know_the_guarantee_an_agent_of_the_line_calls(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "adult_child")
    sent = _ask(
        portal_client,
        phone="+32 470 12 34 56",
        what_is_happening="Money leaves my account",
        person_id=world.person("adult_child"),
        urgency_reason="ongoing_fraud",
        guarantee_code="",
    )
    page = portal_client.get(sent.headers["location"]).text  # type: ignore[attr-defined]
    assert "An agent of the 24/7 assistance line calls you back before 11:00" in " ".join(
        page.split()
    )


def test_a_bad_phone_number_is_a_field_error_and_keeps_every_choice(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    refused = _ask(
        portal_client,
        phone="not a number",
        what_is_happening="Someone threatens me",
        person_id=world.person("affiliate"),
        urgency_reason="ongoing_harassment",
        guarantee_code="EREP",
    )
    assert refused.status_code == 422  # type: ignore[attr-defined]
    html = refused.text  # type: ignore[attr-defined]
    assert 'href="#f-phone"' in html and 'id="f-phone-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="Someone threatens me"' in html
    assert 'value="ongoing_harassment" checked' in html


def test_art_11_3_a_member_asking_for_another_adult_gets_a_field_error(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    refused = _ask(
        portal_client,
        phone="+32 470 12 34 56",
        what_is_happening="Help",
        person_id=world.person("partner"),
        urgency_reason="distress",
    )
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert 'href="#f-person_id"' in refused.text  # type: ignore[attr-defined]


def test_art_11_3_another_adult_cannot_read_my_call_back(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "adult_child")
    sent = _ask(
        portal_client,
        phone="+32 470 12 34 56",
        what_is_happening="Help",
        person_id=world.person("adult_child"),
        urgency_reason="distress",
    )
    location = sent.headers["location"]  # type: ignore[attr-defined]
    portal_client.post("/logout", data={"csrf_token": csrf_of(portal_client.get("/").text)})
    portal_client.cookies.set(LANGUAGE_COOKIE, "en", domain="testserver.local")
    login(portal_client, container, world, "affiliate")
    assert portal_client.get(location).status_code == 404


def test_i_need_help_now_asks_to_sign_in_first(web: TestClient) -> None:
    answer = web.get("/help", follow_redirects=False)
    assert answer.status_code in (302, 303)
    assert answer.headers["location"].startswith("/login")
    assert web.post("/help", data={}, follow_redirects=False).status_code in (302, 303, 403)
