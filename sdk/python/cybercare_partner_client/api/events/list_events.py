from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_page import EventPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    cybercare_test_clock: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(cybercare_test_clock, Unset):
        headers["Cybercare-Test-Clock"] = cybercare_test_clock

    params: dict[str, Any] = {}

    json_after: None | str | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/events",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EventPage | Problem | None:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())

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
) -> Response[EventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[EventPage | Problem]:
    """Read the event feed

     This distributor's lifecycle events in commit order, after `after`. `has_more` says
    whether another page follows at once; `next_cursor` is where to continue from.

    Args:
        after (None | str | Unset): A cursor (an event's `cursor`, or a page's `next_cursor`);
            omitted: from the start
        limit (int | Unset): Events per page Default: 100.
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    cybercare_test_clock: str | Unset = UNSET,
) -> EventPage | Problem | None:
    """Read the event feed

     This distributor's lifecycle events in commit order, after `after`. `has_more` says
    whether another page follows at once; `next_cursor` is where to continue from.

    Args:
        after (None | str | Unset): A cursor (an event's `cursor`, or a page's `next_cursor`);
            omitted: from the start
        limit (int | Unset): Events per page Default: 100.
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return sync_detailed(
        client=client,
        after=after,
        limit=limit,
        cybercare_test_clock=cybercare_test_clock,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[EventPage | Problem]:
    """Read the event feed

     This distributor's lifecycle events in commit order, after `after`. `has_more` says
    whether another page follows at once; `next_cursor` is where to continue from.

    Args:
        after (None | str | Unset): A cursor (an event's `cursor`, or a page's `next_cursor`);
            omitted: from the start
        limit (int | Unset): Events per page Default: 100.
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    cybercare_test_clock: str | Unset = UNSET,
) -> EventPage | Problem | None:
    """Read the event feed

     This distributor's lifecycle events in commit order, after `after`. `has_more` says
    whether another page follows at once; `next_cursor` is where to continue from.

    Args:
        after (None | str | Unset): A cursor (an event's `cursor`, or a page's `next_cursor`);
            omitted: from the start
        limit (int | Unset): Events per page Default: 100.
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            limit=limit,
            cybercare_test_clock=cybercare_test_clock,
        )
    ).parsed
