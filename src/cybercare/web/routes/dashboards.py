"""Staff search (affiliations, members, billing and dunning status) and the dashboards."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cybercare.web.auth import web_staff

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)
