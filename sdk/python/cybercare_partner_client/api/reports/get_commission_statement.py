from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.format_ import Format
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    month: str,
    format_: Format | Unset = UNSET,
    distributor: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(cybercare_test_clock, Unset):
        headers["Cybercare-Test-Clock"] = cybercare_test_clock

    params: dict[str, Any] = {}

    params["month"] = month

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_distributor: None | str | Unset
    if isinstance(distributor, Unset):
        json_distributor = UNSET
    else:
        json_distributor = distributor
    params["distributor"] = json_distributor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/reports/commission",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    month: str,
    format_: Format | Unset = UNSET,
    distributor: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[Problem | str]:
    """Download the commission statement

     The commission on each premium line of the month, with the ledger's control totals.

    Args:
        month (str):
        format_ (Format | Unset):
        distributor (None | str | Unset): Only your own code
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        month=month,
        format_=format_,
        distributor=distributor,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    month: str,
    format_: Format | Unset = UNSET,
    distributor: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Problem | str | None:
    """Download the commission statement

     The commission on each premium line of the month, with the ledger's control totals.

    Args:
        month (str):
        format_ (Format | Unset):
        distributor (None | str | Unset): Only your own code
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        month=month,
        format_=format_,
        distributor=distributor,
        cybercare_test_clock=cybercare_test_clock,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    month: str,
    format_: Format | Unset = UNSET,
    distributor: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[Problem | str]:
    """Download the commission statement

     The commission on each premium line of the month, with the ledger's control totals.

    Args:
        month (str):
        format_ (Format | Unset):
        distributor (None | str | Unset): Only your own code
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        month=month,
        format_=format_,
        distributor=distributor,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    month: str,
    format_: Format | Unset = UNSET,
    distributor: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Problem | str | None:
    """Download the commission statement

     The commission on each premium line of the month, with the ledger's control totals.

    Args:
        month (str):
        format_ (Format | Unset):
        distributor (None | str | Unset): Only your own code
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            month=month,
            format_=format_,
            distributor=distributor,
            cybercare_test_clock=cybercare_test_clock,
        )
    ).parsed
