from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.mandate_read import MandateRead
from ...models.mandate_update import MandateUpdate
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    affiliation_id: str,
    reference: str,
    *,
    body: MandateUpdate,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    if not isinstance(cybercare_test_clock, Unset):
        headers["Cybercare-Test-Clock"] = cybercare_test_clock

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/affiliations/{affiliation_id}/mandates/{reference}/amendment".format(
            affiliation_id=quote(str(affiliation_id), safe=""),
            reference=quote(str(reference), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MandateRead | Problem | None:
    if response.status_code == 200:
        response_200 = MandateRead.from_dict(response.json())

        return response_200

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
) -> Response[MandateRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    affiliation_id: str,
    reference: str,
    *,
    client: AuthenticatedClient,
    body: MandateUpdate,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[MandateRead | Problem]:
    """Amend a mandate's IBAN or holder

     A new IBAN and/or holder: the next collection carries the amendment details.

    Args:
        affiliation_id (str):
        reference (str):
        idempotency_key (str):
        cybercare_test_clock (str | Unset):
        body (MandateUpdate): An amendment: a new account and/or holder. The next collection
            reports it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MandateRead | Problem]
    """

    kwargs = _get_kwargs(
        affiliation_id=affiliation_id,
        reference=reference,
        body=body,
        idempotency_key=idempotency_key,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    affiliation_id: str,
    reference: str,
    *,
    client: AuthenticatedClient,
    body: MandateUpdate,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> MandateRead | Problem | None:
    """Amend a mandate's IBAN or holder

     A new IBAN and/or holder: the next collection carries the amendment details.

    Args:
        affiliation_id (str):
        reference (str):
        idempotency_key (str):
        cybercare_test_clock (str | Unset):
        body (MandateUpdate): An amendment: a new account and/or holder. The next collection
            reports it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MandateRead | Problem
    """

    return sync_detailed(
        affiliation_id=affiliation_id,
        reference=reference,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        cybercare_test_clock=cybercare_test_clock,
    ).parsed


async def asyncio_detailed(
    affiliation_id: str,
    reference: str,
    *,
    client: AuthenticatedClient,
    body: MandateUpdate,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[MandateRead | Problem]:
    """Amend a mandate's IBAN or holder

     A new IBAN and/or holder: the next collection carries the amendment details.

    Args:
        affiliation_id (str):
        reference (str):
        idempotency_key (str):
        cybercare_test_clock (str | Unset):
        body (MandateUpdate): An amendment: a new account and/or holder. The next collection
            reports it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MandateRead | Problem]
    """

    kwargs = _get_kwargs(
        affiliation_id=affiliation_id,
        reference=reference,
        body=body,
        idempotency_key=idempotency_key,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    affiliation_id: str,
    reference: str,
    *,
    client: AuthenticatedClient,
    body: MandateUpdate,
    idempotency_key: str,
    cybercare_test_clock: str | Unset = UNSET,
) -> MandateRead | Problem | None:
    """Amend a mandate's IBAN or holder

     A new IBAN and/or holder: the next collection carries the amendment details.

    Args:
        affiliation_id (str):
        reference (str):
        idempotency_key (str):
        cybercare_test_clock (str | Unset):
        body (MandateUpdate): An amendment: a new account and/or holder. The next collection
            reports it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MandateRead | Problem
    """

    return (
        await asyncio_detailed(
            affiliation_id=affiliation_id,
            reference=reference,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            cybercare_test_clock=cybercare_test_clock,
        )
    ).parsed
