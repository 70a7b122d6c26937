"""The path to a human in a real browser (Art. 4.1, 8.4, 11.4): on a phone and on a desktop, in
the four languages, the 24/7 line is a tap-to-call link visible without scrolling, and a member
asks "I need help now" and reads who calls back, before when and on which number. axe-core finds
no violation on the new pages (the form, its error state, the confirmation).

Debian's Chromium driven by Playwright against the app served by uvicorn on a free port, with a
freshly migrated SQLite database (one server for the module). Screenshots: test-artifacts/web/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import update

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.db.tables import PersonRow
from cybercare.identity import signin
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import gettext
from tests.assistance.builders import World, household_world
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, PHONE, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY

if TYPE_CHECKING:
    from playwright.sync_api import Page

LINE = {"nl": "+3278152021", "fr": "+3278152022", "de": "+3278152023", "en": "+3278152024"}
# 09:00 UTC is 10:00 in Brussels: a counsellor calls back within the hour (Art. 8.4).
PROMISE = "%(who)s calls you back before %(before)s on %(number)s."
COUNSELLOR = "A counsellor of the psychological team"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('help') / 'web.db'}"
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
            user_id=world["affiliate"].user_id,
            password=PASSWORD,
            clock=container.clock,
            actor="test",
        )
        uow.session.execute(
            update(PersonRow)
            .where(PersonRow.id == world.person("affiliate"))
            .values(phone="+32470123456")
        )
        uow.commit()
    app = create_app(container=container)
    with serving(app) as base:
        yield base, world


def _line_in_view(page: Page, language: str, height: int) -> None:
    link = page.locator("a.help-line")
    assert link.get_attribute("href") == f"tel:{LINE[language]}"
    name = link.inner_text()  # the visible text is the accessible name
    assert LINE[language][3:] in name.replace(" ", "")
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, "the line needs scrolling"
    assert box["height"] >= 24  # a target a finger can tap


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_art_8_4_a_member_asks_to_be_called_back_in_the_four_languages(
    live: tuple[str, World], new_page: Any, size: str, viewport: dict[str, int]
) -> None:
    base, world = live
    page, problems = new_page(viewport=viewport)
    page.goto(f"{base}/?lang=en")
    _line_in_view(page, "en", viewport["height"])
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "affiliate@peeters.example")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()
    for language in ("nl", "fr", "de", "en"):
        page.goto(f"{base}/portal?lang={language}")
        _line_in_view(page, language, viewport["height"])
        help_now = page.locator("a.help-now")
        box = help_now.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"]
        with page.expect_navigation():
            help_now.click()
        assert page.locator("#f-phone").input_value() == "+32 470 12 34 56"  # the profile
        assert_no_axe_violations(page)
        shot(page, f"help-request-{language}-{size}")
        page.fill("#f-what_is_happening", "Classmates share a fake profile of Dina")
        page.check(f"input[name=person_id][value={world.person('minor')}]")
        page.check("input[name=urgency_reason][value=distress]")
        page.check("input[name=guarantee_code][value=EREP]")
        with page.expect_navigation():
            page.locator("form[action='/help'] button[type=submit]").click()
        promise = page.locator("#call-back-promise").inner_text()
        expected = gettext(language, PROMISE) % {
            "who": gettext(language, COUNSELLOR),
            "before": "11:00",
            "number": "+32 470 12 34 56",
        }
        assert expected in " ".join(promise.split()), promise
        assert page.locator(f"main a[href='tel:{LINE[language]}']").count() == 1
        _line_in_view(page, language, viewport["height"])
        assert_no_axe_violations(page)
        shot(page, f"help-requested-{language}-{size}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert problems.seen == []


def test_a_bad_number_is_a_field_error_the_browser_focuses_from_the_summary(
    live: tuple[str, World], new_page: Any
) -> None:
    base, _ = live
    page, problems = new_page(viewport=PHONE)
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "affiliate@peeters.example")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()
    page.goto(f"{base}/help?lang=en")
    page.fill("#f-phone", "call me")
    page.fill("#f-what_is_happening", "Someone threatens me")
    page.check("input[name=urgency_reason][value=ongoing_harassment]")
    with page.expect_navigation():
        page.locator("form[action='/help'] button[type=submit]").click()
    assert page.locator("#f-phone").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-phone-error").is_visible()
    page.locator(".error-summary a[href='#f-phone']").click()
    assert page.evaluate("document.activeElement.id") == "f-phone"
    assert_no_axe_violations(page)
    shot(page, "help-request-error-phone")
    assert [s for s in problems.seen if "422" not in s] == []  # the refusal itself
