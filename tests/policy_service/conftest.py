"""Policy service tests run on the rolled-back test database of each backend, seeded with the
reference product and two distributors."""

from __future__ import annotations

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import Catalog
from tests.policy_service import builders


@pytest.fixture
def products(db: Database, clock: FixedClock) -> Catalog:
    catalog = builders.catalog()
    builders.seed(db, clock, products=catalog)
    return catalog
