"""Signing in on a phone, in Debian's Chromium (see tests/web/browser.py for the set-up and when
these tests are skipped): a staff member is sent to sign in, mistypes the password, sets up the
second factor from the QR page's key, reaches the page asked for, and signs out. Screenshots:
test-artifacts/web/signin-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.identity import credentials
from cybercare.identity.service import create_staff_user
from cybercare.identity.signin import set_password
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from tests.web.browser import PHONE, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY

EMAIL = "lea@cybercare.example"


@pytest.fixture(scope="module")
def signin_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh SQLite database with one staff user who has no second factor yet;
    the staff second factor is required (as in production)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('signin-browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
        staff_second_factor_required=True,
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    with container.database.uow() as uow:
        lea = create_staff_user(
            uow,
            email=EMAIL,
            display_name="Lea Janssens",
            roles=["legal"],
            language="nl",  # the pages speak it once she has signed in (Art. 11.4)
            clock=container.clock,
            actor="test",
        )
        set_password(uow, user_id=lea.user_id, password=PASSWORD, clock=container.clock, actor="t")
        uow.commit()
    app = create_app(container=container)
    with serving(app) as base:
        yield base


def fits_the_screen(page: Any) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_a_staff_member_signs_in_and_sets_up_the_second_factor_on_a_phone(
    signin_server: str, new_page: Any
) -> None:
    page, problems = new_page(viewport=PHONE, locale="nl-BE")
    page.goto(f"{signin_server}/account")
    assert page.url == f"{signin_server}/login?next=%2Faccount"
    assert page.locator("h1").inner_text() == "Aanmelden"
    fits_the_screen(page)
    shot(page, "signin-login-nl-phone")

    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill("not my password at all")
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").last.click()
    assert page.locator(".error-summary").is_visible()
    assert "Het e-mailadres of het wachtwoord is onjuist." in page.locator("main").inner_text()
    assert page.get_by_label("E-mailadres").input_value() == EMAIL  # kept for the next try
    shot(page, "signin-refused-nl-phone")

    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").last.click()
    assert page.url == f"{signin_server}/login/enrol?next=%2Faccount"
    qr = page.get_by_alt_text("QR-code om te scannen met uw authenticatie-app")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")  # allowed by the CSP
    fits_the_screen(page)
    shot(page, "signin-enrol-nl-phone")

    key = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(credentials.totp_code(key, TODAY))
    with page.expect_navigation():
        page.get_by_role("button", name="Bevestigen").click()
    assert page.url == f"{signin_server}/account"
    assert page.locator("h1").inner_text() == "Mijn account"
    fits_the_screen(page)
    shot(page, "signin-account-nl-phone")

    with page.expect_navigation():
        page.get_by_role("button", name="Afmelden").click()
    assert page.url == f"{signin_server}/login?signed_out=1"
    assert page.get_by_role("status").inner_text() == "U bent afgemeld."
    shot(page, "signin-signed-out-nl-phone")
    # The refused password is answered with the form and status 422, which Chromium logs.
    expected = {
        f"422 {signin_server}/login",
        "console error: Failed to load resource: the server responded with a status of 422 "
        "(Unprocessable Entity)",
    }
    assert [seen for seen in problems.seen if seen not in expected] == []
