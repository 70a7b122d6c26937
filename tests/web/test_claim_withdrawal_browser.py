"""A member withdraws a claim in Debian's Chromium, in the four languages (Art. 11.4), on a
phone and on a desktop: the case page offers it, the confirmation page says what it does, and the
claim then shows as withdrawn. axe-core finds no violation on the confirmation page (new) nor on
the part of the case page it adds to. Screenshots: test-artifacts/web/claim-withdraw-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.claims.submit import submit_claim
from cybercare.db import migrate
from cybercare.identity.signin import set_password
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import LANGUAGE_COOKIE
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import open_case
from tests.claims.builders import ecom_evidence, ecom_submission
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import CHROMIUM_ARGS, DESKTOP, PHONE, Problems, browser, serving, shot  # noqa: F401
from tests.web.conftest import PASSWORD, SECRET, TODAY

WITHDRAWN = {
    "nl": "Ingetrokken op uw vraag",
    "fr": "Retirée à votre demande",
    "de": "Auf Ihren Wunsch zurückgezogen",
    "en": "Withdrawn at your request",
}
CONFIRM_TITLE = {
    "nl": "Een aanvraag intrekken",
    "fr": "Retirer une demande",
    "de": "Einen Antrag zurückziehen",
    "en": "Withdraw a claim",
}


@dataclass
class Served:
    url: str
    container: Container
    world: World


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app on a fresh SQLite database with the Peeters household; An has a password."""
    url = f"sqlite:///{tmp_path_factory.mktemp('withdraw-browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,
    )
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
    app = create_app(container=container)
    with serving(app) as base:
        yield Served(base, container, world)


def _claim_in_review(served: Served) -> tuple[str, str]:
    """An's e-commerce claim above the automatic ceiling: a handler reviews it."""
    world, container = served.world, served.container
    case = open_case(
        container.database, container.clock, world["affiliate"], world.person("affiliate"), "ECOM"
    )
    with container.database.uow() as uow:
        claim = submit_claim(
            uow,
            world["affiliate"],
            case.case_id,
            ecom_submission(150_000),
            container.catalog,
            container.clock,
            ecom_evidence(),
        )
        uow.commit()
    return case.case_id, claim.claim_id


@pytest.fixture(scope="module")
def signed_in(served: Served, browser: Any) -> dict[str, Any]:  # noqa: F811
    """An signs in once through the form; each test's browser context starts from her cookies
    (signing in hashes a password: once per module keeps the tests fast)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{served.url}/login")
    page.fill("input[name=email]", "affiliate@peeters.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    state: dict[str, Any] = context.storage_state()
    context.close()
    return state


# Each language on one screen size: all four languages and both sizes, half the walks.
@pytest.mark.parametrize(
    ("language", "size"), [("nl", "phone"), ("fr", "desktop"), ("de", "phone"), ("en", "desktop")]
)
def test_member_withdraws_a_claim_in_the_browser(
    served: Served,
    browser: Any,  # noqa: F811
    signed_in: dict[str, Any],
    language: str,
    size: str,
) -> None:
    case_id, claim_id = _claim_in_review(served)
    viewport = PHONE if size == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, storage_state=signed_in)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": served.url}])
    try:
        _withdraw(served, context.new_page(), case_id, claim_id, language, size)
    finally:
        context.close()


def _withdraw(
    served: Served, page: Any, case_id: str, claim_id: str, language: str, size: str
) -> None:
    problems = Problems(page)

    page.goto(f"{served.url}/portal/cases/{case_id}")
    link = page.locator(f"a[href='/portal/claims/{claim_id}/withdrawal']")
    link.scroll_into_view_if_needed()
    assert_no_axe_violations(page, ".claim-withdraw")
    link.click()
    page.wait_for_url(f"**/portal/claims/{claim_id}/withdrawal")
    assert page.locator("h1").inner_text() == CONFIRM_TITLE[language]
    assert page.evaluate("document.documentElement.lang") == language
    assert_no_axe_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the confirmation page scrolls sideways by {overflow}px"
    shot(page, f"claim-withdraw-confirm-{language}-{size}")

    page.click("form[action$='/withdrawal'] button[type=submit]")
    page.wait_for_url(f"**/portal/cases/{case_id}*")
    status = page.locator(f"#claim-{claim_id}-title ~ p.status-line").first
    assert status.inner_text() == WITHDRAWN[language]
    assert page.locator(f"a[href='/portal/claims/{claim_id}/withdrawal']").count() == 0
    assert_no_axe_violations(page, ".withdrawn")
    shot(page, f"claim-withdraw-done-{language}-{size}")
    assert problems.seen == []
