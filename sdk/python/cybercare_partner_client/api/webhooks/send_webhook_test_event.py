from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_test_sent import WebhookTestSent
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: int,
    *,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    if not isinstance(cybercare_test_clock, Unset):
        headers["Cybercare-Test-Clock"] = cybercare_test_clock

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhook-endpoints/{endpoint_id}/test".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookTestSent | None:
    if response.status_code == 202:
        response_202 = WebhookTestSent.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | WebhookTestSent]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[Problem | WebhookTestSent]:
    """Send a test event to a webhook endpoint

     Queue a signed `webhook.test` event to this endpoint (whatever its filter).

    Args:
        endpoint_id (int): The endpoint's id
        idempotency_key (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookTestSent]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        idempotency_key=idempotency_key,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> Problem | WebhookTestSent | None:
    """Send a test event to a webhook endpoint

     Queue a signed `webhook.test` event to this endpoint (whatever its filter).

    Args:
        endpoint_id (int): The endpoint's id
        idempotency_key (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookTestSent
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        idempotency_key=idempotency_key,
        cybercare_test_clock=cybercare_test_clock,
    ).parsed


async def asyncio_detailed(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[Problem | WebhookTestSent]:
    """Send a test event to a webhook endpoint

     Queue a signed `webhook.test` event to this endpoint (whatever its filter).

    Args:
        endpoint_id (int): The endpoint's id
        idempotency_key (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookTestSent]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        idempotency_key=idempotency_key,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> Problem | WebhookTestSent | None:
    """Send a test event to a webhook endpoint

     Queue a signed `webhook.test` event to this endpoint (whatever its filter).

    Args:
        endpoint_id (int): The endpoint's id
        idempotency_key (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookTestSent
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            idempotency_key=idempotency_key,
            cybercare_test_clock=cybercare_test_clock,
        )
    ).parsed
