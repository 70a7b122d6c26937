"""The member's report journey of issue 14 in Debian's Chromium, in the four languages on a phone
and a desktop: an urgent harassment report for a child sent without documents (Art. 8.4: help
first, the documents afterwards, Art. 8.3), and an e-commerce claim paid straight through to the
household's verified account. A first submit with nothing filled in puts the keyboard focus on
the error summary. Screenshots go to test-artifacts/web/report-*.png; axe-core checks the new
pages (`tests/web/axe.py`).

One server and one browser for the module; each language and screen has its own household
(the pots and the duplicate check of one household would otherwise mix the walks).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.db import migrate
from cybercare.db.tables.payments import PayoutAccountRow
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from tests.assistance.builders import household_world
from tests.web.accounts import PASSWORD, give_password
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    Problems,
    _unavailable,
    serving,
)
from tests.web.conftest import SECRET, TODAY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

LANGUAGES = ("nl", "fr", "de", "en")
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
LANGUAGE_SCREENS = [("nl", "phone"), ("fr", "desktop"), ("de", "phone"), ("en", "desktop")]
IBAN = "BE71096123456769"
PDF = b"%PDF-1.4 evidence\n"
# What each result page says first, per language.
HELP = {
    "nl": "Er is hulp onderweg",
    "fr": "L'aide arrive",
    "de": "Hilfe ist unterwegs",
    "en": "Help is on its way",
}
PAID = {
    "nl": "is onderweg naar uw rekening eindigend op 6769",
    "fr": "est en route vers votre compte se terminant par 6769",
    "de": "sind unterwegs auf Ihr Konto mit der Endung 6769",
    "en": "€120.00 is on its way to your account ending 6769",
}
AMOUNT = {"nl": "120,00", "fr": "120,00", "de": "120,00", "en": "120.00"}


def _suffix(language: str, screen: str) -> str:
    return f"_{language}_{screen}"


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('report-browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    for language in LANGUAGES:
        for screen in SCREENS:
            _household(container, _suffix(language, screen))
    app = create_app(container=container)
    with serving(app) as base:
        yield base


def _household(container: Container, suffix: str) -> None:
    """A Peeters household whose affiliate has a password and a verified account."""
    world = household_world(container.database, container.clock, suffix=suffix, with_staff=False)
    give_password(container, world["affiliate"].user_id)
    with container.database.uow() as uow:
        uow.session.add(
            PayoutAccountRow(
                household_id=world.household_id,
                iban=IBAN,
                holder_name="An Peeters",
                approved_by="user:handler",
                approved_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
            )
        )
        uow.commit()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    reason = _unavailable()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)


def _submit(
    page: Page, selector: str = "main form button[type='submit']:not([formaction])"
) -> None:
    with page.expect_navigation():
        page.locator(selector).last.click()


def _answer_yes_everywhere(page: Page) -> None:
    """Every yes/no question of the form answered "yes" (a covered incident)."""
    page.evaluate(
        "document.querySelectorAll('input[type=radio][value=yes]').forEach(r => r.checked = true)"
    )


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


# Each language walks on one screen size (two on a phone, two on a desktop): every language and
# both sizes are seen, in half the time of the full cross product.
@pytest.mark.parametrize(("language", "screen"), LANGUAGE_SCREENS)
def test_issue_14_urgent_report_for_a_child_and_a_paid_purchase_in_a_browser(
    report_server: str, chromium: Browser, language: str, screen: str
) -> None:
    context = chromium.new_context(viewport=SCREENS[screen])  # type: ignore[arg-type]
    page = context.new_page()
    problems = Problems(page)
    name = f"{language}-{screen}"
    try:
        page.goto(f"{report_server}/login?lang={language}")
        page.locator("#f-email").fill(f"affiliate{_suffix(language, screen)}@peeters.example")
        page.locator("#f-password").fill(PASSWORD)
        _submit(page, "main form[action='/login'] button[type='submit']")

        # Before the form: what each guarantee has left this year (Art. 5).
        page.goto(f"{report_server}/portal/report")
        assert page.locator(".standing dl.left-this-year").count() >= 3
        _no_sideways_scroll(page)
        _shot(page, f"choose-{name}")
        assert_no_axe_violations(page)

        # 1. The urgent harassment report for Dina (12), first sent empty: the error summary.
        page.goto(f"{report_server}/portal/report/erep")
        _submit(page)
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        assert page.locator(".error-summary a[href='#f-person_id']").count() == 1
        _shot(page, f"errors-{name}")
        assert_no_axe_violations(page)
        problems.seen.clear()  # the 422 of that refused form was the point
        page.check("input[name=person_id][value='per_minor" + _suffix(language, screen) + "']")
        page.fill("#f-narrative", "Classmates share photos of Dina and insult her, right now.")
        page.fill("#f-discovery_date", "2026-11-26")
        page.check("input[name=urgency][value=ongoing_harassment]")
        _submit(page)
        page.wait_for_selector("input[type=file][data-max-bytes]")
        _submit(page, "#f-send")  # no document: help does not wait for it
        assert "/portal/report/sent/" in page.url, page.url
        assert HELP[language] in page.locator("main").inner_text()
        _no_sideways_scroll(page)
        _shot(page, f"urgent-sent-{name}")
        assert_no_axe_violations(page)
        with page.expect_navigation():
            page.locator("main a[href$='/evidence']").first.click()
        assert page.locator("input[type=file][data-max-bytes]").count() >= 1
        _shot(page, f"evidence-task-{name}")
        assert_no_axe_violations(page)

        # 2. A purchase never delivered, paid straight through to the verified account.
        page.goto(f"{report_server}/portal/report/ecom")
        page.check(f"input[name=person_id][value='per_affiliate{_suffix(language, screen)}']")
        page.check("input[name=kind][value=non_delivery]")
        page.fill("#f-narrative", "I paid for a bike helmet online; it never came.")
        page.fill("#f-occurrence_date", "2026-09-25")
        page.fill("#f-discovery_date", "2026-11-20")
        page.check("input[name=urgency][value=none]")
        _answer_yes_everywhere(page)
        page.fill("#f-payment_date", "2026-09-25")
        page.fill("#f-promised_delivery_date", "2026-10-01")
        page.fill("#f-amount", AMOUNT[language])
        assert page.locator("input[name=account][value=saved]").is_checked()
        assert "6769" in page.locator("main form").inner_text()
        assert IBAN not in page.content()
        assert_no_axe_violations(page)
        _submit(page)
        assert_no_axe_violations(page)
        for field in page.locator("input[type=file]").all():
            field.set_input_files(
                {"name": "proof.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
        _submit(page, "#f-send")
        assert "/portal/report/sent/" in page.url, page.url
        shown = page.locator("main").inner_text().replace("\u00a0", " ").replace("\u202f", " ")
        assert PAID[language] in shown, shown[:600]
        _no_sideways_scroll(page)
        _shot(page, f"paid-sent-{name}")
        assert_no_axe_violations(page)
        assert problems.seen == []
    finally:
        context.close()


def test_a_file_too_large_is_said_before_anything_is_uploaded(
    report_server: str, chromium: Browser
) -> None:
    context = chromium.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(f"{report_server}/login?lang=en")
        page.locator("#f-email").fill("affiliate_en_desktop@peeters.example")
        page.locator("#f-password").fill(PASSWORD)
        _submit(page, "main form[action='/login'] button[type='submit']")
        page.goto(f"{report_server}/portal/report/erep")
        page.check("input[name=person_id][value='per_affiliate_en_desktop']")
        page.fill("#f-narrative", "Someone posts lies about me.")
        page.fill("#f-discovery_date", "2026-11-25")
        page.check("input[name=urgency][value=distress]")
        _submit(page)
        field = page.locator("input[type=file][data-max-bytes]").first
        limit = int(field.get_attribute("data-max-bytes") or 0)
        field.set_input_files(
            {"name": "huge.pdf", "mimeType": "application/pdf", "buffer": PDF + b"0" * limit}
        )
        note = page.locator("small.field-error[aria-live]").first
        assert "huge.pdf" in note.inner_text() and "10 MB" in note.inner_text()
        before = page.url
        page.locator("#f-send").click()
        page.wait_for_timeout(300)
        assert page.url == before  # not sent with the file too large
        assert page.evaluate("document.activeElement.type") == "file"
        _shot(page, "file-too-large-en-desktop")
    finally:
        context.close()
