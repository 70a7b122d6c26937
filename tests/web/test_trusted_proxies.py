"""`X-Forwarded-For` is believed only from the configured proxies (setting `trusted_proxies`, none
by default), and then read from the right: the rightmost address that is not a trusted proxy is
the client. A forged header sent straight to the server changes nothing; the rate limits keyed
on the client address hold. `cybercare serve` tells uvicorn the same."""

from __future__ import annotations

import ipaddress

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from cybercare.app import create_app
from cybercare.cli.server import proxy_options
from cybercare.http.client import forwarded_client, trusted_networks
from cybercare.settings import Settings
from tests.web.conftest import csrf_of, web_container

PROXIES = trusted_networks(("10.0.0.0/8", "2001:db8::/32"))


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.9", ["198.51.100.7"], "203.0.113.9"),  # not a proxy: the header is ignored
        ("10.0.0.5", ["198.51.100.7"], "198.51.100.7"),  # our proxy says who it served
        ("10.0.0.5", ["1.2.3.4, 198.51.100.7"], "198.51.100.7"),  # the client's own claim: left
        ("10.0.0.5", ["198.51.100.7, 10.1.2.3"], "198.51.100.7"),  # two proxies of ours
        ("10.0.0.5", ["198.51.100.7", "10.1.2.3"], "198.51.100.7"),  # one header per proxy
        ("10.0.0.5", ["not-an-address, 198.51.100.7"], "198.51.100.7"),
        ("2001:db8::1", ["2001:db8::2, 2a00:1450::7"], "2a00:1450::7"),
        ("10.0.0.5", ["10.0.0.6, 10.0.0.7"], "10.0.0.6"),  # only proxies: the farthest
        ("10.0.0.5", [], "10.0.0.5"),  # a proxy's own request (a health check)
    ],
)
def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy(
    peer: str, forwarded: list[str], client: str
) -> None:
    assert forwarded_client(peer, forwarded, PROXIES) == client


def test_with_no_trusted_proxy_the_header_is_never_read() -> None:
    assert forwarded_client("127.0.0.1", ["198.51.100.7"], ()) == "127.0.0.1"


def ask_reset(client: TestClient, n: int, forwarded_for: str) -> int:
    """A reset request for a new address each time: only the per-client count can refuse it
    (5 per 15 minutes)."""
    token = csrf_of(client.get("/password/forgot").text)
    answer = client.post(
        "/password/forgot",
        data={"email": f"someone{n}@example.be", "csrf_token": token},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return answer.status_code


def test_a_forged_x_forwarded_for_from_localhost_does_not_escape_the_limit() -> None:
    """Before issue 16, uvicorn's default trusted 127.0.0.1: a local client could pick a new
    address for every request. Now no proxy is trusted unless configured."""
    app = create_app(container=web_container())
    with TestClient(app, base_url="https://testserver", client=("127.0.0.1", 50000)) as client:
        statuses = [ask_reset(client, n, f"198.51.100.{n}") for n in range(6)]
    assert statuses == [200] * 5 + [429]


def test_behind_a_trusted_proxy_each_client_has_its_own_count() -> None:
    app = create_app(container=web_container(trusted_proxies=["10.0.0.0/8"]))
    with TestClient(app, base_url="https://testserver", client=("10.0.0.5", 50000)) as proxy:
        assert [ask_reset(proxy, n, "198.51.100.7") for n in range(5)] == [200] * 5
        # The same client again, whatever it claims to the left of the proxy's entry.
        assert ask_reset(proxy, 5, "1.2.3.4, 198.51.100.7") == 429
        # Another client behind the same proxy is not limited by the first one's requests.
        assert ask_reset(proxy, 6, "203.0.113.9") == 200


def test_the_setting_takes_a_comma_separated_list_and_refuses_what_is_not_an_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CYBERCARE_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.10,2001:db8::/32")
    assert Settings().trusted_proxies == ["10.0.0.0/8", "192.0.2.10", "2001:db8::/32"]
    assert ipaddress.ip_address("192.0.2.10") in trusted_networks(("192.0.2.10",))[0]
    monkeypatch.setenv("CYBERCARE_TRUSTED_PROXIES", "10.0.0.0/8,proxy.example")
    with pytest.raises(ValidationError, match=r"'proxy\.example' is not an IP address"):
        Settings()
    monkeypatch.delenv("CYBERCARE_TRUSTED_PROXIES")
    assert Settings().trusted_proxies == []


def test_serve_gives_uvicorn_the_same_proxies_and_none_by_default() -> None:
    assert proxy_options(Settings()) == {"proxy_headers": False, "forwarded_allow_ips": None}
    behind = Settings(trusted_proxies=["10.0.0.0/8", "192.0.2.10"])
    assert proxy_options(behind) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.0/8", "192.0.2.10"],
    }
