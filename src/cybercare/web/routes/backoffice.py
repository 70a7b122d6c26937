"""The back office: team queues ordered by SLA and the case workspace."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cybercare.web.auth import web_staff

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)
