from __future__ import annotations

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World, household_world


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)


@pytest.fixture
def other(db: Database, clock: FixedClock, world: World) -> World:
    """A second household (another family of the book), for matching across households."""
    return household_world(db, clock, suffix="_b", with_staff=False)
