"""Reads of the distributors for the other contexts: a distributor's name on a certificate, and
whether the demo's key is still live."""

from __future__ import annotations

from sqlalchemy import select

from cybercare.db.tables import ApiKeyRow, DistributorRow
from cybercare.db.uow import UnitOfWork


def distributor_name(uow: UnitOfWork, code: str) -> str | None:
    return uow.session.scalar(select(DistributorRow.name).where(DistributorRow.code == code))


def has_live_key(uow: UnitOfWork, distributor: str, label: str) -> bool:
    """True when `distributor` holds an unrevoked API key labelled `label`."""
    found = uow.session.scalar(
        select(ApiKeyRow.id)
        .where(
            ApiKeyRow.distributor_code == distributor,
            ApiKeyRow.label == label,
            ApiKeyRow.revoked_at.is_(None),
        )
        .limit(1)
    )
    return found is not None


def distributor_terms(uow: UnitOfWork, code: str) -> tuple[str, int] | None:
    """(name, commission rate in basis points) of a distributor: the sandbox registers a live
    distributor as it is (issue 18)."""
    row = uow.session.execute(
        select(DistributorRow.name, DistributorRow.commission_bp).where(DistributorRow.code == code)
    ).first()
    return None if row is None else (str(row[0]), int(row[1]))
