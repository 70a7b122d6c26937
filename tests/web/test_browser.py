"""The pages in a real browser: the fixtures `live_server`, `browser` and `new_page` come from
tests/web/browser.py through tests/web/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import DESKTOP, PHONE, html_lang, shot


def test_a_visitor_switches_to_french_and_back(live_server: str, new_page: Any) -> None:
    page, problems = new_page()
    page.goto(f"{live_server}/")
    assert html_lang(page) == "en"
    assert page.locator("h1").inner_text() == "Help when something goes wrong online"
    shot(page, "home-en-desktop")

    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert html_lang(page) == "fr"
    assert page.locator("h1").inner_text() == "De l'aide quand quelque chose tourne mal en ligne"
    assert page.get_by_role("button", name="Français").get_attribute("aria-current") == "true"
    shot(page, "home-fr-desktop")

    with page.expect_navigation():
        page.get_by_role("link", name="Garanties et prime").first.click()
    assert page.url.endswith("/product")
    assert html_lang(page) == "fr"  # the choice is remembered

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert html_lang(page) == "en"
    assert page.url.endswith("/product")  # the switcher returns to the same page
    assert problems.seen == []


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_product_page_fits_the_screen_and_draws_its_chart(
    live_server: str, new_page: Any, size: str, viewport: dict[str, int]
) -> None:
    page, problems = new_page(viewport=viewport, locale="nl-BE")
    page.goto(f"{live_server}/product")
    assert html_lang(page) == "nl"  # from the browser's Accept-Language
    page.wait_for_selector("figure.chart.chart-ready", timeout=5000)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert page.locator("table.limits").is_visible()
    assert "€\u00a05.000" in page.locator("table.limits").inner_text()
    # The chart's table stays in the page for screen readers, visually hidden.
    assert page.locator("#chart-pot-limits-figure table").count() == 1
    shot(page, f"product-nl-{size}")
    assert problems.seen == []


def test_the_keyboard_reaches_the_skip_link_first_then_the_switcher(
    live_server: str, new_page: Any
) -> None:
    page, problems = new_page()
    page.goto(f"{live_server}/product")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["y"] >= 0  # visible once focused
    shot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")

    page.goto(f"{live_server}/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        if reached[-1] == "Deutsch":
            break
    assert reached[0] == "Skip to main content"
    assert reached[-1] == "Deutsch", reached
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus is visible
    shot(page, "keyboard-switcher-focus")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert html_lang(page) == "de"
    shot(page, "home-de-after-keyboard")
    assert problems.seen == []


def test_the_error_page_in_a_browser(live_server: str, new_page: Any) -> None:
    page, _ = new_page(viewport=PHONE, locale="de-BE")
    response = page.goto(f"{live_server}/nothing-here")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    shot(page, "error-404-de-phone")
