"""The distributor's webhook endpoints (issue 18): create (the `whsec_` secret is answered once),
list, read, choose event types, rotate the secret, send a test event, replay from a feed cursor,
disable and enable. Deliveries are signed in the Standard Webhooks scheme (docs/outbox.md).

A distributor only ever reaches its own endpoints: another distributor's answers 404, as an
unknown one does (Art. 11.1). Every POST takes an `Idempotency-Key`, as the other POSTs do."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import Idempotent
from cybercare.api.schemas.webhooks import (
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointPage,
    WebhookEndpointRead,
    WebhookEventTypesUpdate,
    WebhookReplayCreate,
    WebhookReplayRead,
    WebhookRotationCreate,
    WebhookTestSent,
    endpoint_created,
    endpoint_read,
    page_read,
    problem,
    replay_read,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.ids import MAX_ROW_ID
from cybercare.partners import webhooks
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.partners.feed import parse_cursor

router = APIRouter(tags=["webhooks"])
Distributor = Annotated[DistributorPrincipal, Depends(distributor_system)]
EndpointId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="The endpoint's id")]

UNAUTHORIZED = problem("No API key, or an unknown or revoked one")
INVALID = problem("A field is invalid: `errors` names each, as a JSON pointer")
NOT_FOUND = problem("No such endpoint among this distributor's")
READS: dict[int | str, dict[str, Any]] = {401: UNAUTHORIZED, 422: INVALID}
WRITES: dict[int | str, dict[str, Any]] = {
    **READS,
    400: problem("The Idempotency-Key header is missing or too long"),
    409: problem("The Idempotency-Key was used with another request, or is still in flight"),
}
ON_ONE: dict[int | str, dict[str, Any]] = {**WRITES, 404: NOT_FOUND}


@router.post(
    "/webhook-endpoints",
    status_code=201,
    response_model=WebhookEndpointCreated,
    operation_id="createWebhookEndpoint",
    summary="Register a webhook endpoint",
    responses=WRITES,
)
def create_webhook_endpoint(
    body: WebhookEndpointCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """A new endpoint receiving this distributor's events (all, or the `event_types` chosen).
    The answer carries its signing secret, **once**: store it to verify deliveries."""

    def run(uow: UnitOfWork) -> WebhookEndpointCreated:
        created = webhooks.create_endpoint(
            uow,
            distributor=principal.code,
            url=body.url,
            event_types=body.event_types,
            keys=container.settings.key_ring,
            actor=principal.actor,
            at=container.clock.now(),
        )
        return endpoint_created(created.endpoint, created.secret)

    return idempotent.respond_json(
        container, 201, run, location=lambda made: f"/api/v1/webhook-endpoints/{made.id}"
    )


@router.get(
    "/webhook-endpoints",
    response_model=WebhookEndpointPage,
    operation_id="listWebhookEndpoints",
    summary="List the webhook endpoints",
    responses=READS,
)
def list_webhook_endpoints(
    principal: Distributor,
    container: ContainerDep,
    after: Annotated[
        str | None,
        Query(description="The `next_cursor` of the page before", pattern="^[0-9]{0,18}$"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> WebhookEndpointPage:
    """This distributor's endpoints, oldest first, a page at a time (`has_more`)."""
    with container.database.reader() as uow:
        page = webhooks.list_endpoints(
            uow, distributor=principal.code, after=parse_cursor(after), limit=limit
        )
    return page_read(page)


@router.get(
    "/webhook-endpoints/{endpoint_id}",
    response_model=WebhookEndpointRead,
    operation_id="getWebhookEndpoint",
    summary="Read a webhook endpoint",
    responses={**READS, 404: NOT_FOUND},
)
def get_webhook_endpoint(
    endpoint_id: EndpointId, principal: Distributor, container: ContainerDep
) -> WebhookEndpointRead:
    """One endpoint: its filter, secret version, state and circuit breaker."""
    with container.database.reader() as uow:
        endpoint = webhooks.get_endpoint(uow, distributor=principal.code, endpoint_id=endpoint_id)
    return endpoint_read(endpoint)


@router.put(
    "/webhook-endpoints/{endpoint_id}/event-types",
    response_model=WebhookEndpointRead,
    operation_id="setWebhookEndpointEventTypes",
    summary="Choose a webhook endpoint's event types",
    responses={**READS, 404: NOT_FOUND},
)
def set_webhook_endpoint_event_types(
    endpoint_id: EndpointId,
    body: WebhookEventTypesUpdate,
    principal: Distributor,
    container: ContainerDep,
) -> WebhookEndpointRead:
    """Choose the event types sent to the endpoint (null: every type). Idempotent by nature."""
    with container.database.uow() as uow:
        endpoint = webhooks.choose_event_types(
            uow,
            distributor=principal.code,
            endpoint_id=endpoint_id,
            event_types=body.event_types,
            actor=principal.actor,
            at=container.clock.now(),
        )
        uow.commit()
    return endpoint_read(endpoint)


