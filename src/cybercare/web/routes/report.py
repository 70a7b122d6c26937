"""Reporting an incident from the portal: a guided flow per guarantee (Art. 8.3 evidence)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cybercare.web.auth import web_member

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)
