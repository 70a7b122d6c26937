"""GDPR art. 17 in a real browser: the member asks to erase their data and reads the answer in
their language; the page passes axe and does not scroll sideways on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.identity.signin import set_password
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import LANGUAGE_COOKIE
from tests.assistance.builders import household_world
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, PHONE, Problems, browser, serving, shot  # noqa: F401
from tests.web.conftest import PASSWORD, SECRET, TODAY

ANSWERED = {
    "nl": "Beantwoord: een deel van uw gegevens moeten we voorlopig bewaren.",
    "en": "Answered: part of your data must be kept for now.",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('erasure-browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(environment=Environment.DEVELOPMENT, database_url=url, secret_key=SECRET)
    container = build_container(settings, clock=FixedClock(TODAY))
    world = household_world(container.database, container.clock)
    with container.database.uow() as uow:
        set_password(
            uow,
            user_id=world["affiliate"].user_id,
            password=PASSWORD,
            clock=container.clock,
            actor="t",
        )
        uow.commit()
    with serving(create_app(container=container)) as base:
        yield base


@pytest.mark.parametrize(("language", "size"), [("nl", "phone"), ("en", "desktop")])
def test_art_17_member_asks_and_reads_the_answer_in_the_browser(
    served: str,
    browser: Any,  # noqa: F811
    language: str,
    size: str,
) -> None:
    context = browser.new_context(viewport=PHONE if size == "phone" else DESKTOP)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": served}])
    try:
        page = context.new_page()
        problems = Problems(page)
        page.goto(f"{served}/login")
        page.fill("input[name=email]", "affiliate@peeters.example")
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(f"{served}/portal/privacy/erasure")
        assert_no_axe_violations(page)
        page.click("form[action='/portal/privacy/erasure'] button[type=submit]")
        page.wait_for_url("**/portal/privacy/erasure*")
        assert ANSWERED[language] in page.locator("#answer").inner_text()
        assert_no_axe_violations(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the erasure page scrolls sideways by {overflow}px"
        shot(page, f"erasure-answer-{language}-{size}")
        assert problems.seen == []
    finally:
        context.close()
