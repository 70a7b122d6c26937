"""The browser fixtures of tests/web (Chromium driven by Playwright) for the pages of privacy/.
tests.web.conftest is imported first: tests.web.browser imports it back."""

import tests.web.conftest  # noqa: F401
from tests.web.browser import browser, new_page  # noqa: F401
