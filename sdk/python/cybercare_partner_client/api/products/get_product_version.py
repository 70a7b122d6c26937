from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.product_version_read import ProductVersionRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    version: str,
    *,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

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
        "url": "/api/v1/products/{code}/versions/{version}".format(
            code=quote(str(code), safe=""),
            version=quote(str(version), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProductVersionRead | None:
    if response.status_code == 200:
        response_200 = ProductVersionRead.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ProductVersionRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | ProductVersionRead]:
    """Read a product version's terms

     Guarantees, pots, timers and premium of one version, labelled in `lang`.

    Args:
        code (str):
        version (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProductVersionRead]
    """

    kwargs = _get_kwargs(
        code=code,
        version=version,
        lang=lang,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | ProductVersionRead | None:
    """Read a product version's terms

     Guarantees, pots, timers and premium of one version, labelled in `lang`.

    Args:
        code (str):
        version (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProductVersionRead
    """

    return sync_detailed(
        code=code,
        version=version,
        client=client,
        lang=lang,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    code: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | ProductVersionRead]:
    """Read a product version's terms

     Guarantees, pots, timers and premium of one version, labelled in `lang`.

    Args:
        code (str):
        version (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProductVersionRead]
    """

    kwargs = _get_kwargs(
        code=code,
        version=version,
        lang=lang,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    lang: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | ProductVersionRead | None:
    """Read a product version's terms

     Guarantees, pots, timers and premium of one version, labelled in `lang`.

    Args:
        code (str):
        version (str):
        lang (None | str | Unset): Language of labels: nl, fr, de or en (Art. 11.4)
        accept_language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProductVersionRead
    """

    return (
        await asyncio_detailed(
            code=code,
            version=version,
            client=client,
            lang=lang,
            accept_language=accept_language,
        )
    ).parsed
