"""The member portal: the household, its pots, cases, documents, premiums and members."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cybercare.web.auth import web_member

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)
