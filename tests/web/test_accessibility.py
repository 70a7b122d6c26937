"""axe-core finds no accessibility violation on the public pages, in each language, on a phone
and on a desktop (tests/web/axe.py; the journeys' own browser tests check their pages)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.axe import assert_no_axe_violations
from tests.web.browser import DESKTOP, PHONE

PAGES = ["/", "/product", "/login"]


# Each language on one screen size: all four languages and both sizes are checked.
@pytest.mark.parametrize(
    ("language", "size", "viewport"),
    [
        ("nl", "phone", PHONE),
        ("fr", "desktop", DESKTOP),
        ("de", "phone", PHONE),
        ("en", "desktop", DESKTOP),
    ],
)
def test_public_pages_have_no_axe_violations(
    live_server: str, new_page: Any, language: str, size: str, viewport: dict[str, int]
) -> None:
    page, problems = new_page(viewport=viewport, locale=f"{language}-BE")
    for path in PAGES:
        page.goto(f"{live_server}{path}?lang={language}")
        assert_no_axe_violations(page)
    assert problems.seen == []
