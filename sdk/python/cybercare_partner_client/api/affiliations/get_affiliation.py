from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.affiliation_read import AffiliationRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    affiliation_id: str,
    *,
    cybercare_test_clock: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(cybercare_test_clock, Unset):
        headers["Cybercare-Test-Clock"] = cybercare_test_clock

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/affiliations/{affiliation_id}".format(
            affiliation_id=quote(str(affiliation_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AffiliationRead | Problem | None:
    if response.status_code == 200:
        response_200 = AffiliationRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[AffiliationRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    affiliation_id: str,
    *,
    client: AuthenticatedClient,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[AffiliationRead | Problem]:
    """Read an affiliation

     One of this distributor's affiliations; another distributor's id answers 404.

    Args:
        affiliation_id (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AffiliationRead | Problem]
    """

    kwargs = _get_kwargs(
        affiliation_id=affiliation_id,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    affiliation_id: str,
    *,
    client: AuthenticatedClient,
    cybercare_test_clock: str | Unset = UNSET,
) -> AffiliationRead | Problem | None:
    """Read an affiliation

     One of this distributor's affiliations; another distributor's id answers 404.

    Args:
        affiliation_id (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AffiliationRead | Problem
    """

    return sync_detailed(
        affiliation_id=affiliation_id,
        client=client,
        cybercare_test_clock=cybercare_test_clock,
    ).parsed


async def asyncio_detailed(
    affiliation_id: str,
    *,
    client: AuthenticatedClient,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[AffiliationRead | Problem]:
    """Read an affiliation

     One of this distributor's affiliations; another distributor's id answers 404.

    Args:
        affiliation_id (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AffiliationRead | Problem]
    """

    kwargs = _get_kwargs(
        affiliation_id=affiliation_id,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    affiliation_id: str,
    *,
    client: AuthenticatedClient,
    cybercare_test_clock: str | Unset = UNSET,
) -> AffiliationRead | Problem | None:
    """Read an affiliation

     One of this distributor's affiliations; another distributor's id answers 404.

    Args:
        affiliation_id (str):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AffiliationRead | Problem
    """

    return (
        await asyncio_detailed(
            affiliation_id=affiliation_id,
            client=client,
            cybercare_test_clock=cybercare_test_clock,
        )
    ).parsed