@router.post(
    "/webhook-endpoints/{endpoint_id}/rotation",
    response_model=WebhookEndpointCreated,
    operation_id="rotateWebhookEndpointSecret",
    summary="Rotate a webhook endpoint's secret",
    responses=ON_ONE,
)
def rotate_webhook_endpoint_secret(
    endpoint_id: EndpointId,
    body: WebhookRotationCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """A new signing secret, answered once. Until `previous_secret_until` every delivery is
    signed with both secrets (two `v1,` entries), so the receiver switches without a miss."""

    def run(uow: UnitOfWork) -> WebhookEndpointCreated:
        rotated = webhooks.rotate_secret(
            uow,
            distributor=principal.code,
            endpoint_id=endpoint_id,
            grace=timedelta(seconds=body.grace_seconds),
            keys=container.settings.key_ring,
            actor=principal.actor,
            at=container.clock.now(),
        )
        return endpoint_created(rotated.endpoint, rotated.secret)

    return idempotent.respond_json(container, 200, run)


@router.post(
    "/webhook-endpoints/{endpoint_id}/test",
    status_code=202,
    response_model=WebhookTestSent,
    operation_id="sendWebhookTestEvent",
    summary="Send a test event to a webhook endpoint",
    responses=ON_ONE,
)
def send_webhook_test_event(
    endpoint_id: EndpointId, principal: Distributor, idempotent: Idempotent, container: ContainerDep
) -> Response:
    """Queue a signed `webhook.test` event to this endpoint (whatever its filter)."""

    def run(uow: UnitOfWork) -> WebhookTestSent:
        event_id = webhooks.send_test_event(
            uow,
            distributor=principal.code,
            endpoint_id=endpoint_id,
            actor=principal.actor,
            at=container.clock.now(),
        )
        return WebhookTestSent(event_id=event_id)

    return idempotent.respond_json(container, 202, run)


@router.post(
    "/webhook-endpoints/{endpoint_id}/replay",
    status_code=202,
    response_model=WebhookReplayRead,
    operation_id="replayWebhookEvents",
    summary="Replay the feed to a webhook endpoint",
    responses=ON_ONE,
)
def replay_webhook_events(
    endpoint_id: EndpointId,
    body: WebhookReplayCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """Send the feed's events after `after` to the endpoint again (up to `limit`), with their
    own ids (`webhook-id`): continue from `next_cursor`."""

    def run(uow: UnitOfWork) -> WebhookReplayRead:
        replay = webhooks.replay_events(
            uow,
            distributor=principal.code,
            endpoint_id=endpoint_id,
            after=parse_cursor(body.after),
            limit=body.limit,
            actor=principal.actor,
            at=container.clock.now(),
        )
        return replay_read(replay)

    return idempotent.respond_json(container, 202, run)


@router.post(
    "/webhook-endpoints/{endpoint_id}/disable",
    response_model=WebhookEndpointRead,
    operation_id="disableWebhookEndpoint",
    summary="Disable a webhook endpoint",
    responses=ON_ONE,
)
def disable_webhook_endpoint(
    endpoint_id: EndpointId, principal: Distributor, idempotent: Idempotent, container: ContainerDep
) -> Response:
    """Stop sending to the endpoint; what waits for it is kept (dead) until it is enabled."""

    def run(uow: UnitOfWork) -> WebhookEndpointRead:
        return endpoint_read(
            webhooks.disable_endpoint(
                uow,
                distributor=principal.code,
                endpoint_id=endpoint_id,
                actor=principal.actor,
                at=container.clock.now(),
            )
        )

    return idempotent.respond_json(container, 200, run)


@router.post(
    "/webhook-endpoints/{endpoint_id}/enable",
    response_model=WebhookEndpointRead,
    operation_id="enableWebhookEndpoint",
    summary="Enable a webhook endpoint",
    responses=ON_ONE,
)
def enable_webhook_endpoint(
    endpoint_id: EndpointId, principal: Distributor, idempotent: Idempotent, container: ContainerDep
) -> Response:
    """Send to the endpoint again (after a disable, or after it was disabled for failing): the
    events kept meanwhile are delivered; its circuit breaker starts closed."""

    def run(uow: UnitOfWork) -> WebhookEndpointRead:
        return endpoint_read(
            webhooks.enable_endpoint(
                uow,
                distributor=principal.code,
                endpoint_id=endpoint_id,
                actor=principal.actor,
                at=container.clock.now(),
            )
        )

    return idempotent.respond_json(container, 200, run)
