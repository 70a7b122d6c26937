"""Who is asking: the client's address, for the rate limits keyed on it.

The connecting peer, unless it is one of the configured reverse proxies (setting
`trusted_proxies`, none by default). Only then is `X-Forwarded-For` read, from the right: each
trusted proxy appends the address it received the request from, so the rightmost address that
is not a trusted proxy is the client; anything to its left came from the client and may be made
up. A forged header sent straight to the server is ignored. `cybercare serve` gives uvicorn the
same list (`forwarded_allow_ips`), so that the two agree.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from starlette.requests import HTTPConnection

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False  # not an address (a made-up header, a unix socket): never a proxy
    return any(ip in network for network in networks)


def forwarded_client(peer: str, forwarded_for: list[str], networks: tuple[Network, ...]) -> str:
    """The client's address: `peer` itself unless it is a trusted proxy, else the rightmost
    address of the `X-Forwarded-For` values that is not a trusted proxy."""
    if not networks or not is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer  # only proxies: the farthest one


def client_address(connection: HTTPConnection) -> str:
    peer = connection.client.host if connection.client else "unknown"
    settings = connection.app.state.container.settings
    networks = trusted_networks(tuple(settings.trusted_proxies))
    return forwarded_client(peer, connection.headers.getlist("x-forwarded-for"), networks)
