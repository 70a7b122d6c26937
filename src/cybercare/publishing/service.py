"""Use case: publish the catalogue. A published version's rules never change (Art. 1.4 allows
only closing it to new business); decisions stored against it therefore always replay."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from cybercare.audit import trail
from cybercare.db.tables import ProductVersionRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict
from cybercare.product.model import ProductVersion


@dataclass
class PublishReport:
    published: list[str] = field(default_factory=list)
    sales_changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def publish_products(
    uow: UnitOfWork, products: list[ProductVersion], clock: Clock, *, actor: str
) -> PublishReport:
    report = PublishReport()
    existing = {
        (row.code, row.version): row for row in uow.session.scalars(select(ProductVersionRow))
    }
    now = clock.now()
    for product in products:
        name = f"{product.code} {product.version}"
        row = existing.get(product.key)
        if row is None:
            uow.session.add(
                ProductVersionRow(
                    code=product.code,
                    version=product.version,
                    rules_sha256=product.source_sha256,
                    sales_open_from=product.sales_open_from,
                    sales_closed_from=product.sales_closed_from,
                    published_at=now,
                )
            )
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
        if row.rules_sha256 != product.source_sha256:
            raise Conflict(
                f"{name} is already published with other rules "
                f"({row.rules_sha256[:12]} != {product.source_sha256[:12]}): "
                "publish the change as a new version",
                code="product.rules_changed",
                clause="Art. 1.4",
                params={"product": name},
            )
        if (row.sales_open_from, row.sales_closed_from) != (
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
            row.sales_open_from = product.sales_open_from
            row.sales_closed_from = product.sales_closed_from
            report.sales_changed.append(name)
        else:
            report.unchanged.append(name)
    return report
