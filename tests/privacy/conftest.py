from __future__ import annotations

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World, household_world


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)
