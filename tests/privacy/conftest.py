"""Fixtures of the privacy tests: a household world for the services, and the web fixtures (a
signed-in portal client on the test container) for the pages' tests."""

from __future__ import annotations

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World, household_world

# isort: off
from tests.web.conftest import _web_database, portal_client  # first: tests.web.browser imports it
from tests.web.browser import browser, new_page
# isort: on

__all__ = ["_web_database", "browser", "new_page", "portal_client", "world"]


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)
