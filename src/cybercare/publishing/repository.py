"""All SQL of publishing: the versions published to the database, as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from cybercare.db.tables import ProductVersionRow
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    code: str
    version: str
    rules_sha256: str
    sales_open_from: date
    sales_closed_from: date | None


def published_versions(uow: UnitOfWork) -> dict[tuple[str, str], PublishedVersion]:
    """Every published version by (code, version)."""
    rows = uow.session.execute(
        select(
            ProductVersionRow.code,
            ProductVersionRow.version,
            ProductVersionRow.rules_sha256,
            ProductVersionRow.sales_open_from,
            ProductVersionRow.sales_closed_from,
        )
    ).all()
    return {(row.code, row.version): PublishedVersion(*row) for row in rows}


def add_version(uow: UnitOfWork, version: PublishedVersion, *, published_at: datetime) -> None:
    uow.session.add(
        ProductVersionRow(
            code=version.code,
            version=version.version,
            rules_sha256=version.rules_sha256,
            sales_open_from=version.sales_open_from,
            sales_closed_from=version.sales_closed_from,
            published_at=published_at,
        )
    )


def save_sales_dates(uow: UnitOfWork, version: PublishedVersion) -> None:
    """Art. 1.4: the only change a published version admits."""
    uow.session.execute(
        update(ProductVersionRow)
        .where(
            ProductVersionRow.code == version.code,
            ProductVersionRow.version == version.version,
        )
        .values(
            sales_open_from=version.sales_open_from,
            sales_closed_from=version.sales_closed_from,
        )
        .execution_options(synchronize_session=False)
    )
