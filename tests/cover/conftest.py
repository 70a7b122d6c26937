"""The coverage engine is tested against the real reference product ("cyber-care-be" "2021-12")."""

from __future__ import annotations

import pytest

from cybercare.product.catalog import reference_product
from cybercare.product.model import ProductVersion


@pytest.fixture(scope="session")
def product() -> ProductVersion:
    return reference_product()
