"""A member asks for a copy of their data in a real browser (GDPR art. 15, 20; Art. 11.3): the
page says "being prepared" while a worker (running beside the server, as in production) builds
the archive, htmx swaps in the download link, and the zip holds data.json and the PDF. The page
in the four languages, checked by axe and photographed.

A server of its own (the Peeters household, Bram signs in) and an outbox worker thread with the
handlers the `worker` command wires, on one SQLite file.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.cli.worker import worker_handlers
from cybercare.db import migrate
from cybercare.identity import signin
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.runner import run_worker
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from cybercare.settings import Environment, Settings
from tests.assistance.builders import household_world
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, PHONE, Problems, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

EMAIL = "partner@peeters.example"
LANGUAGES = ("nl", "fr", "de", "en")
TITLE = {
    "en": "My personal data",
    "nl": "Mijn persoonsgegevens",
    "fr": "Mes données personnelles",
    "de": "Meine personenbezogenen Daten",
}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("my_data")
    url = f"sqlite:///{folder / 'web.db'}"
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
            user_id=world["partner"].user_id,
            password=PASSWORD,
            clock=container.clock,
            actor="test",
        )
        uow.commit()
    stop = threading.Event()

    def work() -> None:
        with HttpWebhookTransport() as webhooks:
            run_worker(
                container.database,
                container.clock,
                webhook_transport=webhooks,
                mail_transport=MailboxTransport(folder / "mailbox"),
                secret_key=SECRET,
                mail_from="noreply@cybercare.test",
                poll_interval_s=0.2,
                stop_event=stop,
                jobs=JobRegistry(),
                handlers=worker_handlers(container, None),
            )

    # Started by the walk once it has seen "being prepared" (the tiny household's copy is built
    # in well under a second, faster than the page could be photographed); later tests find it
    # running.
    worker = threading.Thread(target=work, daemon=True)
    with serving(create_app(container=container)) as base:
        WORKER[:] = [worker]
        yield base
        stop.set()
        if worker.is_alive():
            worker.join(timeout=10)


WORKER: list[threading.Thread] = []


def _sign_in(page: Page, live_server: str, language: str) -> None:
    page.context.add_cookies([{"name": "cc_lang", "value": language, "url": live_server}])
    page.goto(f"{live_server}/login")
    page.fill("#f-email", EMAIL)
    page.fill("#f-password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def test_gdpr_art_15_member_asks_waits_and_downloads_the_archive(
    live_server: str, browser: Browser
) -> None:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        problems = Problems(page)
        _sign_in(page, live_server, "en")
        page.goto(f"{live_server}/portal/my-data")
        page.click("form[action='/portal/my-data'] button[type=submit]")
        page.wait_for_url("**/portal/my-data?asked=1")
        assert page.locator("p.notice[role=status]").count() == 1
        assert page.locator("text=Being prepared.").count() == 1
        shot(page, "my-data-en-asked")
        WORKER[0].start()
        link = page.locator("a[href^='/portal/my-data/'][href$='.zip']")
        # htmx polls every 3 s while the worker builds the copy; the link replaces the notice.
        link.wait_for(state="visible", timeout=15_000)
        assert page.locator("text=Being prepared.").count() == 0
        assert page.locator("p.notice[role=status]").count() == 0  # the swap took the notice
        with page.expect_download() as download:
            link.click()
        content = download.value.path().read_bytes()
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        assert "data.json" in names
        assert any(n.startswith("personal-data-") and n.endswith(".pdf") for n in names)
        shot(page, "my-data-en-ready")
        assert problems.seen == []
    finally:
        context.close()


def test_the_my_data_page_in_each_language(live_server: str, browser: Browser) -> None:
    """Signed in once; the language switched by its cookie (as the switcher does). After the
    walk above, the page shows the ready copy with its link."""
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        problems = Problems(page)
        _sign_in(page, live_server, "en")
        for language in LANGUAGES:
            page.context.add_cookies([{"name": "cc_lang", "value": language, "url": live_server}])
            page.goto(f"{live_server}/portal/my-data")
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("h1").inner_text().strip() == TITLE[language]
            link = page.locator("a[href^='/portal/my-data/'][href$='.zip']")
            assert link.count() == 1
            box = link.bounding_box()
            assert box is not None and box["height"] < 60  # not broken inside its words
            assert_no_axe_violations(page)
            shot(page, f"my-data-{language}-phone")
        assert problems.seen == []
    finally:
        context.close()
