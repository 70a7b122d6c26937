"""Art. 1.4: a version is published once with its rules hash; later only its sales dates change
(closing it to new business), and a version whose rules changed is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cybercare.audit import trail
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Conflict
from cybercare.product.catalog import reference_product
from cybercare.publishing.repository import published_versions
from cybercare.publishing.service import publish_products

NAME = "cyber-care-be 2021-12"


def test_art_1_4_a_version_is_published_once_then_left_unchanged(
    db: Database, clock: FixedClock
) -> None:
    product = reference_product()
    with db.uow() as uow:
        first = publish_products(uow, [product], clock, actor="test")
        again = publish_products(uow, [product], clock, actor="test")
        published = published_versions(uow)[product.key]
        events = [e.action for e in trail.events_for(uow, "product_version", NAME)]
    assert (first.published, again.unchanged) == ([NAME], [NAME])
    assert published.rules_sha256 == product.source_sha256
    assert events == ["product.published"]


def test_art_1_4_closing_a_version_to_new_business_changes_only_its_sales_dates(
    db: Database, clock: FixedClock
) -> None:
    product = reference_product()
    closed = replace(product, sales_closed_from=date(2027, 1, 1))
    with db.uow() as uow:
        publish_products(uow, [product], clock, actor="test")
        report = publish_products(uow, [closed], clock, actor="test")
        published = published_versions(uow)[product.key]
        events = trail.events_for(uow, "product_version", NAME)
    assert report.sales_changed == [NAME]
    assert published.sales_closed_from == date(2027, 1, 1)
    assert published.rules_sha256 == product.source_sha256
    assert [e.action for e in events] == ["product.published", "product.sales_changed"]
    assert events[-1].clause == "Art. 1.4"


def test_art_1_4_a_published_version_whose_rules_changed_is_refused(
    db: Database, clock: FixedClock
) -> None:
    product = reference_product()
    with db.uow() as uow:
        publish_products(uow, [product], clock, actor="test")
        with pytest.raises(Conflict) as refused:
            publish_products(uow, [replace(product, source_sha256="0" * 64)], clock, actor="test")
        assert published_versions(uow)[product.key].rules_sha256 == product.source_sha256
    assert refused.value.code == "product.rules_changed"
    assert refused.value.clause == "Art. 1.4"
