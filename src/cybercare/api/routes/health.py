from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from cybercare.api.access import public
from cybercare.api.deps import ContainerDep
from cybercare.db.health import ping

router = APIRouter(tags=["health"], dependencies=[Depends(public)])


class HealthRead(BaseModel):
    status: str
    database: str


@router.get("/health", response_model=HealthRead)
def health(container: ContainerDep) -> HealthRead:
    """Liveness and database reachability."""
    return HealthRead(status="ok", database=ping(container.database))
