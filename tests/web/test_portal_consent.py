"""Consent to psychological assistance and the privacy notice in the portal (GDPR art. 7, 9(2)(a),
13; Art. 11.2, 11.3): the representative consents for a minor with one click on the text shown,
the minor is told their representative is asked, an adult withdraws and is told what stays, the
notice is shown once and again after a new version, and the public page shows each language."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from cybercare.assistance import service as cases
from cybercare.assistance.domain import Compartment
from cybercare.bootstrap import Container
from cybercare.consent import consent_service, notice_service
from cybercare.consent.consent import ConsentChannel, ConsentRequired
from cybercare.consent.text_files import consent_texts, privacy_notices
from cybercare.consent.texts import TextBook, TextVersion
from tests.assistance.helpers import note, take, workstream_of
from tests.web.conftest import csrf_of
from tests.web.portal_world import case_for, login, peeters

TEXT = consent_texts("psychological_assistance")


def _taken_case(container: Container, world: object, who: str, concerned: str) -> tuple[str, str]:
    case_id = case_for(container, world, who, concerned, "EREP")  # type: ignore[arg-type]
    db, clock = container.database, container.clock
    with db.reader() as uow:
        view = cases.read_case(uow, world["psychologist"], case_id, clock, log_purpose=None)  # type: ignore[index]
    psych = workstream_of(view, "psychological")
    take(db, clock, world["psychologist"], psych)  # type: ignore[index]
    return case_id, psych


def test_art_11_3_the_representative_consents_for_a_minor_with_one_click(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id, psych = _taken_case(container, world, "affiliate", "minor")
    login(portal_client, container, world, "affiliate")
    page = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "fr"}).text
    assert 'data-consent="waiting"' in page
    assert "Consentement à l'assistance psychologique" in page
    assert "en tant que représentant légal" in page
    answer = portal_client.post(
        f"/portal/cases/{case_id}/consent",
        data={
            "text_version": TEXT.current(container.clock.today()).version,
            "person_id": world.person("minor"),
            "csrf_token": csrf_of(page),
        },
        params={"lang": "fr"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/portal/cases/{case_id}?consent=given#consent"
    with container.database.reader() as uow:
        (given,) = consent_service.consents_of_person(uow, world.person("minor"))
    assert (given.role, given.channel, given.language) == ("subject", "portal", "fr")
    assert given.given_by_person_id == world.person("affiliate")
    assert given.text == TEXT.current(container.clock.today()).text("fr")
    note(
        container.database,
        container.clock,
        world["psychologist"],
        psych,
        "x",
        Compartment.PSYCHOLOGICAL,
    )
    shown = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en", "consent": "given"})
    assert 'data-consent="given"' in shown.text
    assert "Thank you: your consent is recorded." in shown.text


def test_art_11_3_the_minor_sees_that_the_representative_is_asked(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id, _ = _taken_case(container, world, "affiliate", "minor")
    login(portal_client, container, world, "minor")
    page = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "Your legal representative in the household is asked" in page
    assert "I consent" not in page


def test_gdpr_7_3_the_adult_withdraws_in_the_portal_and_notes_stop(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id, psych = _taken_case(container, world, "adult_child", "adult_child")
    db, clock = container.database, container.clock
    login(portal_client, container, world, "adult_child")
    page = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    portal_client.post(
        f"/portal/cases/{case_id}/consent",
        data={
            "text_version": TEXT.current(clock.today()).version,
            "person_id": world.person("adult_child"),
            "csrf_token": csrf_of(page),
        },
    )
    note(db, clock, world["psychologist"], psych, "Before", Compartment.PSYCHOLOGICAL)
    with db.reader() as uow:
        state = consent_service.consent_state(
            uow, world["adult_child"], world.person("adult_child"), clock.today()
        )
    assert state.consent is not None and state.may_withdraw
    page = portal_client.get(f"/portal/cases/{case_id}", params={"lang": "en"}).text
    assert "Withdraw my consent" in page
    answer = portal_client.post(
        f"/portal/consents/{state.consent.consent_id}/withdrawal",
        data={"case_id": case_id, "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    after = portal_client.get(
        f"/portal/cases/{case_id}", params={"lang": "en", "consent": "withdrawn"}
    ).text
    assert "Your consent is withdrawn." in after
    assert "remains lawful, and the notes already written are kept" in after
    assert "Before" in after  # the note written before is not erased
    with pytest.raises(ConsentRequired):
        note(db, clock, world["psychologist"], psych, "After", Compartment.PSYCHOLOGICAL)
    with db.reader() as uow:
        (record,) = consent_service.consents_of_person(uow, world.person("adult_child"))
    assert record.withdrawal_channel == ConsentChannel.PORTAL.value


def test_art_11_3_another_adult_cannot_withdraw_or_give_an_adults_consent(
    portal_client: TestClient, container: Container
) -> None:
    world = peeters(container)
    case_id, _ = _taken_case(container, world, "adult_child", "adult_child")
    login(portal_client, container, world, "affiliate")
    home = portal_client.get("/portal").text
    refused = portal_client.post(
        f"/portal/cases/{case_id}/consent",
        data={
            "text_version": TEXT.current(container.clock.today()).version,
            "person_id": world.person("adult_child"),
            "csrf_token": csrf_of(home),
        },
        follow_redirects=False,
    )
    assert refused.status_code == 404  # Art. 11.3: another adult's case is not found


def _two_versions() -> TextBook:
    first = privacy_notices().versions[0]
    second = TextVersion(
        "privacy_notice",
        "2026-11",
        date(2026, 11, 1),
        {lang: first.text(lang) + "\n\nNew paragraph." for lang in ("nl", "fr", "de", "en")},
    )
    return TextBook.of("privacy_notice", [first, second])


def test_gdpr_13_the_notice_is_shown_once_and_again_after_a_new_version(
    portal_client: TestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = peeters(container)
    login(portal_client, container, world, "partner")
    home = portal_client.get("/portal", params={"lang": "en"}).text
    first = privacy_notices().current(container.clock.today())
    assert 'id="privacy-notice"' in home
    assert f"version {first.version}" in home
    done = portal_client.post(
        "/portal/privacy-notice",
        data={"version": first.version, "csrf_token": csrf_of(home)},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/portal?done=privacy_notice"
    assert 'id="privacy-notice"' not in portal_client.get("/portal").text
    monkeypatch.setattr(notice_service, "privacy_notices", _two_versions)
    again = portal_client.get("/portal", params={"lang": "en"}).text
    assert 'id="privacy-notice"' in again and "version 2026-11" in again
    stale = portal_client.post(
        "/portal/privacy-notice",
        data={"version": first.version, "csrf_token": csrf_of(again)},
        follow_redirects=False,
    )
    assert stale.headers["location"] == "/portal#privacy-notice"  # the old one is not enough
    portal_client.post(
        "/portal/privacy-notice", data={"version": "2026-11", "csrf_token": csrf_of(again)}
    )
    assert 'id="privacy-notice"' not in portal_client.get("/portal").text
    with container.database.reader() as uow:
        shown = notice_service.notices_shown_to(uow, world.person("partner"))
    assert [(s.notice_version, s.event) for s in shown] == [
        (first.version, "portal"),
        ("2026-11", "portal"),
    ]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("nl", "Privacyverklaring van Cyber Care"),
        ("fr", "Déclaration de confidentialité de Cyber Care"),
        ("de", "Datenschutzhinweis von Cyber Care"),
        ("en", "Privacy notice of Cyber Care"),
    ],
)
def test_gdpr_13_the_public_page_shows_the_notice_in_each_language(
    portal_client: TestClient, lang: str, title: str
) -> None:
    page = portal_client.get("/privacy", params={"lang": lang})
    assert page.status_code == 200
    assert f"<h1>{title}</h1>" in page.text
    assert all(f'href="/privacy?lang={other}"' in page.text for other in ("nl", "fr", "de", "en"))
