"""The four journeys of issue 6 in a real browser (Debian's Chromium driven by Playwright), on the
demo world `make run` seeds, served by uvicorn from a migrated SQLite file:

1. a member reports an e-commerce non-delivery, sees the accepted decision and the pot going down;
2. a psychologist takes an urgent case and writes a confidential note that another team's agent
   cannot read (Art. 11.2);
3. a member switches to French and back;
4. the affiliate previews a termination (Art. 9.4) before confirming anything.

Every page visited is saved as a screenshot in test-artifacts/web/journeys/. Without Chromium the
tests are skipped, except in CI where that is a failure (see test_browser.py).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.demo import seed
from cybercare.demo.cast import email
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from tests.web.browser import ARTIFACTS, DESKTOP, PHONE, Problems, browser, serving  # noqa: F401
from tests.web.conftest import SECRET, TODAY
from tests.web.test_report import IBAN, PDF, YES_NO_QUESTIONS, spec_of

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = ARTIFACTS / "journeys"
PASSWORD_LINE = re.compile(r"password of every demo login below: (\S+)")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The demo world on a fresh database, served on a free port: (base URL, demo password)."""
    shutil.rmtree(SHOTS, ignore_errors=True)  # this run's screenshots only
    folder = tmp_path_factory.mktemp("journeys")
    url = f"sqlite:///{folder / 'demo.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
        staff_second_factor_required=False,  # as `make run` does, and says so on the login page
        mailbox_dir=folder / "mailbox",
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    lines = seed(container, folder / "demo-credentials.txt")
    found = next(m for line in lines if (m := PASSWORD_LINE.search(line)))
    app = create_app(container=container)
    with serving(app) as base:
        yield base, found.group(1)
    container.engine.dispose()


class Visit:
    """One person's browser: a context of its own (cookies), its problems and its screenshots."""

    def __init__(self, chromium: Browser, base: str, who: str, **options: Any) -> None:
        self.context = chromium.new_context(
            viewport=options.pop("viewport", DESKTOP), locale=options.pop("locale", "en-GB")
        )
        self.page: Page = self.context.new_page()
        self.problems = Problems(self.page)
        self.base = base
        self.who = who
        self.shots = 0

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        path = SHOTS / f"{self.who}-{self.shots:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def sign_in(self, address: str, password: str) -> None:
        self.go("/login")
        # By field id: the sign-in page speaks the browser's language (nl-BE in journey 3).
        self.page.locator("#f-email").fill(address)
        self.page.locator("#f-password").fill(password)
        with self.page.expect_navigation():
            self.page.locator("main form[action='/login'] button[type='submit']").click()
        assert "/login" not in self.page.url, self.page.url

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visits(browser: Browser, demo_server: tuple[str, str]) -> Iterator[Any]:  # noqa: F811
    opened: list[Visit] = []

    def open_visit(who: str, **options: Any) -> Visit:
        visit = Visit(browser, demo_server[0], who, **options)
        opened.append(visit)
        return visit

    yield open_visit
    for visit in opened:
        visit.close()


