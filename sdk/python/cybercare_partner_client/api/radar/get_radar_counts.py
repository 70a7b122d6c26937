import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.radar_counts_read import RadarCountsRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    since: datetime.datetime | None | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(cybercare_test_clock, Unset):
        headers["Cybercare-Test-Clock"] = cybercare_test_clock

    params: dict[str, Any] = {}

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/radar/counts",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RadarCountsRead | None:
    if response.status_code == 200:
        response_200 = RadarCountsRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | RadarCountsRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[Problem | RadarCountsRead]:
    """Count the scam radar reports of the book

     Aggregate counts of the reports of the distributor's households (Art. 11.1).

    Args:
        since (datetime.datetime | None | Unset): Default: 7 days ago
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RadarCountsRead]
    """

    kwargs = _get_kwargs(
        since=since,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Problem | RadarCountsRead | None:
    """Count the scam radar reports of the book

     Aggregate counts of the reports of the distributor's households (Art. 11.1).

    Args:
        since (datetime.datetime | None | Unset): Default: 7 days ago
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RadarCountsRead
    """

    return sync_detailed(
        client=client,
        since=since,
        cybercare_test_clock=cybercare_test_clock,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[Problem | RadarCountsRead]:
    """Count the scam radar reports of the book

     Aggregate counts of the reports of the distributor's households (Art. 11.1).

    Args:
        since (datetime.datetime | None | Unset): Default: 7 days ago
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RadarCountsRead]
    """

    kwargs = _get_kwargs(
        since=since,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Problem | RadarCountsRead | None:
    """Count the scam radar reports of the book

     Aggregate counts of the reports of the distributor's households (Art. 11.1).

    Args:
        since (datetime.datetime | None | Unset): Default: 7 days ago
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RadarCountsRead
    """

    return (
        await asyncio_detailed(
            client=client,
            since=since,
            cybercare_test_clock=cybercare_test_clock,
        )
    ).parsed
