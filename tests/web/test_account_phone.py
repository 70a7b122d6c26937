"""A member's own phone number on the account page (Art. 8.4, 11.3): shown, set, changed and
cleared, normalised to E.164 as the call-back does, refused with the field named when it is no
phone number, audited with the numbers masked; only the member's own person (another member's
is refused, Art. 11.3), and no phone form for staff (they have no person). The call-back form
and the report's result page link to it. Both databases through `portal_client`/`container`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from cybercare.bootstrap import Container
from cybercare.db.tables import AuditEvent, PersonRow
from cybercare.policy import profile
from cybercare.web.i18n import LANGUAGE_COOKIE, gettext
from tests.assistance.builders import World
from tests.web.accounts import member_login, sign_in_as
from tests.web.conftest import csrf_of
from tests.web.portal_world import login, peeters
from tests.web.test_report_help_first import urgent_report_without_documents

FIELD = "Enter a phone number we can call, for example 0470 12 34 56 or +32 470 12 34 56."


def _post_phone(client: TestClient, phone: str, **more: str) -> Response:
    token = csrf_of(client.get("/account").text)
    return client.post(
        "/account/phone",
        data={"csrf_token": token, "phone": phone, **more},
        follow_redirects=False,
    )


def _stored(container: Container, world: World, who: str) -> str | None:
    with container.database.reader() as uow:
        row = uow.session.get(PersonRow, world.person(who))
        assert row is not None
        return row.phone


def _phone_events(container: Container, world: World, who: str) -> list[Any]:
    """The audit events on the person: (action, actor, clause, details)."""
    with container.database.reader() as uow:
        return list(
            uow.session.execute(
                select(AuditEvent.action, AuditEvent.actor, AuditEvent.clause, AuditEvent.details)
                .where(AuditEvent.subject_type == "person")
                .where(AuditEvent.subject_id == world.person(who))
                .order_by(AuditEvent.id)
            )
        )


def test_art_8_4_a_member_sets_their_phone_number_normalised_and_audited_masked(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    page = portal_client.get("/account").text
    assert 'id="phone"' in page and "You have not given a phone number yet." in page
    answer = _post_phone(portal_client, "0470 12 34 56")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account?done=phone#phone"
    assert _stored(container, world, "affiliate") == "+32470123456"
    page = portal_client.get("/account?done=phone").text
    assert "Your phone number is saved." in page
    assert "We call you on +32 470 12 34 56." in page
    assert 'value="+32 470 12 34 56"' in page
    (event,) = _phone_events(container, world, "affiliate")
    assert event.action == "person.phone_changed"
    assert event.actor == world["affiliate"].actor
    assert event.clause == "Art. 11.3"
    assert event.details == {"old": None, "new": "+32…56"}  # no number in clear


def test_art_8_4_a_member_changes_and_then_clears_their_number(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "partner")
    assert _post_phone(portal_client, "+32 470 12 34 56").status_code == 303
    assert _post_phone(portal_client, "+33 6 12 34 56 78").status_code == 303
    assert _stored(container, world, "partner") == "+33612345678"
    answer = _post_phone(portal_client, "  ")
    assert answer.headers["location"] == "/account?done=phone_removed#phone"
    assert _stored(container, world, "partner") is None
    assert "Your phone number is removed." in portal_client.get("/account?done=phone_removed").text
    events = _phone_events(container, world, "partner")
    assert [(e.action, e.details) for e in events] == [
        ("person.phone_changed", {"old": None, "new": "+32…56"}),
        ("person.phone_changed", {"old": "+32…56", "new": "+33…78"}),
        ("person.phone_cleared", {"old": "+33…78", "new": None}),
    ]


def test_saving_the_same_number_again_changes_and_audits_nothing(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    _post_phone(portal_client, "0470123456")
    _post_phone(portal_client, "+32 470 12 34 56")
    assert len(_phone_events(container, world, "affiliate")) == 1


@pytest.mark.parametrize("typed", ["12", "not a number", "+32 470 12"])
def test_an_invalid_number_is_refused_with_the_phone_field_named(
    portal_client: TestClient, container: Container, typed: str
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    _post_phone(portal_client, "0470 12 34 56")
    answer = _post_phone(portal_client, typed)
    assert answer.status_code == 422
    html = answer.text
    assert 'href="#f-phone"' in html  # the summary links to the field
    assert re.search(r'id="f-phone"[^>]*aria-invalid="true"', html)
    assert FIELD in html
    assert f'value="{typed}"' in html  # what was typed is kept
    assert _stored(container, world, "affiliate") == "+32470123456"  # unchanged
    assert len(_phone_events(container, world, "affiliate")) == 1


def test_art_11_3_the_form_changes_only_the_signed_in_members_own_number(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    # A person_id slipped into the form is ignored: the command has no person to choose.
    _post_phone(portal_client, "0470 12 34 56", person_id=world.person("partner"))
    assert _stored(container, world, "partner") is None
    assert _stored(container, world, "affiliate") == "+32470123456"


def test_art_11_3_even_the_affiliate_cannot_change_another_members_number(
    container: Container,
) -> None:
    world = peeters(container)
    with container.database.uow() as uow:
        with pytest.raises(profile.NotYourProfile) as refused:
            profile.set_my_phone(
                uow,
                world["affiliate"],
                "0470 12 34 56",
                container.clock,
                person_id=world.person("adult_child"),
            )
        assert refused.value.clause == "Art. 11.3"
    assert _stored(container, world, "adult_child") is None
    assert _phone_events(container, world, "adult_child") == []


def test_art_11_3_staff_see_no_phone_form_and_cannot_post_one(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "technical")
    page = portal_client.get("/account").text
    assert 'id="phone"' not in page and "/account/phone" not in page
    answer = _post_phone(portal_client, "0470 12 34 56")
    assert answer.status_code == 303 and answer.headers["location"] == "/account"
    with container.database.uow() as uow, pytest.raises(profile.NotYourProfile):
        profile.set_my_phone(uow, world["technical"], "0470 12 34 56", container.clock)


def test_the_phone_form_needs_the_csrf_token(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    answer = portal_client.post(
        "/account/phone", data={"phone": "0470 12 34 56"}, follow_redirects=False
    )
    assert answer.status_code == 403
    assert _stored(container, world, "affiliate") is None


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_art_11_4_the_phone_form_speaks_the_members_language(
    portal_client: TestClient, container: Container, language: str
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    portal_client.cookies.set(LANGUAGE_COOKIE, language)
    _post_phone(portal_client, "0470 12 34 56")
    page = portal_client.get("/account?done=phone").text
    for msgid in ("Your phone number", "Save the phone number", "Your phone number is saved."):
        assert gettext(language, msgid) in page
    if language != "en":
        assert gettext(language, "Your phone number") != "Your phone number"
    refused = _post_phone(portal_client, "12").text
    assert gettext(language, FIELD) in refused


def test_the_call_back_form_links_to_the_profiles_number(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "affiliate")
    html = portal_client.get("/help").text
    assert '<a href="/account#phone">Change the number of your profile</a>' in html


def test_art_8_4_the_report_result_without_a_number_links_to_the_phone_form(
    portal_client: TestClient, container: Container
) -> None:
    sign_in_as(portal_client, member_login(container, "affiliate"), container.clock)
    location = urgent_report_without_documents(portal_client)
    html = portal_client.get(location + "?lang=en").text
    sentence = "Add your phone number to your profile so that we can call you."
    assert f'<a href="/account#phone">{sentence}</a>' in html
