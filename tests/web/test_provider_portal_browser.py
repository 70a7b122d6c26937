"""The provider portal walked in Debian's Chromium (issue 19): the data-recovery expert's user
signs in with its password and a TOTP code, sees only its own order (not the takedown firm's),
accepts it, sends its quote and, once the agent accepted the quote, reports the work with a PDF
and uploads its UBL invoice. The orders page renders in the four languages, checked with axe.

One server (a migrated SQLite file), one browser. Without Chromium the tests are skipped (see
tests/web/test_browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyotp
import pytest

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.db import migrate
from cybercare.db.tables import UserRow
from cybercare.identity import credentials, signin
from cybercare.kernel.clock import FixedClock
from cybercare.providers.domain import ProviderKind
from cybercare.providers.service import accept_quote
from cybercare.settings import Environment, Settings
from tests.providers.builders import invoice
from tests.providers.portal_world import PortalWorld, portal_world
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, browser, serving  # noqa: F401
from tests.web.conftest import PASSWORD, SECRET, TODAY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TITLES = {
    "en": "My orders",
    "fr": "Mes commandes",
    "nl": "Mijn opdrachten",
    "de": "Meine Aufträge",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('provider_portal') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    with container.database.uow() as uow:
        world = portal_world(uow, container.clock)
        user_id = world.expert_user.user_id
        signin.set_password(
            uow, user_id=user_id, password=PASSWORD, clock=container.clock, actor="test"
        )
        row = uow.session.get(UserRow, user_id)
        assert row is not None
        row.totp_secret = credentials.new_totp_secret()  # enrolled earlier
        secret = row.totp_secret
        uow.commit()
    app = create_app(container=container)
    with serving(app) as base:
        yield {"base": base, "secret": secret, "container": container, "world": world}
    container.engine.dispose()


@pytest.fixture(scope="module")
def lab(browser: Browser, server: dict[str, object]) -> Iterator[Page]:  # noqa: F811
    """Signed in once, with password and code (a code is accepted once)."""
    page = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()  # type: ignore[arg-type]
    page.goto(f"{server['base']}/login?lang=en")
    page.locator("#f-email").fill("lab@recovery.example")
    page.locator("#f-password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form[action='/login'] button[type='submit']").click()
    assert "/login/code" in page.url, page.url
    code = pyotp.TOTP(str(server["secret"])).at(TODAY)
    page.locator("main form[action='/login/code'] input[name='code']").fill(code)
    with page.expect_navigation():
        page.locator("main form[action='/login/code'] button[type='submit']").click()
    assert page.url.endswith("/provider/orders"), page.url
    yield page
    page.context.close()


def _submit(page: Page, action: str) -> None:
    with page.expect_navigation():
        page.locator(f"main form[action$='/{action}'] button[type='submit']").click()
    assert "done=1" in page.url, page.inner_text("main")


def test_the_provider_accepts_its_order_quotes_reports_and_invoices(
    server: dict[str, object], lab: Page
) -> None:
    world = server["world"]
    container = server["container"]
    assert isinstance(world, PortalWorld) and isinstance(container, Container)
    base = server["base"]
    lab.goto(f"{base}/provider/orders?lang=en")
    listing = lab.inner_text("main")
    assert world.order_id in listing and world.other_order_id not in listing
    assert lab.locator(".help-bar").count() == 0  # the members' assistance line is not theirs
    assert_no_axe_violations(lab, "main")
    with lab.expect_navigation():
        lab.locator(f"main a[href='/provider/orders/{world.order_id}']").click()
    assert "laptop" in lab.inner_text("main")  # the brief: what the work needs (Art. 11)
    _submit(lab, "accept")
    assert "Accepted by you, waiting for your quote" in lab.inner_text("main")
    lab.locator("#quote-amount").fill("640.00")
    _submit(lab, "quote")
    assert "Quote received" in lab.inner_text("main")
    assert_no_axe_violations(lab, "main")

    with container.database.uow() as uow:  # the agent accepts the quote: the pot reserves it
        accept_quote(uow, world.world.agent, world.order_id, container.clock, container.catalog)
        uow.commit()
    lab.reload()
    lab.locator("input[name='outcome'][value='done']").check()
    lab.locator("#report-note").fill("Disk imaged, 98 % of the photos back")
    lab.locator("#report-file").set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 report"}
    )
    _submit(lab, "report")
    assert "report.pdf" in lab.inner_text("main")
    xml = invoice(world.order_id, ProviderKind.DATA_RECOVERY, 52_892)
    lab.locator("#invoice").set_input_files(
        {"name": "INV-1.xml", "mimeType": "application/xml", "buffer": xml}
    )
    _submit(lab, "invoice")
    assert "Invoiced" in lab.inner_text("main")
    assert "639.99" in lab.inner_text("main")


@pytest.mark.parametrize("language", list(TITLES))
def test_the_orders_page_renders_in_four_languages(
    server: dict[str, object], lab: Page, language: str
) -> None:
    lab.goto(f"{server['base']}/provider/orders?lang={language}")
    assert lab.inner_text("main h1") == TITLES[language]
    assert lab.locator("html").get_attribute("lang") == language
    if language == "de":
        assert_no_axe_violations(lab, "main")
