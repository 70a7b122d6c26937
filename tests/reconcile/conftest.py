from __future__ import annotations

import pytest

from cybercare.db.uow import Database
from cybercare.product.catalog import Catalog, default_catalog
from tests.billing.builders import seed


@pytest.fixture
def bank_db(db: Database) -> Database:
    """The test database with the catalogue published and the distributor `proximus`."""
    seed(db)
    return db


@pytest.fixture
def catalog() -> Catalog:
    return default_catalog()
