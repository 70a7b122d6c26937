"""The member portal on a phone (360x740) and a desktop, in Debian's Chromium (Playwright), in the
four languages: on the portal home the pots (what is left this year, money and cases, Art. 5)
come before the contract's actions; a case whose transfer the bank sent back shows the returned
step, what to do and the payment promise of Art. 8.4, with the same status as the list of cases.

One server per module (a migrated SQLite file with the Peeters household), one browser, one
signed-in context per viewport; the languages are switched with `?lang=`. Without Chromium the
tests are skipped (see test_browser.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.db.tables import UserRow
from cybercare.identity import signin
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import ARTIFACTS, DESKTOP, PHONE, browser, serving  # noqa: F401
from tests.web.conftest import PASSWORD, SECRET, TODAY
from tests.web.portal_world import peeters
from tests.web.test_portal_timeline import _claim_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

LANGUAGES = ("en", "fr", "nl", "de")
SHOTS = ARTIFACTS / "portal-phone"
POTS = "section[aria-labelledby='pots-title']"
CONTRACT_ACTIONS = (".portal-actions", ".contract-links")


@pytest.fixture(scope="module")
def portal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The app on a fresh SQLite file with the Peeters household, An's case whose transfer the
    bank sent back, and An's password set: the base URL, her e-mail and the case id."""
    url = f"sqlite:///{tmp_path_factory.mktemp('portal-phone') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    world = peeters(container)
    case_id = _claim_in(container, world, "returned_after_paid")
    affiliate = world["affiliate"]
    with container.database.uow() as uow:
        signin.set_password(
            uow, user_id=affiliate.user_id, password=PASSWORD, clock=container.clock, actor="test"
        )
        row = uow.session.get(UserRow, affiliate.user_id)
        assert row is not None
        email = row.email
        uow.commit()
    app = create_app(container=container)
    with serving(app) as base:
        yield {"base": base, "email": email, "case": case_id}
    container.engine.dispose()


def _signed_in(chromium: Browser, server: dict[str, str], viewport: dict[str, int]) -> Page:
    context = chromium.new_context(viewport=viewport, locale="en-GB")  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{server['base']}/login")
    page.locator("#f-email").fill(server["email"])
    page.locator("#f-password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form[action='/login'] button[type='submit']").click()
    assert "/login" not in page.url, page.url
    return page


@pytest.fixture(scope="module")
def phone(browser: Browser, portal_server: dict[str, str]) -> Iterator[Page]:  # noqa: F811
    page = _signed_in(browser, portal_server, PHONE)
    yield page
    page.context.close()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return float(box["y"])


def _bottom(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return float(box["y"] + box["height"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_art_5_on_a_phone_the_pots_come_before_the_contract_actions(
    phone: Page, portal_server: dict[str, str], language: str
) -> None:
    phone.goto(f"{portal_server['base']}/portal?lang={language}")
    assert phone.evaluate("document.documentElement.lang") == language
    # The first thing after the greeting is the pots section; a privacy notice not yet read
    # (GDPR art. 13) comes before it until the member acknowledges it, once.
    first = phone.evaluate(
        "(() => { let e = document.querySelector('main hgroup').nextElementSibling;"
        " while (e && e.id === 'privacy-notice') e = e.nextElementSibling;"
        " return e && e.getAttribute('aria-labelledby'); })()"
    )
    assert first == "pots-title"
    pots_end = _bottom(phone, POTS)
    for actions in CONTRACT_ACTIONS:
        assert pots_end <= _top(phone, actions), actions
    # The money and cases left are in the first screens, before any contract link.
    assert phone.locator(f"{POTS} meter").count() >= 2
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    _shot(phone, f"home-{language}-phone")
    assert_no_axe_violations(phone)


@pytest.mark.parametrize("language", LANGUAGES)
def test_art_8_4_on_a_phone_a_returned_transfer_says_what_to_do_and_keeps_the_promise(
    phone: Page, portal_server: dict[str, str], language: str
) -> None:
    base = portal_server["base"]
    phone.goto(f"{base}/portal/cases/{portal_server['case']}?lang={language}")
    stage = phone.locator(".claim .claim-stage").first.get_attribute("data-stage")
    assert stage == "payment_returned"
    steps = phone.locator("ol.timeline li[data-step]")
    kinds = [steps.nth(i).get_attribute("data-step") for i in range(steps.count())]
    assert kinds == [
        "claim.submitted",
        "claim.decided",
        "payment.paid",
        "payment.returned",
        "payment.due",
    ]
    promise = phone.locator(".payment-promise")
    assert promise.is_visible()
    assert "IBAN" in promise.inner_text()
    assert promise.locator(".article-ref").inner_text() == "Art. 8.4"
    _shot(phone, f"case-returned-{language}-phone")
    assert_no_axe_violations(phone)
    phone.goto(f"{base}/portal/cases?lang={language}")
    listed = phone.locator("table.cases .claim-stage").first.get_attribute("data-stage")
    assert listed == stage
    _shot(phone, f"cases-{language}-phone")
    assert_no_axe_violations(phone)


def test_on_a_desktop_the_pots_also_come_first(
    browser: Browser,  # noqa: F811
    portal_server: dict[str, str],
) -> None:
    page = _signed_in(browser, portal_server, DESKTOP)
    try:
        page.goto(f"{portal_server['base']}/portal?lang=en")
        assert _bottom(page, POTS) <= _top(page, ".contract-links")
        _shot(page, "home-en-desktop")
        assert_no_axe_violations(page)
    finally:
        page.context.close()
