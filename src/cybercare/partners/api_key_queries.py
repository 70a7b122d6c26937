"""The distributors' API keys as an operator lists them: never the secret (only its hash is
kept, `distributors.issue_api_key`), the label, when it was issued and revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cybercare.db.tables import ApiKeyRow
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ApiKeyView:
    key_id: str
    distributor: str
    label: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def api_keys(uow: UnitOfWork, distributor: str | None = None) -> list[ApiKeyView]:
    query = select(ApiKeyRow).order_by(ApiKeyRow.distributor_code, ApiKeyRow.created_at)
    if distributor is not None:
        query = query.where(ApiKeyRow.distributor_code == distributor)
    return [
        ApiKeyView(row.id, row.distributor_code, row.label, row.created_at, row.revoked_at)
        for row in uow.session.scalars(query)
    ]
