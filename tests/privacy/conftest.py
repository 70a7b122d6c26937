"""The web fixtures (a signed-in portal client on the test container) for the pages' tests."""

from tests.web.conftest import _web_database, portal_client

__all__ = ["_web_database", "portal_client"]
