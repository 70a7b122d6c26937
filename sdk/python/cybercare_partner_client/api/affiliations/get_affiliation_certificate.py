from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    affiliation_id: str,
    *,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

    if not isinstance(cybercare_test_clock, Unset):
        headers["Cybercare-Test-Clock"] = cybercare_test_clock

    params: dict[str, Any] = {}

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    else:
        json_lang = lang
    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/affiliations/{affiliation_id}/certificate.pdf".format(
            affiliation_id=quote(str(affiliation_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

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
) -> Response[File | Problem]:
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
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[File | Problem]:
    """Download the affiliation certificate (PDF)

     The affiliation certificate (PDF) in the requested language.

    Args:
        affiliation_id (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        affiliation_id=affiliation_id,
        lang=lang,
        accept_language=accept_language,
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
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> File | Problem | None:
    """Download the affiliation certificate (PDF)

     The affiliation certificate (PDF) in the requested language.

    Args:
        affiliation_id (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        affiliation_id=affiliation_id,
        client=client,
        lang=lang,
        accept_language=accept_language,
        cybercare_test_clock=cybercare_test_clock,
    ).parsed


async def asyncio_detailed(
    affiliation_id: str,
    *,
    client: AuthenticatedClient,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> Response[File | Problem]:
    """Download the affiliation certificate (PDF)

     The affiliation certificate (PDF) in the requested language.

    Args:
        affiliation_id (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        affiliation_id=affiliation_id,
        lang=lang,
        accept_language=accept_language,
        cybercare_test_clock=cybercare_test_clock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    affiliation_id: str,
    *,
    client: AuthenticatedClient,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
    cybercare_test_clock: str | Unset = UNSET,
) -> File | Problem | None:
    """Download the affiliation certificate (PDF)

     The affiliation certificate (PDF) in the requested language.

    Args:
        affiliation_id (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):
        cybercare_test_clock (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            affiliation_id=affiliation_id,
            client=client,
            lang=lang,
            accept_language=accept_language,
            cybercare_test_clock=cybercare_test_clock,
        )
    ).parsed
