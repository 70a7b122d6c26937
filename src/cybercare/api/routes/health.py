from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import text

from cybercare.api.access import public
from cybercare.api.deps import ContainerDep

router = APIRouter(tags=["health"], dependencies=[Depends(public)])


class HealthRead(BaseModel):
    status: str
    database: str


@router.get("/health", response_model=HealthRead)
def health(container: ContainerDep) -> HealthRead:
    """Liveness and database reachability."""
    with container.database.reader() as uow:
        uow.session.execute(text("SELECT 1"))
    return HealthRead(status="ok", database=container.engine.dialect.name)
