""" "Who read my data" in a real browser, on a phone (360x740) and a desktop: the affiliate
follows the link of the account page and reads, in the four languages, the reads of their own
data and of their minor daughter's case, without sideways scrolling; axe-core finds no
violation. Screenshots: test-artifacts/web/readlog-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.identity import signin
from cybercare.kernel.clock import FixedClock
from cybercare.privacy.read_log import Read, ReadKind, ReadPurpose, affiliation_file_read
from cybercare.privacy.read_log_service import record_reads
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import gettext
from tests.assistance.builders import household_world
from tests.assistance.helpers import open_case, run
from tests.privacy.readlog_world import URGENT
from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, PHONE, serving, shot
from tests.web.conftest import PASSWORD, SECRET, TODAY


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('readlog') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    container = build_container(settings, clock=FixedClock(TODAY))
    db, clock = container.database, container.clock
    world = household_world(db, clock)
    case = open_case(db, clock, world["affiliate"], world.person("minor"), **URGENT)
    minor, an = world.person("minor"), world.person("affiliate")
    people = tuple(world.people[name] for name in ("affiliate", "partner", "minor"))
    reads = [
        affiliation_file_read(world.household_id, people, "search"),
        Read(ReadKind.CASE, ReadPurpose.CASE, world.household_id, (minor,), case.case_id),
        Read(ReadKind.CONTACT_DETAILS, ReadPurpose.CASE, world.household_id, (an,), case.case_id),
    ]
    run(db, lambda uow: record_reads(uow, world["legal"], reads, clock))
    psych = [
        Read(
            ReadKind.PSYCHOLOGICAL_NOTES,
            ReadPurpose.CASE,
            world.household_id,
            (minor,),
            case.case_id,
        )
    ]
    run(db, lambda uow: record_reads(uow, world["psychologist"], psych, clock))
    with db.uow() as uow:
        signin.set_password(
            uow, user_id=world["affiliate"].user_id, password=PASSWORD, clock=clock, actor="test"
        )
        uow.commit()
    with serving(create_app(container=container)) as base:
        yield base


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_art_11_3_the_affiliate_reads_who_read_their_data_and_their_daughters(
    live: str, new_page: Any, viewport: dict[str, int]
) -> None:
    page, problems = new_page(viewport=viewport)
    page.goto(f"{live}/login")
    page.fill("input[name=email]", "affiliate@peeters.example")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()
    page.goto(f"{live}/account?lang=en")
    with page.expect_navigation():
        page.locator("a[href='/portal/privacy/reads']").click()
    for language in ("nl", "fr", "de", "en"):
        page.goto(f"{live}/portal/privacy/reads?lang={language}")
        assert page.locator("h1").inner_text() == gettext(language, "Who read my data")
        assert page.locator("table.reads tbody tr").count() == 5  # 2 file, case, contacts, notes
        assert gettext(language, "A psychologist of the psychological assistance") in (
            page.locator("table.reads").inner_text()
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        assert_no_axe_violations(page)
        shot(page, f"readlog-{language}-{viewport['width']}")
    assert problems.seen == []
