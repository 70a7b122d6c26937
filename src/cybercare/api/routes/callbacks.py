""" "I need help now" through the API (Art. 8.1, 8.4): the distributor's app asks for the member
signed in to it (distributor key, its own affiliations only: another's answers 404, Art. 11.1),
or a member with a personal token asks for themselves or a minor they represent (Art. 11.3).

Both open an urgent case with its one-hour clock and keep the number to call back. Every POST is
idempotent (Idempotency-Key); errors are problem+json naming the field (`phone`, ...).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from cybercare.api.access import MemberUser, distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import Idempotent, UserIdempotent
from cybercare.api.schemas.callbacks import (
    CallBackCreate,
    CallBackRead,
    DistributorCallBackCreate,
    DistributorCallBackRead,
)
from cybercare.assistance import callback
from cybercare.assistance.callback import CallBackRequest
from cybercare.assistance.domain import Channel
from cybercare.partners.distributors import DistributorPrincipal

router = APIRouter(tags=["assistance"])
Distributor = Annotated[DistributorPrincipal, Depends(distributor_system)]


def _request(body: CallBackCreate) -> CallBackRequest:
    return CallBackRequest(
        person_id=body.person_id,
        phone=body.phone,
        what_is_happening=body.what_is_happening,
        urgency_reason=body.urgency_reason,
        guarantee_code=body.guarantee_code,
        language=body.language,
    )


@router.post(
    "/affiliations/{affiliation_id}/call-backs",
    status_code=status.HTTP_201_CREATED,
    response_model=DistributorCallBackRead,
    operation_id="requestCallBack",
    summary="Ask for an urgent call-back",
)
def distributor_call_back(
    affiliation_id: str,
    body: DistributorCallBackCreate,
    distributor: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """The member signed in to the distributor's app needs help now: an urgent case, called back
    within the hour (Art. 8.4). The answer holds nothing of the case (Art. 11.1)."""
    return idempotent.respond_json(
        container,
        201,
        lambda uow: DistributorCallBackRead.of(
            callback.request_call_back_for_member_of(
                uow,
                distributor=distributor.code,
                actor=distributor.actor,
                affiliation_id=affiliation_id,
                requested_by_person_id=body.requested_by_person_id,
                request=_request(body),
                catalog=container.catalog,
                clock=container.clock,
            )
        ),
    )


@router.post("/call-backs", status_code=status.HTTP_201_CREATED, response_model=CallBackRead)
def member_call_back(
    body: CallBackCreate, member: MemberUser, idempotent: UserIdempotent, container: ContainerDep
) -> Response:
    """I need help now, for me or a minor I represent (Art. 8.4, 11.3)."""
    return idempotent.respond_json(
        container,
        201,
        lambda uow: CallBackRead.of(
            callback.request_call_back(
                uow,
                member,
                _request(body),
                container.catalog,
                container.clock,
                channel=Channel.API,
            )
        ),
        lambda read: f"/api/v1/cases/{read.case_id}",
    )
