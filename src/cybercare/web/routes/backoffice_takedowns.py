"""E-reputation takedowns in the case workspace (Art. 4.2): a removal request per address with
its deadline, and each re-check (still online, taken down on a date, unreachable)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from cybercare.assistance import takedowns
from cybercare.assistance.staff_queries import takedown_case_id
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.kernel.errors import InvalidInput
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.routes.backoffice_cases import Short, act, parse_date

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)


@router.post("/staff/cases/{case_id}/takedowns", name="backoffice.takedown")
def request_takedown(
    request: Request,
    case_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    url: Short = "",
    addressee: Annotated[str, Form(max_length=200)] = "",
    deadline_date: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """A removal request sent for one address, with its deadline."""

    def command(uow: UnitOfWork) -> object:
        deadline = parse_date("deadline_date", deadline_date)
        if deadline is None:
            raise InvalidInput("deadline_date", "a date")
        return takedowns.request_takedown(
            uow,
            viewer,
            case_id,
            url=url,
            addressee=addressee,
            deadline_date=deadline,
            clock=container.clock,
        )

    return act(
        request,
        container,
        viewer,
        case_id,
        form="takedown",
        values={"url": url, "addressee": addressee, "deadline_date": deadline_date},
        command=command,
        done="takedown",
        anchor="takedowns",
    )


@router.post("/staff/takedowns/{takedown_id}/recheck", name="backoffice.recheck")
def recheck(
    request: Request,
    takedown_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    result: Annotated[str, Form(max_length=16)] = "",
    taken_down_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The address was checked again: still online, taken down (when), or unreachable."""
    with container.database.reader() as uow:
        case_id = takedown_case_id(uow, viewer, takedown_id)

    def command(uow: UnitOfWork) -> object:
        return takedowns.record_recheck(
            uow,
            viewer,
            takedown_id,
            result=result,
            taken_down_on=parse_date("taken_down_on", taken_down_on),
            clock=container.clock,
        )

    return act(
        request,
        container,
        viewer,
        case_id,
        form=f"recheck-{takedown_id}",
        values={"result": result, "taken_down_on": taken_down_on},
        command=command,
        done="recheck",
        anchor="takedowns",
    )
