"""Quotes: the price and the terms a customer must see, and the token that proves it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import Idempotent, json_response
from cybercare.api.schemas.quotes import QuoteCreate, QuoteRead, quote_read
from cybercare.consent import notice_service
from cybercare.db.uow import UnitOfWork
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.partners.idempotency import StoredResponse
from cybercare.policy.quotes import quote

router = APIRouter(tags=["quotes"])


@router.post(
    "/quotes",
    response_model=QuoteRead,
    responses={404: {"description": "No such product code (`product.unknown`)"}},
    operation_id="createQuote",
    summary="Quote a premium and get a terms token",
)
def create_quote(
    body: QuoteCreate,
    principal: Annotated[DistributorPrincipal, Depends(distributor_system)],
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """Price (net premium and tax from the dated tax table, Art. 9.1), guarantees and yearly
    limits (Art. 4, 5), the terms documents and a `terms_token` to subscribe with."""

    def handler(_uow: UnitOfWork) -> StoredResponse:
        result = quote(
            container.catalog,
            principal.code,
            body.product_code,
            body.start_date or container.clock.today(),
            container.clock,
            container.settings.key_ring,
        )
        notice = notice_service.current_notice(container.clock)
        return json_response(200, quote_read(result, body.language, notice))

    return idempotent.respond(container, handler)
