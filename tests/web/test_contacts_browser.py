"""An agent reaches the member from the case workspace, in Debian's Chromium (see
tests/web/browser.py for when these tests are skipped), in each agent's own language (Art. 11.4:
the staff language preference) on a phone and a desktop: the tap-to-call link of the person
concerned, a call nobody answered (the clock keeps running, the next try is shown), then a call
that reached them (the first human contact, Art. 8.4). axe-core checks the workspace.
Screenshots: test-artifacts/web/contact-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.db import migrate
from cybercare.identity.service import create_staff_user
from cybercare.identity.signin import set_password
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import gettext
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import give_contact_details, open_case
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, PHONE, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY

LANGUAGES = ("nl", "fr", "de", "en")
PHONE_NUMBER = "+32470123456"


@dataclass(frozen=True)
class Desk:
    url: str
    container: Container
    world: World


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """The app on a fresh SQLite database: the Peeters household (Cas with a phone number and an
    e-mail address) and a legal agent per language, signing in with a password (development:
    no second factor, so the journey is the workspace's, not the sign-in's)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('contact-browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
        staff_second_factor_required=False,
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    world = household_world(container.database, container.clock)
    give_contact_details(
        container.database, world.person("adult_child"), PHONE_NUMBER, "cas@peeters.example"
    )
    with container.database.uow() as uow:
        for language in LANGUAGES:
            agent = create_staff_user(
                uow,
                email=f"legal-{language}@cybercare.example",
                display_name=f"Legal {language}",
                roles=["legal"],
                language=language,
                clock=container.clock,
                actor="test",
            )
            set_password(
                uow, user_id=agent.user_id, password=PASSWORD, clock=container.clock, actor="t"
            )
        uow.commit()
    app = create_app(container=container)
    with serving(app) as base:
        yield Desk(base, container, world)


def _sign_in(page: Any, desk: Desk, language: str) -> None:
    page.goto(f"{desk.url}/login")
    page.locator("input[name=email]").fill(f"legal-{language}@cybercare.example")
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    assert "/login" not in page.url


def _fits_the_screen(page: Any) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _log(page: Any, result: str) -> None:
    form = page.locator("form.contact-form")
    form.locator(f"input[name=result][value='{result}']").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _journey(page: Any, desk: Desk, language: str, size: str) -> None:
    """One urgent case: the links, a call nobody answered, then a call that reached Cas."""
    world = desk.world
    case = open_case(
        desk.container.database,
        desk.container.clock,
        world["adult_child"],
        world.person("adult_child"),
        "EREP",
        urgent=True,
        urgency_reason="ongoing_harassment",
    )
    page.goto(f"{desk.url}/staff/cases/{case.case_id}#reach")
    assert page.evaluate("document.documentElement.lang") == language
    call = page.locator(f"#reach a[href='tel:{PHONE_NUMBER}']")
    assert call.is_visible()
    assert call.inner_text() == gettext(language, "Call %(number)s") % {"number": PHONE_NUMBER}
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44  # a finger's target
    assert page.locator("#reach a[href='mailto:cas@peeters.example']").is_visible()
    assert_no_axe_violations(page)
    if size == "phone":
        _fits_the_screen(page)

    _log(page, "call:no_answer")
    status = page.get_by_role("status").first.inner_text()
    assert status == gettext(
        language,
        "The try is logged. The first-contact clock keeps running: try again by the time shown.",
    )
    assert page.locator("#reach .next-try").is_visible()
    assert_no_axe_violations(page, "#reach")

    _log(page, "call:reached")
    status = page.get_by_role("status").first.inner_text()
    assert status == gettext(
        language, "The contact is logged: it is the first human contact (Art. 8.4)."
    )
    assert page.locator("#reach .next-try").count() == 0
    assert page.locator("#reach .contact-attempts li").count() == 2
    assert_no_axe_violations(page, "#reach")
    if size == "phone":
        _fits_the_screen(page)
    shot(page, f"contact-reached-{language}-{size}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_agent_logs_a_call_outcome_on_the_case_page(
    desk: Desk, new_page: Any, language: str
) -> None:
    page, problems = new_page(viewport=PHONE, locale=f"{language}-BE")
    _sign_in(page, desk, language)  # once: the staff language preference speaks from then on
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        _journey(page, desk, language, size)
    assert problems.seen == []
