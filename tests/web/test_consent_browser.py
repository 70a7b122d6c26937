"""Consent to psychological assistance in a real browser, in the four languages (GDPR art. 7,
9(2)(a); Art. 11.2, 11.4): the adult reads the exact consent text on the case page, consents
with one click, sees it recorded, withdraws it and reads that what was done before stays lawful;
the privacy notice is shown once on the portal home and the public page shows it in each
language. axe-core finds no violation. Screenshots: test-artifacts/web/consent-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.consent.text_files import consent_texts
from cybercare.db import migrate
from cybercare.identity import signin
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import gettext
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import open_case
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY

LANGUAGES = ("nl", "fr", "de", "en")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('consent') / 'web.db'}"
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
        uow.commit()
    with serving(create_app(container=container)) as base:
        yield base, world, container


def test_gdpr_7_consent_and_withdrawal_in_the_portal_in_four_languages(
    live: tuple[str, World, Any], new_page: Any
) -> None:
    base, world, container = live
    page, problems = new_page(viewport=DESKTOP)
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "adult_child@peeters.example")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()

    # GDPR art. 13: the notice in effect, shown once on the home page.
    page.goto(f"{base}/portal?lang=nl")
    assert page.locator("#privacy-notice").is_visible()
    shot(page, "consent-privacy-notice-nl")
    with page.expect_navigation():
        page.locator("#privacy-notice button[type=submit]").click()
    assert page.locator("#privacy-notice").count() == 0

    text = consent_texts("psychological_assistance").current(container.clock.today())
    for language in LANGUAGES:
        view = open_case(
            container.database,
            container.clock,
            world["adult_child"],
            world.person("adult_child"),
            "EREP",
            narrative=f"Fake profile ({language})",
        )
        page.goto(f"{base}/portal/cases/{view.case_id}?lang={language}")
        section = page.locator("#consent")
        assert section.locator("[data-consent=waiting]").is_visible()
        first_line = text.text(language).splitlines()[0].removeprefix("# ")
        assert first_line in section.inner_text()  # the exact versioned text, in the language
        section.scroll_into_view_if_needed()
        shot(page, f"consent-request-{language}")
        assert_no_axe_violations(page)
        with page.expect_navigation():
            section.locator("button[type=submit]").click()
        assert page.locator("#consent [data-consent=given]").is_visible()
        given = gettext(
            language, "Thank you: your consent is recorded. Psychological assistance can start."
        )
        assert given in page.locator("#consent").inner_text()
        shot(page, f"consent-given-{language}")
        with page.expect_navigation():
            page.locator("#consent button[type=submit]").click()
        withdrawn = gettext(
            language,
            "Your consent is withdrawn. Psychological assistance stops now. What was done before "
            "your withdrawal remains lawful, and the notes already written are kept.",
        )
        assert withdrawn in page.locator("#consent").inner_text()
        assert page.locator("#consent [data-consent=waiting]").is_visible()
        shot(page, f"consent-withdrawn-{language}")
        assert_no_axe_violations(page)

    for language in LANGUAGES:
        page.goto(f"{base}/privacy?lang={language}")
        assert page.locator("html").get_attribute("lang") == language
        shot(page, f"consent-public-notice-{language}")
    assert_no_axe_violations(page)
    assert problems.seen == []
