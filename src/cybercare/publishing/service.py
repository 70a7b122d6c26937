"""Use case: publish the catalogue. A published version's rules never change (Art. 1.4 allows
only closing it to new business); decisions stored against it therefore always replay."""

from __future__ import annotations

from dataclasses import dataclass, field

from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict
from cybercare.product.model import ProductVersion
from cybercare.publishing.repository import (
    PublishedVersion,
    add_version,
    published_versions,
    save_sales_dates,
)


@dataclass
class PublishReport:
    published: list[str] = field(default_factory=list)
    sales_changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def publish_products(
    uow: UnitOfWork, products: list[ProductVersion], clock: Clock, *, actor: str
) -> PublishReport:
    report = PublishReport()
    existing = published_versions(uow)
    now = clock.now()
    for product in products:
        name = f"{product.code} {product.version}"
        shipped = PublishedVersion(
            product.code,
            product.version,
            product.source_sha256,
            product.sales_open_from,
            product.sales_closed_from,
        )
        published = existing.get(product.key)
        if published is None:
            add_version(uow, shipped, published_at=now)
            trail.record(
                uow,
                at=now,
                actor=actor,
                action="product.published",
                subject_type="product_version",
                subject_id=name,
                clause="Art. 1.4",
                details={"rules_sha256": product.source_sha256},
            )
            report.published.append(name)
            continue
        if published.rules_sha256 != product.source_sha256:
            raise Conflict(
                f"{name} is already published with other rules "
                f"({published.rules_sha256[:12]} != {product.source_sha256[:12]}): "
                "publish the change as a new version",
                code="product.rules_changed",
                clause="Art. 1.4",
                params={"product": name},
            )
        if (published.sales_open_from, published.sales_closed_from) != (
            product.sales_open_from,
            product.sales_closed_from,
        ):
            trail.record(
                uow,
                at=now,
                actor=actor,
                action="product.sales_changed",
                subject_type="product_version",
                subject_id=name,
                clause="Art. 1.4",
                details={
                    "open_from": product.sales_open_from.isoformat(),
                    "closed_from": product.sales_closed_from.isoformat()
                    if product.sales_closed_from
                    else None,
                },
            )
            save_sales_dates(uow, shipped)
            report.sales_changed.append(name)
        else:
            report.unchanged.append(name)
    return report
