"""Issue 14 in Debian's Chromium (see test_browser.py for the set-up and when these tests are
skipped): an agent of two teams lands on "all my queues" (breaches first, the person concerned
and the minor flag), and a claims handler finds the decision form prefilled with the engine's
proposal and confirms it in one click — in the four languages, on a phone and on a desktop.
Screenshots: test-artifacts/web/queues-*.png, decision-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.claims.submit import submit_claim
from cybercare.db import migrate
from cybercare.identity.domain import Principal
from cybercare.identity.service import create_staff_user
from cybercare.identity.signin import set_password
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from tests.assistance.builders import household_world
from tests.assistance.helpers import open_case, run
from tests.claims.builders import ecom_evidence, ecom_submission
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import ARTIFACTS, DESKTOP, PHONE, browser, new_page, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY

__all__ = ["browser", "new_page"]  # fixtures shared from tests/web/browser.py

LANGUAGES = {
    "nl": ("Al mijn wachtrijen", "Minderjarige — wettelijke vertegenwoordiger", "Uw beslissing"),
    "fr": ("Toutes mes files d'attente", "Mineur — représentant légal", "Votre décision"),
    "de": ("Alle meine Warteschlangen", "Minderjährig — gesetzlicher Vertreter", None),
    "en": ("All my queues", "Minor — legal representative", "Your decision"),
}
SIZES = [("phone", PHONE), ("desktop", DESKTOP)]
# Each language is photographed and checked by axe-core once (to keep the module fast): two on
# a phone, two on a desktop; every language and size is walked and measured.
PHOTOGRAPHED = {"phone": ("nl", "fr"), "desktop": ("de", "en")}


@dataclass(frozen=True)
class Scene:
    url: str
    late_case: str
    minor_case: str
    claims: dict[str, tuple[str, str]]  # size -> (case, claim)


def _staff(container: Any, email: str, roles: list[str]) -> Principal:
    with container.database.uow() as uow:
        user = create_staff_user(
            uow,
            email=email,
            display_name=email.split("@", maxsplit=1)[0],
            roles=roles,
            clock=container.clock,
            actor="test",
        )
        set_password(
            uow, user_id=user.user_id, password=PASSWORD, clock=container.clock, actor="test"
        )
        uow.commit()
    return user


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    """The Peeters household; a technical case late by an hour, then an urgent case of Dina
    (12) and two claims of 1,500 EUR waiting for a handler (above the auto-pay ceiling)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('queues-browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
        staff_second_factor_required=False,
    )
    clock = FixedClock(TODAY)
    container = build_container(settings, clock=clock)
    world = household_world(container.database, clock)
    _staff(container, "two.teams@cybercare.example", ["technical", "legal"])
    _staff(container, "handler@cybercare.example", ["claims_handler"])
    db = container.database
    late = open_case(
        db,
        clock,
        world["technical"],
        world.person("adult_child"),
        "DATA",
        urgent=True,
        urgency_reason="ongoing_fraud",
    ).case_id
    clock.advance(timedelta(hours=2))
    minor = open_case(
        db,
        clock,
        world["technical"],
        world.person("minor"),
        "EREP",
        urgent=True,
        urgency_reason="ongoing_harassment",
    ).case_id
    claims = {}
    for size, _ in SIZES:
        case = open_case(
            db,
            clock,
            world["adult_child"],
            world.person("adult_child"),
            "ECOM",
            narrative="The shop never delivered my laptop",
        ).case_id
        claim = run(
            db,
            lambda uow, case=case: submit_claim(
                uow,
                world["adult_child"],
                case,
                ecom_submission(150_000),
                container.catalog,
                clock,
                ecom_evidence(),
            ),
        )
        claims[size] = (case, claim.claim_id)
    app = create_app(container=container)
    with serving(app) as base:
        yield Scene(base, late, minor, claims)


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login?lang=en")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    with page.expect_navigation():
        page.locator('form[action="/login"] button[type="submit"]').click()
    assert "/login" not in page.url


def _fits(page: Any) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize(("size", "viewport"), SIZES)
def test_issue_14_an_agent_of_two_teams_lands_on_all_my_queues_in_four_languages(
    scene: Scene, new_page: Any, size: str, viewport: dict[str, int]
) -> None:
    page, problems = new_page(viewport=viewport)
    _sign_in(page, scene.url, "two.teams@cybercare.example")
    page.goto(f"{scene.url}/staff")
    assert page.locator("section#queue-all").count() == 1  # the landing page of two teams
    for lang, (title, minor, _) in LANGUAGES.items():
        page.goto(f"{scene.url}/staff/queues/all?lang={lang}")
        assert page.locator("h1").inner_text() == title
        rows = page.locator("section#queue-all tbody tr")
        first, second = rows.nth(0), rows.nth(1)
        assert "breached" in (first.get_attribute("class") or "")  # an hour late: first
        assert scene.late_case in first.inner_text()
        assert "Dina Peeters" in second.inner_text()
        assert minor in second.inner_text()
        _fits(page)
        if lang in PHOTOGRAPHED[size]:
            assert_no_axe_violations(page)  # the whole page: a new page of issue 14
            shot(page, f"queues-all-{lang}-{size}")
    assert problems.seen == []


@pytest.mark.parametrize(("size", "viewport"), SIZES)
def test_issue_14_the_decision_form_is_prefilled_and_confirmed_in_one_click(
    scene: Scene, new_page: Any, size: str, viewport: dict[str, int]
) -> None:
    case_id, claim_id = scene.claims[size]
    page, problems = new_page(viewport=viewport)
    _sign_in(page, scene.url, "handler@cybercare.example")
    form = page.locator(f'form[action="/staff/claims/{claim_id}/decision"]')
    for lang, (_, _, heading) in LANGUAGES.items():
        page.goto(f"{scene.url}/staff/cases/{case_id}?lang={lang}#claim-{claim_id}")
        assert form.locator('input[name="outcome"][value="accepted"]').is_checked()
        assert form.locator('input[name="payable"]').input_value() == "1500.00"
        assert form.locator('textarea[name="reasons"]').input_value().strip()
        if heading:
            assert heading in form.inner_text()
        _fits(page)
        if lang in PHOTOGRAPHED[size]:
            assert_no_axe_violations(page, f"#claim-{claim_id}")  # the claim and its form
            form.screenshot(path=_artifact(f"decision-form-{lang}-{size}"))
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()  # one click confirms the proposal
    assert "done=decided" in page.url
    assert page.locator('[role="status"]').first.is_visible()
    shot(page, f"decision-confirmed-en-{size}")
    assert problems.seen == []


def _artifact(name: str) -> str:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")
