"""The HTTP side of idempotent POSTs: read the key and raw body, run once, replay after."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request, Response
from pydantic import BaseModel

from cybercare.api.access import any_user, distributor_system
from cybercare.api.problems import domain_problem
from cybercare.bootstrap import Container
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import DomainError
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.partners.idempotency import (
    StoredResponse,
    fingerprint,
    run_idempotently,
    validate_key,
)

M = TypeVar("M", bound=BaseModel)
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True, slots=True)
class IdempotentRequest:
    client: str
    key: str
    fingerprint: str

    def respond(
        self, container: Container, handler: Callable[[UnitOfWork], StoredResponse]
    ) -> Response:
        stored = run_idempotently(
            container.database,
            container.clock,
            client=self.client,
            key=self.key,
            request_fingerprint=self.fingerprint,
            handler=handler,
            refusal=_refusal,
        )
        headers = dict(stored.headers)
        if stored.replayed:  # the first answer byte for byte, and a header saying it is a replay
            headers[REPLAYED_HEADER] = "true"
        return Response(
            content=stored.body,
            status_code=stored.status,
            media_type=stored.media_type,
            headers=headers,
        )

    def respond_json(
        self,
        container: Container,
        status: int,
        run: Callable[[UnitOfWork], M],
        location: Callable[[M], str] | None = None,
    ) -> Response:
        """The common case: the command returns an API model, answered as JSON (with a Location
        header when `location` names where the created resource lives)."""

        def handler(uow: UnitOfWork) -> StoredResponse:
            model = run(uow)
            headers = {"Location": location(model)} if location else None
            return json_response(status, model, headers)

        return self.respond(container, handler)


def _refusal(error: DomainError) -> StoredResponse:
    rendered = domain_problem(error)
    return StoredResponse(
        rendered.status_code, "application/problem+json", bytes(rendered.body), {}
    )


def json_response(
    status: int, model: BaseModel, headers: Mapping[str, str] | None = None
) -> StoredResponse:
    return StoredResponse(
        status, "application/json", model.model_dump_json().encode(), dict(headers or {})
    )


async def _for_client(request: Request, client: str) -> IdempotentRequest:
    key = validate_key(request.headers.get("idempotency-key"))
    body = await request.body()
    return IdempotentRequest(
        client=client,
        key=key,
        fingerprint=fingerprint(request.method, request.url.path, body),
    )


async def idempotent_request(
    request: Request,
    principal: Annotated[DistributorPrincipal, Depends(distributor_system)],
) -> IdempotentRequest:
    return await _for_client(request, principal.code)


async def user_idempotent_request(
    request: Request, principal: Annotated[Principal, Depends(any_user)]
) -> IdempotentRequest:
    """The same semantics for members and staff: keys are scoped to the user (`user:usr_…`)."""
    return await _for_client(request, principal.client_id)


Idempotent = Annotated[IdempotentRequest, Depends(idempotent_request)]
UserIdempotent = Annotated[IdempotentRequest, Depends(user_idempotent_request)]
