"""A member who left the household declares an incident from when he was insured, in a real
browser (Art. 2.1, 9.7, 11.3): Cas Peeters left on 1 November 2026. Signed in, he is told he no
longer reads the household but may still report; the report form offers him alone, with the day he
left; he sends the report and reads his case. In the four languages, on a phone and a desktop.

A server of its own for the module (the Peeters household, Cas gone), the shared browser
(tests/web/browser.py), one context per language; axe-core checks every page of the walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.identity import signin
from cybercare.kernel.clock import FixedClock
from cybercare.policy import service as policy
from cybercare.policy.service import Actor
from cybercare.settings import Environment, Settings
from tests.assistance.builders import household_world
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, PHONE, Problems, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

EMAIL = "adult_child@peeters.example"
LANGUAGES = ("nl", "fr", "de", "en")
# What each language says once the report is sent, and the refused page's title.
SENT = {
    "en": "Report an incident",
    "nl": "Een incident melden",
    "fr": "Déclarer un incident",
    "de": "Einen Vorfall melden",
}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('departed') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    world = household_world(container.database, container.clock, with_staff=False)
    with container.database.uow() as uow:
        signin.set_password(
            uow,
            user_id=world["adult_child"].user_id,
            password=PASSWORD,
            clock=container.clock,
            actor="test",
        )
        policy.member_leaves(
            uow,
            Actor("test"),
            world.affiliation_id,
            world.person("adult_child"),
            date(2026, 11, 1),
            container.catalog,
            container.clock,
        )
        uow.commit()
    app = create_app(container=container)
    with serving(app) as base:
        yield base


def _sign_in(page: Page, live_server: str, language: str) -> None:
    page.context.add_cookies([{"name": "cc_lang", "value": language, "url": live_server}])
    page.goto(f"{live_server}/login")
    page.fill("#f-email", EMAIL)
    page.fill("#f-password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_art_9_7_member_who_left_declares_an_incident_from_when_he_was_insured(
    live_server: str, browser: Browser, language: str
) -> None:
    """Signed in once per language; the walk on a phone, then again on a desktop."""
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        problems = Problems(page)
        _sign_in(page, live_server, language)
        for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            _walk(page, live_server, language, f"departed-{language}-{device}")
        # The one expected refusal: the household page answers 403 to a member who left.
        unexpected = [p for p in problems.seen if "403" not in p]
        assert unexpected == [], problems.seen
    finally:
        context.close()


def _walk(page: Page, live_server: str, language: str, name: str) -> None:
    page.goto(f"{live_server}/portal")
    assert page.locator("html").get_attribute("lang") == language
    assert "An Peeters" not in page.content()  # Art. 11.3: nothing of the household
    assert page.locator(".article-ref", has_text="Art. 9.7").count() == 1
    assert_no_axe_violations(page)
    shot(page, f"{name}-refused")
    page.click("a[href='/portal/report']")
    page.wait_for_url("**/portal/report")
    assert page.locator("h1").inner_text().strip() == SENT[language]
    page.click("a[href='/portal/report/unknown']")
    page.wait_for_url("**/portal/report/unknown")
    assert page.locator("input[name=person_id]").count() == 1  # himself, nobody else
    assert page.locator(".hint .article-ref", has_text="Art. 2.1, 9.7").count() == 1
    assert_no_axe_violations(page)
    shot(page, f"{name}-form")
    page.check("input[name=person_id]")
    page.fill("#f-narrative", "A fake profile with my photos appeared in October.")
    page.fill("#f-occurrence_date", "2026-10-20")
    page.fill("#f-discovery_date", "2026-10-25")
    page.check("input[name=urgency][value=none]")
    page.click("form.report-form button[type=submit]")
    page.wait_for_load_state()
    page.locator("form[action$='/send'] button[type=submit]").last.click()
    page.wait_for_url("**/portal/report/sent/*")
    case_id = page.url.rsplit("/", 1)[-1]
    shot(page, f"{name}-sent")
    page.goto(f"{live_server}/portal/cases/{case_id}")  # his own case (a page axe checks elsewhere)
    assert page.locator("h1").count() == 1
