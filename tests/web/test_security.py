"""Security plumbing for the coming sign-in: CSRF on every unsafe form request, the session
cookie, the security headers."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer

from cybercare.app import create_app
from cybercare.http.access import api_routes
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment
from cybercare.web.app import build_router
from cybercare.web.csrf import SAFE_METHODS, CsrfTokens
from cybercare.web.routes.public import safe_next
from cybercare.web.session import WebSession
from tests.web.conftest import SECRET, TODAY, web_container

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _token(client: TestClient, path: str = "/") -> str:
    match = TOKEN.search(client.get(path).text)
    assert match, "the page has no CSRF field"
    return match.group(1)


def _set_cookie(response_headers: list[str], name: str) -> str | None:
    return next((c for c in response_headers if c.startswith(f"{name}=")), None)


# --- CSRF -----------------------------------------------------------------------------------


def test_a_form_without_a_csrf_token_is_refused(web: TestClient) -> None:
    web.get("/")  # a session exists, but the form forgot its token
    response = web.post("/language", data={"lang": "fr", "next": "/"}, follow_redirects=False)
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert "This form has expired" in response.text
    assert _set_cookie(response.headers.get_list("set-cookie"), "cc_lang") is None


def test_a_forged_csrf_token_is_refused(web: TestClient) -> None:
    web.get("/")
    forged = URLSafeTimedSerializer("another-secret", salt="cybercare.web.csrf").dumps("x")
    for token in (forged, "garbage", ""):
        response = web.post(
            "/language", data={"lang": "fr", "csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 403, token


def test_a_token_of_another_session_is_refused(web_app: FastAPI) -> None:
    with (
        TestClient(web_app, base_url="https://testserver") as mallory,
        TestClient(web_app, base_url="https://testserver") as victim,
    ):
        stolen = _token(mallory)
        victim.get("/")
        response = victim.post(
            "/language", data={"lang": "fr", "csrf_token": stolen}, follow_redirects=False
        )
    assert response.status_code == 403


def test_a_valid_token_in_the_form_lets_the_switcher_set_the_language(web: TestClient) -> None:
    token = _token(web)
    response = web.post(
        "/language",
        data={"lang": "fr", "next": "/product", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/product"
    cookie = _set_cookie(response.headers.get_list("set-cookie"), "cc_lang")
    assert cookie is not None
    assert cookie.startswith("cc_lang=fr;")
    assert web.get("/product").headers["content-language"] == "fr"


def test_htmx_requests_may_carry_the_token_in_a_header(web: TestClient) -> None:
    html = web.get("/").text
    assert 'hx-headers=\'{"X-CSRF-Token": "' in html
    token = _token(web)
    response = web.post(
        "/language", data={"lang": "de"}, headers={"X-CSRF-Token": token}, follow_redirects=False
    )
    assert response.status_code == 303


def test_a_json_post_without_a_token_is_refused_too(web: TestClient) -> None:
    web.get("/")
    response = web.post("/language", json={"lang": "fr"}, follow_redirects=False)
    assert response.status_code == 403


def test_an_unknown_language_is_ignored_and_the_redirect_stays_on_this_site(
    web: TestClient,
) -> None:
    token = _token(web)
    response = web.post(
        "/language",
        data={"lang": "xx", "next": "//evil.example/", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert _set_cookie(response.headers.get_list("set-cookie"), "cc_lang") is None


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/product?x=1", "/product?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_the_switcher_only_returns_to_a_path_of_this_site(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe


def test_a_token_is_tied_to_its_session_and_rotating_the_session_voids_it() -> None:
    clock = FixedClock(TODAY)
    tokens = CsrfTokens(SECRET, clock)
    session = WebSession.new()
    token = tokens.issue(session)
    assert tokens.valid(token, session)
    session.rotate()
    assert not tokens.valid(token, session)
    other = CsrfTokens("another-secret-of-the-same-kind-000000", clock)
    assert not other.valid(token, WebSession("x"))


def test_every_unsafe_web_route_refuses_a_request_without_token(web: TestClient) -> None:
    web.get("/")
    unsafe = [
        (route.path, method)
        for route, _ in api_routes(build_router().routes)
        for method in sorted(route.methods or ())
        if method not in SAFE_METHODS
    ]
    assert ("/language", "POST") in unsafe
    for path, method in unsafe:
        response = web.request(method, path, data={"lang": "fr"}, follow_redirects=False)
        assert response.status_code == 403, (method, path)


# --- Session cookie ------------------------------------------------------------------------


def test_the_session_cookie_is_signed_http_only_same_site_and_secure(web: TestClient) -> None:
    cookie = _set_cookie(web.get("/").headers.get_list("set-cookie"), "cc_session")
    assert cookie is not None
    attributes = {part.strip().split("=")[0] for part in cookie.split(";")[1:]}
    assert attributes >= {"HttpOnly", "Secure", "SameSite", "Path"}
    assert "SameSite=Lax" in cookie


def test_in_development_cookies_are_not_secure_so_plain_http_works() -> None:
    app = create_app(container=web_container(Environment.DEVELOPMENT))
    with TestClient(app) as client:
        cookie = _set_cookie(client.get("/").headers.get_list("set-cookie"), "cc_session")
    assert cookie is not None
    assert "HttpOnly" in cookie
    assert "Secure" not in cookie


def test_a_tampered_session_cookie_is_replaced_by_a_new_session(web: TestClient) -> None:
    web.cookies.set("cc_session", "eyJzaWQiOiJ4In0.forged.signature")
    response = web.get("/")
    assert _set_cookie(response.headers.get_list("set-cookie"), "cc_session") is not None


def test_the_api_sets_no_cookie(web: TestClient) -> None:
    response = web.get("/api/v1/products")
    assert response.status_code == 200
    assert response.headers.get_list("set-cookie") == []


# --- Headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/product", "/nothing-here", "/api/v1/products"])
def test_every_response_carries_the_security_headers(web: TestClient, path: str) -> None:
    headers = web.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_are_never_cached_as_they_carry_session_tokens(web: TestClient) -> None:
    assert web.get("/").headers["cache-control"] == "no-store"


def test_the_api_documentation_may_load_swagger_but_not_be_framed(web: TestClient) -> None:
    policy = web.get("/docs").headers["content-security-policy"]
    assert policy == "frame-ancestors 'none'"


def test_strict_transport_security_only_in_production(web: TestClient) -> None:
    assert "strict-transport-security" not in web.get("/").headers
    app = create_app(container=web_container(Environment.PRODUCTION))
    with TestClient(app, base_url="https://testserver") as client:
        assert "max-age=" in client.get("/").headers["strict-transport-security"]


def test_the_pages_have_no_inline_script_or_style(web: TestClient) -> None:
    for path in ("/", "/product", "/nothing-here"):
        html = web.get(path).text
        assert " style=" not in html
        assert "<style" not in html
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
        for attributes, body in scripts:
            assert 'type="application/json"' in attributes or (
                "src=" in attributes and not body.strip()
            ), attributes


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The largest legitimate request is a claim with its evidence (10 files of 10 MiB): a
    larger body gets 413, whatever the route, before any form is parsed (CSRF reads forms)."""
    from cybercare import app as root

    assert root.MAX_REQUEST_BYTES > 10 * 10 * 1024 * 1024
    monkeypatch.setattr(root, "MAX_REQUEST_BYTES", 1000)
    with TestClient(
        root.create_app(container=web_container()), base_url="https://testserver"
    ) as client:
        big = {"email": "x" * 2000, "password": "y"}
        assert client.post("/login", data=big).status_code == 413
        assert client.post("/api/v1/quotes", content=b"{" + b" " * 2000 + b"}").status_code == 413
        assert client.post("/login", data={"email": "a@b.be", "password": "z"}).status_code == 403