def _text(page: Page) -> str:
    """The main content's text, runs of white space made one (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", page.locator("main").inner_text())


def _cents(amount: str) -> int:
    """'4,880.00' (English, as the page writes it) -> 488000."""
    return int(amount.replace(".", "").replace(",", ""))


def test_journey_1_a_member_reports_a_non_delivery_and_sees_the_decision_and_the_pot_go_down(
    visits: Any, demo_server: tuple[str, str]
) -> None:
    olivia = visits("member-ecom")
    olivia.sign_in(email("olivia.smith"), demo_server[1])
    olivia.go("/portal")
    olivia.shot("home-before")
    before = _text(olivia.page)
    assert "Yearly limits of the household" in before

    with olivia.page.expect_navigation():
        olivia.page.get_by_role("link", name="Report an incident").first.click()
    olivia.shot("choose")
    spec = spec_of("ecom")
    olivia.go("/portal/report/ecom")
    page = olivia.page
    page.locator("input[name='person_id']").first.check()
    page.check("input[name='kind'][value='non_delivery']")
    page.locator("[name='narrative']").fill(
        "I paid 120 EUR for headphones on a Belgian web shop; they never arrived."
    )
    # After the incident period of her camera case (28 September - 8 October): not a possible
    # duplicate, which would go to a handler (issue 14), so decided straight through.
    page.locator("[name='occurrence_date']").fill("2026-10-12")
    page.locator("[name='discovery_date']").fill("2026-11-20")
    page.check("input[name='urgency'][value='none']")
    for name in spec.field_names():
        if name in ("person_id", "narrative", "occurrence_date", "discovery_date", "urgency"):
            continue
        if name == "kind":
            continue
        if name == "amount":
            page.locator("[name='amount']").fill("120,00")
        elif name == "iban":
            page.locator("[name='iban']").fill(IBAN)
        elif name == "holder":
            page.locator("[name='holder']").fill("Olivia Smith")
        elif name == "payment_date":
            page.locator("[name='payment_date']").fill("2026-10-12")
        elif name == "promised_delivery_date":
            page.locator("[name='promised_delivery_date']").fill("2026-10-19")
        elif name.startswith("obligation.") or name in YES_NO_QUESTIONS:
            page.check(f"input[name='{name}'][value='yes']")
    olivia.shot("details")
    with page.expect_navigation():
        page.get_by_role("button", name="Next: documents").click()
    olivia.shot("documents")
    for evidence in spec.evidence("non_delivery"):
        page.locator(f"input[name='evidence.{evidence.code}']").set_input_files(
            files=[
                {
                    "name": f"{evidence.code}.pdf",
                    "mimeType": "application/pdf",
                    "buffer": PDF + evidence.code.encode(),
                }
            ]
        )
    duplicate = page.locator("input[name='confirm_duplicate']")
    if duplicate.count():
        duplicate.check()
    with page.expect_navigation():
        page.locator("#f-send").click()
    olivia.shot("decision")
    decided = _text(page)
    assert "Your claim is decided" in decided, decided[:600]
    assert "Claim accepted" in decided
    assert "Amount we pay €120.00" in decided
    assert "Art. 10" in decided  # the complaints path
    went_down = re.search(
        r"Left before this decision: €([\d.,]+)\. Left after it: €([\d.,]+)\.", decided
    )
    assert went_down, decided[:800]
    before_cents, after_cents = (_cents(amount) for amount in went_down.groups())
    assert before_cents - after_cents == 12_000  # the pot went down by what was paid

    olivia.go("/portal")
    olivia.shot("home-after")
    meters = page.locator("meter")
    assert meters.count() >= 1
    assert olivia.problems.seen == []


def test_journey_2_a_psychologist_takes_an_urgent_case_and_another_team_cannot_read_the_note(
    visits: Any, demo_server: tuple[str, str]
) -> None:
    psy = visits("psychologist")
    psy.sign_in(email("psy"), demo_server[1])
    psy.go("/staff/queues/psychological")
    psy.shot("queue")
    urgent = psy.page.locator("tr.urgent").filter(has=psy.page.get_by_role("button", name="Take"))
    assert urgent.count() >= 1, _text(psy.page)[:800]
    row = urgent.first
    case_link = row.locator("a[href^='/staff/cases/']").first.get_attribute("href")
    assert case_link is not None
    case_path = case_link.split("#")[0]
    row.get_by_role("button", name="Take").click()
    psy.page.wait_for_load_state("networkidle")
    psy.shot("taken")

    # GDPR art. 9(2)(a): the counsellor reads the consent text on the phone and records it.
    psy.go(f"{case_path}/consent")
    psy.shot("consent")
    with psy.page.expect_navigation():
        psy.page.get_by_role("button", name="Record the consent given on the phone").click()
    psy.go(case_path)
    psy.shot("case")
    secret = "Lotte sleeps badly since the photos; plan three sessions with her mother present."
    form = psy.page.locator("form.note-form").filter(
        has=psy.page.locator("input[value='psychological']")
    )
    assert form.count() == 1, "the counsellor can write in the confidential compartment"
    form.locator("textarea[name='body']").fill(secret)
    form.locator("input[value='psychological']").check()
    with psy.page.expect_navigation():
        form.get_by_role("button", name="Save the note").click()
    psy.shot("note-saved")
    assert secret in _text(psy.page)

    agent = visits("technical-agent")
    agent.sign_in(email("technical"), demo_server[1])
    agent.go(case_path)
    agent.shot("case-seen-by-another-team")
    seen = _text(agent.page)
    assert "confidential note" in seen
    assert secret not in agent.page.content()  # not hidden: never sent to this browser
    assert psy.problems.seen == [] and agent.problems.seen == []


def test_journey_3_a_member_switches_to_french_and_back(
    visits: Any, demo_server: tuple[str, str]
) -> None:
    sofie = visits("member-language", viewport=PHONE, locale="nl-BE")
    sofie.sign_in(email("sofie.janssens"), demo_server[1])
    sofie.go("/portal")
    page = sofie.page
    assert page.evaluate("document.documentElement.lang") == "nl"  # her language, Art. 11.4
    sofie.shot("home-nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.url.endswith("/portal")
    sofie.shot("home-fr")
    page.goto(sofie.base + "/portal/cases")
    assert page.evaluate("document.documentElement.lang") == "fr"  # remembered
    sofie.shot("cases-fr")
    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands").click()
    assert page.evaluate("document.documentElement.lang") == "nl"
    sofie.shot("cases-nl")
    assert sofie.problems.seen == []


def test_journey_4_the_affiliate_previews_a_termination_before_confirming(
    visits: Any, demo_server: tuple[str, str]
) -> None:
    sofie = visits("affiliate-termination")
    sofie.sign_in(email("sofie.janssens"), demo_server[1])
    sofie.go("/portal/termination?lang=en")
    page = sofie.page
    sofie.shot("preview")
    shown = _text(page)
    assert "Terminate the contract" in shown
    assert "Art. 9.4" in shown
    assert re.search(r"\d{1,2} \w+ 20\d\d", shown), "the computed end date is shown"
    assert page.get_by_role("button", name="Confirm the termination").is_visible()
    keep = page.get_by_role("button", name="Keep the contract")  # a link styled as a button
    with page.expect_navigation():
        keep.click()
    assert page.url.endswith("/portal")
    assert "Terminated" not in _text(page)  # nothing was confirmed
    sofie.shot("kept")
    assert sofie.problems.seen == []


def test_the_screenshots_of_the_journeys_are_saved() -> None:
    """Runs last in this module: the artifacts CI keeps (and a person looks at)."""
    if not SHOTS.exists():
        pytest.skip("no browser run")
    assert len(list(Path(SHOTS).glob("*.png"))) >= 12


MEMBER_PAGES = (
    "/portal",
    "/portal/cases",
    "/portal/documents",
    "/portal/billing",
    "/portal/members",
    "/portal/report",
    "/portal/report/ecom",
    "/portal/termination",
    "/account",
)
STAFF_PAGES = (
    "/staff",
    "/staff/queues/psychological",
    "/staff/search?q=janssens",
    "/staff/dashboards",
    "/account",
)


def _tour(visit: Visit, pages: tuple[str, ...], language: str) -> list[str]:
    """Visit each page in `language`; the problems found (status, language, sideways scroll)."""
    found = []
    for path in pages:
        joiner = "&" if "?" in path else "?"
        response = visit.page.goto(f"{visit.base}{path}{joiner}lang={language}")
        if response is None or response.status != 200:
            found.append(f"{path}: HTTP {response.status if response else '-'}")
            continue
        if visit.page.evaluate("document.documentElement.lang") != language:
            found.append(f"{path}: not in {language}")
        overflow = visit.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            found.append(f"{path}: scrolls sideways by {overflow}px")
        if language == "fr":
            visit.shot(path.strip("/").replace("/", "-").split("?")[0] + "-fr")
    return found


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_every_member_and_staff_page_in_each_language_on_a_phone(
    visits: Any, demo_server: tuple[str, str], language: str
) -> None:
    member = visits(f"tour-member-{language}", viewport=PHONE)
    member.sign_in(email("sofie.janssens"), demo_server[1])  # the affiliate: every page
    staff = visits(f"tour-staff-{language}", viewport=PHONE)
    staff.sign_in(email("supervisor"), demo_server[1])
    problems = _tour(member, MEMBER_PAGES, language) + _tour(staff, STAFF_PAGES, language)
    assert problems == []
    assert member.problems.seen == [] and staff.problems.seen == []


@pytest.mark.parametrize(("who", "pages"), [("olivia.smith", MEMBER_PAGES), ("psy", STAFF_PAGES)])
def test_every_page_works_by_keyboard_with_a_visible_focus(
    visits: Any, demo_server: tuple[str, str], who: str, pages: tuple[str, ...]
) -> None:
    """Tab walks every page from the skip link on: each stop is a visible control that shows
    its focus (outline), and the walk never gets stuck on one element."""
    visit = visits(f"keyboard-{who}")
    visit.sign_in(email(who), demo_server[1])
    for path in pages:
        visit.page.goto(f"{visit.base}{path}")
        stops = []
        for _ in range(40):
            visit.page.keyboard.press("Tab")
            state = visit.page.evaluate(
                """() => {
                    const e = document.activeElement;
                    if (!e || e === document.body) return null;
                    const box = e.getBoundingClientRect();
                    const style = getComputedStyle(e);
                    const text = (e.innerText || e.value || e.name || '').slice(0, 40);
                    return {tag: e.tagName, text: text, type: e.type || '',
                            focus: e.matches(':focus'),
                            visible: box.width > 0 && box.height > 0,
                            outline: style.outlineStyle !== 'none'};
                }"""
            )
            if state is None:
                break
            stops.append(state)
            assert state["visible"], f"{path}: focus on an invisible {state}"
            if state["type"] == "date" and not state["focus"]:
                continue  # on the field's own calendar button, which Chromium rings itself
            assert state["outline"], f"{path}: no visible focus on {state}"
        assert stops and stops[0]["text"].strip() == "Skip to main content", (path, stops[:2])
        assert len({(s["tag"], s["text"]) for s in stops}) > 3, f"{path}: focus stuck: {stops}"
    assert visit.problems.seen == []
