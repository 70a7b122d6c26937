from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import Catalog, default_catalog
from tests.billing.builders import seed


@pytest.fixture
def billing_db(db: Database) -> Database:
    """The test database with the catalogue published and the distributor `proximus` (15 %)."""
    seed(db)
    return db


@pytest.fixture
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture
def run_clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
