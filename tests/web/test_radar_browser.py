"""The scam radar walked in Debian's Chromium (issue 20): Cas forwards a parcel-fee text, the
technical team answers "scam", Cas opens the incident in one tap; an agent confirms the IBAN and
the other household that reported it is told (an e-mail in its member's language, and the page
of its report). The forward page and the staff radar render in the four languages.

One server (a migrated SQLite file with two households), one browser. Without Chromium the tests
are skipped (see tests/web/test_browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyotp
import pytest
from sqlalchemy import select

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.db import migrate
from cybercare.db.tables import OutboxMessage, UserRow
from cybercare.identity import credentials, signin
from cybercare.kernel.clock import FixedClock
from cybercare.radar import service
from cybercare.radar.domain import AskedTo, ReportKind
from cybercare.settings import Environment, Settings
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, browser, serving  # noqa: F401
from tests.web.conftest import PASSWORD, SECRET, TODAY
from tests.web.portal_world import peeters

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

IBAN = "BE71 0961 2345 6769"
PARCEL = (
    f"bpost: your parcel waits. Pay the 1,99 EUR fee at https://bpost-fee.info/pay or to {IBAN}"
)
TITLES = {
    "en": ("Is this a scam?", "Scam radar"),
    "fr": ("Est-ce une arnaque ?", "Radar des arnaques"),
    "nl": ("Is dit oplichting?", "Oplichtingsradar"),
    "de": ("Ist das Betrug?", "Betrugsradar"),
}


def _password(container: Container, user_id: str, *, totp: bool) -> tuple[str, str | None]:
    with container.database.uow() as uow:
        signin.set_password(
            uow, user_id=user_id, password=PASSWORD, clock=container.clock, actor="test"
        )
        row = uow.session.get(UserRow, user_id)
        assert row is not None
        if totp:
            row.totp_secret = credentials.new_totp_secret()
        email, secret = row.email, row.totp_secret
        uow.commit()
    return email, secret


@pytest.fixture(scope="module")
def radar_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('radar') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    world = peeters(container)
    other = peeters(container, suffix="_b", with_staff=False)
    with container.database.uow() as uow:
        from cybercare.db.tables import PersonRow

        person = uow.session.get(PersonRow, other.person("affiliate"))
        assert person is not None
        person.email, person.language = "an.b@peeters.example", "fr"
        uow.commit()
    with container.database.uow() as uow:  # another household reported the IBAN first
        service.submit_report(
            uow,
            other["affiliate"],
            service.Submission(
                person_id=other.person("affiliate"),
                kind=ReportKind.IBAN,
                content=IBAN,
                asked_to=AskedTo.SELL_OR_RECEIVE,
            ),
            container.catalog,
            container.clock,
        )
        uow.commit()
    member, _ = _password(container, world["adult_child"].user_id, totp=False)
    agent, secret = _password(container, world["technical"].user_id, totp=True)
    app = create_app(container=container)
    with serving(app) as base:
        yield {
            "base": base,
            "member": member,
            "agent": agent,
            "secret": secret,
            "container": container,
        }
    container.engine.dispose()


def _sign_in(chromium: Browser, server: dict[str, object], who: str) -> Page:
    page = chromium.new_context(viewport=DESKTOP, locale="en-GB").new_page()  # type: ignore[arg-type]
    page.goto(f"{server['base']}/login")
    page.locator("#f-email").fill(str(server[who]))
    page.locator("#f-password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form[action='/login'] button[type='submit']").click()
    if who == "agent":
        code = pyotp.TOTP(str(server["secret"])).at(TODAY)
        page.locator("main form[action='/login/code'] input[name='code']").fill(code)
        with page.expect_navigation():
            page.locator("main form[action='/login/code'] button[type='submit']").click()
    assert "/login" not in page.url, page.url
    return page


@pytest.fixture(scope="module")
def member(browser: Browser, radar_server: dict[str, object]) -> Iterator[Page]:  # noqa: F811
    page = _sign_in(browser, radar_server, "member")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def agent(browser: Browser, radar_server: dict[str, object]) -> Iterator[Page]:  # noqa: F811
    """Signed in once: a second factor's code is refused when used twice."""
    page = _sign_in(browser, radar_server, "agent")
    yield page
    page.context.close()


def test_a_member_forwards_a_parcel_fee_text_gets_the_answer_and_opens_the_incident(
    radar_server: dict[str, object], member: Page, agent: Page
) -> None:
    base = radar_server["base"]
    member.goto(f"{base}/portal/radar?lang=en")
    assert_no_axe_violations(member, "main")
    member.locator("#radar-content").fill(PARCEL)
    member.locator("#radar-asked").select_option("pay")
    with member.expect_navigation():
        member.locator("#radar-forward button[type='submit']").click()
    assert "/portal/radar/rpt" in member.url
    report_url = member.url
    report_id = report_url.rsplit("/", 1)[1]
    assert "Other Cyber Care households reported this too" in member.inner_text("main")
    assert "Looks like bpost.be but is not" in member.inner_text("main")

    agent.goto(f"{base}/staff/radar?lang=en")
    assert report_id in agent.inner_text("#radar-queue")
    agent.goto(f"{base}/staff/radar/reports/{report_id}")
    agent.locator("input[name='verdict'][value='scam']").check()
    agent.locator("#answer-advice").fill("Do not pay: bpost never asks a fee by text.")
    with agent.expect_navigation():
        agent.locator("#radar-answer-form button[type='submit']").click()
    assert "done=answered" in agent.url

    member.goto(report_url)
    assert "This is a scam" in member.inner_text("#radar-answer")
    assert_no_axe_violations(member, "main")
    with member.expect_navigation():
        member.locator("#radar-incident button[type='submit']").click()
    assert "/portal/cases/case" in member.url, member.url

    # The agent confirms the IBAN: both households that reported it are told.
    agent.goto(f"{base}/staff/radar/cluster?kind=iban&value=BE71096123456769&days=7")
    assert "2" in agent.inner_text("#cluster-summary")
    agent.locator("#cluster-reason").fill("Money mule account, two households")
    with agent.expect_navigation():
        agent.locator("#cluster-confirm button[type='submit']").click()
    assert "done=confirmed" in agent.url
    assert "BE71096123456769" in agent.inner_text("#radar-known")
    container = radar_server["container"]
    assert isinstance(container, Container)
    with container.database.reader() as uow:
        payloads = [dict(m.payload) for m in uow.session.scalars(select(OutboxMessage))]
    told = [p for p in payloads if p.get("to") == "an.b@peeters.example"]
    assert told and told[0]["language"] == "fr"
    assert "confirmé" in told[0]["subject"]
    member.goto(report_url)
    assert "Confirmed scam" in member.inner_text("main")


@pytest.mark.parametrize("language", list(TITLES))
def test_the_radar_pages_render_in_four_languages(
    radar_server: dict[str, object], member: Page, agent: Page, language: str
) -> None:
    base = radar_server["base"]
    member.goto(f"{base}/portal/radar?lang={language}")
    assert member.inner_text("main h1") == TITLES[language][0]
    member.goto(f"{base}/portal/radar-rights?lang={language}")
    assert member.locator("#radar-rights").is_visible()
    agent.goto(f"{base}/staff/radar?lang={language}")
    assert TITLES[language][1] in agent.inner_text("main h1")
    assert_no_axe_violations(agent, "main")
