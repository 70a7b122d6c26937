"""Accessibility of a page in the browser, checked by axe-core (Deque's engine, the reference the
WCAG tooling builds on) rather than by rules of our own.

axe-core comes from the npm registry as a development dependency (package.json), so `make
install` puts it in node_modules; it is never served to visitors. The script is evaluated through
the DevTools protocol, which the pages' Content-Security-Policy does not apply to, so the pages
are checked with their real headers.

Every rule axe-core runs by default is applied (WCAG 2.0/2.1/2.2 A and AA, and best practices);
a test may only narrow the part of the page it checks, never the rules.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: run `make install` (npm ci)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Page, include: str | None = None) -> list[dict[str, Any]]:
    """The violations axe-core finds on the page as it is now (or inside `include`)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    context = {"include": [include]} if include else None
    result = page.evaluate(
        "async (context) => await window.axe.run("
        "context || document, {resultTypes: ['violations']})",
        context,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, include: str | None = None) -> None:
    violations = axe_violations(page, include)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"
