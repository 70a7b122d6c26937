"""Sign-in of members and staff (issue 6): password (argon2), the TOTP second factor (optional for
members, required for staff unless the demo switches it off), server-side sessions in secure,
HTTP-only cookies renewed at every change of privilege, CSRF on every form, attempts limited per
e-mail address and per client, and a password reset by e-mail through the outbox.

Each test runs on SQLite and PostgreSQL through `portal_client`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.tables import AuditEvent, OutboxMessage, UserRow, WebSessionRow
from cybercare.http.access import api_routes
from cybercare.identity import credentials
from cybercare.identity.domain import Role
from cybercare.identity.service import set_active
from cybercare.identity.totp_sealing import TotpSealer, Unsealed
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from cybercare.web.access import web_public
from cybercare.web.auth import web_member, web_signed_in, web_staff, web_staff_with_role
from cybercare.web.routes.signin import local_next
from tests.web.accounts import (
    Login,
    code_now,
    member_login,
    sign_in_as,
    staff_login,
    submit_code,
    submit_password,
)
from tests.web.conftest import csrf_of, post_form

HOME = "https://testserver"


def clock_of(container: Container) -> FixedClock:
    assert isinstance(container.clock, FixedClock)
    return container.clock


def session_cookie(client: TestClient) -> str | None:
    return client.cookies.get("cc_session")


def browser_with(client: TestClient, cookie: str) -> TestClient:
    """Another browser presenting `cookie` (e.g. one an attacker copied)."""
    other = TestClient(client.app, base_url=HOME)
    other.cookies.set("cc_session", cookie)
    return other


def is_signed_in(client: TestClient) -> bool:
    answer = client.get("/account", follow_redirects=False)
    if answer.status_code == 200:
        return True
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")
    return False


def sign_out(client: TestClient) -> None:
    answer = post_form(client, "/account", "/logout", {})
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert answer.headers["location"] == "/login?signed_out=1"  # type: ignore[attr-defined]


def audit_actions(container: Container, user_id: str) -> list[tuple[str, dict[str, object]]]:
    with container.database.reader() as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.details)
            .where(AuditEvent.subject_type == "user", AuditEvent.subject_id == user_id)
            .order_by(AuditEvent.id)
        ).all()
    return [(action, dict(details or {})) for action, details in rows]


def page_text(html: str) -> str:
    """A page without what differs between two answers of the same kind: the CSRF token and
    the values typed into the form."""
    return re.sub(r'value="[^"]*"', "", html.replace(csrf_of(html), ""))


def client_with(container: Container, **settings: object) -> TestClient:
    changed = container.settings.model_copy(update=settings)
    return TestClient(create_app(container=dataclasses.replace(container, settings=changed)), HOME)


@pytest.fixture
def member(container: Container) -> Login:
    return member_login(container)


# --- Password ------------------------------------------------------------------------------


def test_a_member_signs_in_with_e_mail_and_password_and_lands_on_the_portal(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    answer = submit_password(portal_client, member)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/portal"
    page = portal_client.get("/account")
    assert page.status_code == 200
    assert "An Peeters" in page.text
    assert ("user.signed_in", {"second_factor": False}) in audit_actions(container, member.user_id)


def test_the_e_mail_address_is_matched_whatever_its_case_and_spaces(
    portal_client: TestClient, member: Login
) -> None:
    shouted = dataclasses.replace(member, email=f"  {member.email.upper()} ")
    assert submit_password(portal_client, shouted).headers["location"] == "/portal"


def test_staff_with_a_second_factor_land_on_the_back_office(
    portal_client: TestClient, container: Container
) -> None:
    agent = staff_login(container, roles=("legal",))
    answer = sign_in_as(portal_client, agent, clock_of(container))
    assert answer.headers["location"] == "/staff"


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    wrong = submit_password(portal_client, member, password="not the right password")
    unknown = submit_password(
        portal_client, dataclasses.replace(member, email="nobody@peeters.example")
    )
    assert wrong.status_code == unknown.status_code == 422
    message = "The e-mail address or the password is wrong."
    assert message in wrong.text
    assert message in unknown.text
    assert page_text(wrong.text) == page_text(unknown.text)
    assert not is_signed_in(portal_client)
    # The refusal of a known user is audited; nothing is written for an unknown address.
    assert ("user.sign_in_refused", {"reason": "password"}) in audit_actions(
        container, member.user_id
    )


def test_a_deactivated_user_is_refused_with_the_same_answer_and_loses_open_sessions(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    sign_in_as(portal_client, member, clock_of(container))
    with container.database.uow() as uow:
        set_active(uow, user_id=member.user_id, active=False, clock=container.clock, actor="test")
        uow.commit()
    assert not is_signed_in(portal_client)
    answer = submit_password(portal_client, member)
    assert answer.status_code == 422
    assert "The e-mail address or the password is wrong." in answer.text
    assert ("user.sign_in_refused", {"reason": "inactive"}) in audit_actions(
        container, member.user_id
    )


def test_the_sign_in_page_is_labelled_and_offers_the_password_reset(
    portal_client: TestClient,
) -> None:
    html = portal_client.get("/login", params={"lang": "fr"}).text
    assert '<label for="f-email">Adresse e-mail' in html
    assert 'autocomplete="current-password"' in html
    assert 'href="/password/forgot"' in html
    assert 'aria-current="page"' in html  # the "Sign in" item of the menu


# --- Second factor -------------------------------------------------------------------------


def test_a_member_with_a_second_factor_enters_the_code_of_their_app(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    answer = submit_password(portal_client, member)
    assert answer.headers["location"] == "/login/code"
    assert not is_signed_in(portal_client)  # the password alone opens nothing
    answer = submit_code(portal_client, code_now(member, clock_of(container)))
    assert answer.status_code == 303
    assert answer.headers["location"] == "/portal"
    assert is_signed_in(portal_client)
    assert audit_actions(container, member.user_id)[-1][0] == "user.signed_in"


def test_a_wrong_or_expired_code_is_refused_and_audited(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    clock = clock_of(container)
    submit_password(portal_client, member)
    assert member.totp_secret is not None
    old = credentials.totp_code(member.totp_secret, clock.now() - timedelta(minutes=2))
    for code in ("000000" if old != "000000" else "111111", old, "12345", "abcdef"):
        answer = submit_code(portal_client, code)
        assert answer.status_code == 422, code
        assert "The code is wrong or has expired." in answer.text
    assert not is_signed_in(portal_client)
    refusals = [d for a, d in audit_actions(container, member.user_id) if a.endswith("refused")]
    assert refusals == [{"reason": "second_factor"}] * 4


def test_a_code_is_accepted_once_so_a_code_seen_over_a_shoulder_cannot_be_replayed(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    clock = clock_of(container)
    code = code_now(member, clock)
    sign_in_as(portal_client, member, clock)
    sign_out(portal_client)
    submit_password(portal_client, member)
    assert submit_code(portal_client, code).status_code == 422
    clock.advance(timedelta(seconds=30))
    assert submit_code(portal_client, code_now(member, clock)).status_code == 303


def test_five_wrong_codes_stop_the_code_step_for_a_while(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    submit_password(portal_client, member)
    for _ in range(5):
        assert submit_code(portal_client, "000001").status_code == 422
    answer = submit_code(portal_client, code_now(member, clock_of(container)))
    assert answer.status_code == 429
    assert int(answer.headers["retry-after"]) > 0


def test_staff_without_a_second_factor_must_set_one_up_when_the_setting_requires_it(
    portal_client: TestClient, container: Container
) -> None:
    assert container.settings.staff_second_factor_required
    agent = staff_login(container, totp=False)
    answer = submit_password(portal_client, agent, next_path="/staff/search")
    assert answer.headers["location"] == "/login/enrol?next=%2Fstaff%2Fsearch"
    assert not is_signed_in(portal_client)
    page = portal_client.get("/login/enrol", params={"next": "/staff/search"})
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text  # the QR code, allowed by the CSP
    secret, sealed = sealed_secret_of(page.text)
    form = {"sealed_secret": sealed, "next": "/staff/search"}
    token = csrf_of(page.text)
    wrong = portal_client.post("/login/enrol", data={**form, "code": "000000", "csrf_token": token})
    assert wrong.status_code == 422
    assert not is_signed_in(portal_client)
    code = credentials.totp_code(secret, container.clock.now())
    answer = portal_client.post(
        "/login/enrol",
        data={**form, "code": code, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/staff/search"
    with container.database.reader() as uow:
        row = uow.session.get(UserRow, agent.user_id)
        assert row is not None
        stored = row.totp_secret or ""
    assert secret not in stored  # sealed at rest (identity/totp_sealing.py)
    opened = TotpSealer(container.settings.key_ring).unseal(stored, container.clock.now())
    assert opened == Unsealed(secret, stale=False)
    assert is_signed_in(portal_client)


def sealed_secret_of(page: str) -> tuple[str, str]:
    """The secret shown for typing and its sealed copy in the enrolment form."""
    shown = re.search(r'<code class="secret" translate="no">([A-Z2-7 ]+)</code>', page)
    sealed = re.search(r'name="sealed_secret" value="([^"]+)"', page)
    assert shown is not None
    assert sealed is not None
    return shown.group(1).replace(" ", ""), sealed.group(1)


def test_a_secret_sealed_for_another_session_cannot_be_enrolled(
    portal_client: TestClient, container: Container
) -> None:
    """An attacker who knows a victim's password cannot plant a secret of their own choosing:
    the secret travels sealed for the session that shows it."""
    agent = staff_login(container, totp=False)
    submit_password(portal_client, agent)
    page = portal_client.get("/login/enrol").text
    attacker = TestClient(portal_client.app, base_url=HOME)
    submit_password(attacker, staff_login(container, "mallory@cybercare.example", totp=False))
    secret, sealed = sealed_secret_of(attacker.get("/login/enrol").text)
    code = credentials.totp_code(secret, container.clock.now())
    for planted in (sealed, sealed[:-2] + "xx"):
        answer = portal_client.post(
            "/login/enrol",
            data={"sealed_secret": planted, "code": code, "csrf_token": csrf_of(page)},
        )
        assert answer.status_code == 422
    assert not is_signed_in(portal_client)


def test_with_the_setting_off_staff_go_straight_in_and_the_sign_in_page_says_so(
    container: Container,
) -> None:
    agent = staff_login(container, totp=False)
    with client_with(container, staff_second_factor_required=False) as client:
        page = client.get("/login")
        assert "Demo: staff sign in without a second factor here." in page.text
        answer = submit_password(client, agent)
        assert answer.headers["location"] == "/staff"
        assert is_signed_in(client)


def test_the_sign_in_page_has_no_demo_note_when_the_second_factor_is_required(
    portal_client: TestClient,
) -> None:
    assert "Demo:" not in portal_client.get("/login").text


def test_production_refuses_to_start_with_the_staff_second_factor_switched_off() -> None:
    with pytest.raises(ValidationError, match="SECOND_FACTOR_REQUIRED cannot be false"):
        Settings(
            environment=Environment.PRODUCTION,
            secret_key="a-real-production-secret-0123456789abcdef",  # type: ignore[arg-type]
            staff_second_factor_required=False,
        )


def test_a_half_finished_sign_in_lasts_ten_minutes(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    clock = clock_of(container)
    submit_password(portal_client, member)
    clock.advance(timedelta(minutes=10, seconds=1))
    answer = submit_code(portal_client, code_now(member, clock))
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"
    assert not is_signed_in(portal_client)


# --- Session ---------------------------------------------------------------------------------


def test_the_session_cookie_is_secure_http_only_and_same_site(
    portal_client: TestClient, member: Login
) -> None:
    answer = submit_password(portal_client, member)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("cc_session="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite", "path"} <= attributes
    assert "SameSite=Lax" in cookie


def test_the_session_id_changes_at_sign_in_so_a_planted_id_opens_nothing(
    portal_client: TestClient, member: Login
) -> None:
    portal_client.get("/login")
    planted = session_cookie(portal_client)
    assert planted is not None
    submit_password(portal_client, member)
    signed_in = session_cookie(portal_client)
    assert signed_in is not None
    assert signed_in != planted
    assert is_signed_in(portal_client)
    assert not is_signed_in(browser_with(portal_client, planted))


def test_only_a_digest_of_the_session_id_is_stored(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    submit_password(portal_client, member)
    with container.database.reader() as uow:
        stored = uow.session.scalars(
            select(WebSessionRow.sid_sha256).where(WebSessionRow.user_id == member.user_id)
        ).all()
    assert len(stored) == 1
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in stored)


def test_signing_out_ends_the_session_and_renews_the_id(
    portal_client: TestClient, member: Login
) -> None:
    submit_password(portal_client, member)
    before = session_cookie(portal_client)
    assert before is not None
    sign_out(portal_client)
    assert session_cookie(portal_client) != before
    assert not is_signed_in(portal_client)
    assert not is_signed_in(browser_with(portal_client, before))  # a copied cookie is worthless
    assert "You are signed out." in portal_client.get("/login?signed_out=1").text


def test_signing_in_again_ends_the_session_the_browser_had(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    submit_password(portal_client, member)
    first = session_cookie(portal_client)
    assert first is not None
    other = member_login(container, "partner")
    submit_password(portal_client, other)
    assert "Bram Peeters" in portal_client.get("/account").text
    assert not is_signed_in(browser_with(portal_client, first))


def test_a_session_ends_after_twelve_hours(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    submit_password(portal_client, member)
    clock_of(container).advance(timedelta(hours=12))
    assert not is_signed_in(portal_client)


def test_a_signed_in_visitor_of_the_sign_in_page_goes_home(
    portal_client: TestClient, member: Login
) -> None:
    submit_password(portal_client, member)
    answer = portal_client.get("/login", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/portal"


# --- CSRF and redirects ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "action", "data"),
    [
        ("/login", "/login", {"email": "affiliate@peeters.example", "password": "x" * 12}),
        ("/password/forgot", "/password/forgot", {"email": "affiliate@peeters.example"}),
        ("/login", "/logout", {}),
    ],
)
def test_a_form_posted_without_its_csrf_token_is_refused(
    portal_client: TestClient, member: Login, page: str, action: str, data: dict[str, str]
) -> None:
    portal_client.get(page)
    answer = portal_client.post(action, data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert "This form has expired" in answer.text


def test_a_token_from_before_the_sign_in_is_no_longer_valid_after_it(
    portal_client: TestClient, member: Login
) -> None:
    old_token = csrf_of(portal_client.get("/login").text)
    submit_password(portal_client, member)
    answer = portal_client.post("/logout", data={"csrf_token": old_token})
    assert answer.status_code == 403
    assert is_signed_in(portal_client)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/portal/cases?open=1", "/portal/cases?open=1"),
        ("/account", "/account"),
        ("https://evil.example/portal", None),
        ("//evil.example/portal", None),
        ("/\\evil.example", None),
        ("/\t/evil.example", None),
        ("/\n/evil.example", None),
        ("javascript:alert(1)", None),
        ("portal", None),
        ("/", None),
        ("/login?next=/portal", None),
        ("/logout", None),
        ("", None),
        (None, None),
    ],
)
def test_next_is_only_a_path_of_this_site(target: str | None, expected: str | None) -> None:
    assert local_next(target) == expected


def test_after_sign_in_the_member_returns_to_the_page_asked_for(
    portal_client: TestClient, member: Login
) -> None:
    answer = portal_client.get("/account", follow_redirects=False)
    assert answer.headers["location"] == "/login?next=%2Faccount"
    form = portal_client.get(answer.headers["location"])
    assert '<input type="hidden" name="next" value="/account">' in form.text
    answer = submit_password(portal_client, member, next_path="/account")
    assert answer.headers["location"] == "/account"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\t/evil.example"])
def test_a_foreign_next_sends_the_member_home_instead(
    portal_client: TestClient, member: Login, target: str
) -> None:
    answer = submit_password(portal_client, member, next_path=target)
    assert answer.headers["location"] == "/portal"


def test_an_htmx_request_of_a_signed_out_visitor_gets_hx_redirect_to_the_page_shown(
    portal_client: TestClient,
) -> None:
    answer = portal_client.get(
        "/account",
        headers={"HX-Request": "true", "HX-Current-URL": f"{HOME}/account?tab=2"},
        follow_redirects=False,
    )
    assert answer.status_code == 204
    location = answer.headers["hx-redirect"]
    assert urlsplit(location).path == "/login"
    assert parse_qs(urlsplit(location).query) == {"next": ["/account?tab=2"]}
    foreign = portal_client.get(
        "/account",
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/x"},
        follow_redirects=False,
    )
    assert foreign.headers["hx-redirect"] == "/login?next=%2F"


# --- Access rules on the signed-in areas --------------------------------------------------------


def _double(n: int) -> dict[str, int]:
    return {"n": n * 2}


@pytest.fixture
def areas(container: Container) -> Iterator[TestClient]:
    """The app with a probe page behind each web access rule, as the portal and back office
    declare them (their routers are filled by other parts of issue 6)."""
    app: FastAPI = create_app(container=container)
    probes = {
        "/portal/probe": web_member,
        "/staff/probe": web_staff,
        "/staff/supervision-probe": web_staff_with_role(Role.SUPERVISOR),
        "/account/probe": web_signed_in,
    }
    for path, rule in probes.items():
        router = APIRouter(dependencies=[Depends(rule)])
        router.add_api_route(path, lambda: {"ok": True}, methods=["GET"])
        app.include_router(router)
    public = APIRouter(dependencies=[Depends(web_public)])
    public.add_api_route("/probe/number/{n}", _double, methods=["GET"])
    app.include_router(public)
    with TestClient(app, base_url=HOME) as client:
        yield client


def _get_routes_under(app: FastAPI, prefixes: tuple[str, ...]) -> list[str]:
    """Every GET page under `prefixes` (the web routers carry no prefix of their own), with
    each path parameter filled in."""
    return [
        re.sub(r"\{[^}]+\}", "x", route.path)
        for route, _ in api_routes(app.routes)
        if route.path.startswith(prefixes) and "GET" in (route.methods or ())
    ]


def test_every_portal_staff_and_account_page_sends_a_signed_out_visitor_to_sign_in(
    areas: TestClient,
) -> None:
    assert isinstance(areas.app, FastAPI)
    paths = _get_routes_under(areas.app, ("/portal", "/staff", "/account"))
    assert {"/portal/probe", "/staff/probe", "/account", "/account/probe"} <= set(paths)
    for path in paths:
        answer = areas.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login?next=%2F"), path


def test_a_member_is_refused_staff_pages_and_staff_are_refused_member_pages(
    areas: TestClient, container: Container, member: Login
) -> None:
    clock = clock_of(container)
    sign_in_as(areas, member, clock)
    assert areas.get("/portal/probe").status_code == 200
    assert areas.get("/account/probe").status_code == 200
    refused = areas.get("/staff/probe")
    assert refused.status_code == 403
    assert "Access refused" in refused.text
    sign_out(areas)
    agent = staff_login(container, roles=("technical",))
    sign_in_as(areas, agent, clock)
    assert areas.get("/staff/probe").status_code == 200
    assert areas.get("/portal/probe").status_code == 403
    assert areas.get("/staff/supervision-probe").status_code == 403


def test_a_session_waiting_for_its_code_opens_no_page(
    areas: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    submit_password(areas, member)
    answer = areas.get("/portal/probe", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fportal%2Fprobe"


def test_an_address_a_page_cannot_read_gets_the_error_page_not_json(areas: TestClient) -> None:
    assert areas.get("/probe/number/4").json() == {"n": 8}
    answer = areas.get("/probe/number/four")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "The page could not understand what was sent." in answer.text


def test_an_empty_sign_in_form_says_what_is_missing_beside_each_field(
    portal_client: TestClient,
) -> None:
    answer = post_form(portal_client, "/login", "/login", {"email": " ", "password": ""})
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert 'id="f-email-error"' in html
    assert "Enter your e-mail address." in html
    assert "Enter your password." in html


# --- Rate limits -------------------------------------------------------------------------------


def test_the_sixth_attempt_on_one_address_within_fifteen_minutes_is_refused(
    portal_client: TestClient, member: Login
) -> None:
    for _ in range(5):
        assert submit_password(portal_client, member, password="wrong password!").status_code == 422
    answer = submit_password(portal_client, member)  # even the right password, for now
    assert answer.status_code == 429
    assert 0 < int(answer.headers["retry-after"]) <= 15 * 60
    assert "Too many attempts. You can try again in 15 min." in answer.text
    assert not is_signed_in(portal_client)


def test_an_unknown_address_is_limited_the_same_way(portal_client: TestClient) -> None:
    nobody = Login("usr_none", "nobody@peeters.example")
    for _ in range(5):
        assert submit_password(portal_client, nobody).status_code == 422
    assert submit_password(portal_client, nobody).status_code == 429


def test_a_successful_sign_in_clears_the_count_of_its_address(
    portal_client: TestClient, member: Login
) -> None:
    for _ in range(4):
        submit_password(portal_client, member, password="wrong password!")
    assert submit_password(portal_client, member).status_code == 303
    sign_out(portal_client)
    for _ in range(4):
        assert submit_password(portal_client, member, password="wrong password!").status_code == 422


def test_one_client_trying_many_addresses_is_stopped_after_twenty_failures(
    portal_client: TestClient, member: Login
) -> None:
    for n in range(20):
        stranger = Login("usr_none", f"guess{n}@peeters.example")
        assert submit_password(portal_client, stranger).status_code == 422
    answer = submit_password(portal_client, member)
    assert answer.status_code == 429
    assert "retry-after" in answer.headers
    elsewhere = TestClient(portal_client.app, base_url=HOME, client=("198.51.100.7", 50000))
    assert submit_password(elsewhere, member).status_code == 303


def test_many_successful_sign_ins_from_one_address_are_never_limited(
    portal_client: TestClient, member: Login
) -> None:
    """An office, or a mobile operator's shared address: only failures count per client."""
    for _ in range(7):
        assert submit_password(portal_client, member).status_code == 303
        sign_out(portal_client)


# --- Password reset ------------------------------------------------------------------------------


def reset_mails(container: Container) -> list[dict[str, object]]:
    with container.database.reader() as uow:
        payloads = uow.session.scalars(
            select(OutboxMessage.payload)
            .where(OutboxMessage.kind == "email")
            .order_by(OutboxMessage.id)
        ).all()
    return [dict(p) for p in payloads if "/password/reset?token=" in str(p.get("text"))]


def ask_reset(client: TestClient, email: str) -> str:
    answer = post_form(client, "/password/forgot", "/password/forgot", {"email": email})
    assert answer.status_code == 200  # type: ignore[attr-defined]
    return answer.text  # type: ignore[attr-defined,no-any-return]


def link_path(mail: dict[str, object]) -> str:
    found = re.search(r"https?://\S+(/password/reset\?token=\S+)", str(mail["text"]))
    assert found, mail["text"]
    return found.group(1)


def test_a_reset_link_is_e_mailed_through_the_outbox_in_the_users_language(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    page = ask_reset(portal_client, member.email)
    assert "If an account uses this address, we have sent it a link" in page
    (mail,) = reset_mails(container)
    assert mail["to"] == member.email
    assert mail["language"] == "nl"
    assert mail["subject"] == "Cyber Care: kies een nieuw wachtwoord"
    assert str(mail["text"]).startswith("Beste An Peeters,")
    assert str(mail["text"]).count(container.settings.public_url + "/password/reset?token=") == 1
    assert ("user.password_reset_requested", {}) in audit_actions(container, member.user_id)


def test_an_unknown_address_gets_the_same_page_and_no_e_mail(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    known = ask_reset(portal_client, member.email)
    unknown = ask_reset(portal_client, "nobody@peeters.example")
    assert page_text(known) == page_text(unknown)
    assert [m["to"] for m in reset_mails(container)] == [member.email]


def test_a_reset_link_works_once_and_ends_every_session(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    elsewhere = TestClient(portal_client.app, base_url=HOME)
    submit_password(elsewhere, member)
    assert is_signed_in(elsewhere)
    ask_reset(portal_client, member.email)
    link = link_path(reset_mails(container)[0])
    form = portal_client.get(link)
    assert form.status_code == 200
    token = parse_qs(urlsplit(link).query)["token"][0]
    new = {"token": token, "password": "a brand new sentence", "confirmation": ""}
    mismatch = portal_client.post("/password/reset", data={**new, "csrf_token": csrf_of(form.text)})
    assert mismatch.status_code == 422
    assert "The two passwords are not the same." in mismatch.text
    new["confirmation"] = new["password"]
    done = portal_client.post(
        "/password/reset", data={**new, "csrf_token": csrf_of(form.text)}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/login?reset=1"
    assert not is_signed_in(elsewhere)
    assert portal_client.get(link).status_code == 410
    again = portal_client.post(
        "/password/reset",
        data={
            **new,
            "password": "yet another sentence",
            "confirmation": "yet another sentence",
            "csrf_token": csrf_of(form.text),
        },
    )
    assert again.status_code == 410
    assert "This link has expired or was already used." in again.text
    renewed = dataclasses.replace(member, password="a brand new sentence")
    assert submit_password(portal_client, renewed).headers["location"] == "/portal"


def test_a_reset_link_expires_after_one_hour(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    ask_reset(portal_client, member.email)
    link = link_path(reset_mails(container)[0])
    clock = clock_of(container)
    clock.advance(timedelta(minutes=59))
    assert portal_client.get(link).status_code == 200
    clock.advance(timedelta(minutes=1, seconds=1))
    expired = portal_client.get(link)
    assert expired.status_code == 410
    assert 'href="/password/forgot"' in expired.text


def test_a_tampered_reset_link_is_refused(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    ask_reset(portal_client, member.email)
    link = link_path(reset_mails(container)[0])
    assert portal_client.get(link[:-3] + "abc").status_code == 410
    assert portal_client.get("/password/reset").status_code == 410


def test_a_reset_refuses_a_weak_password(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    ask_reset(portal_client, member.email)
    link = link_path(reset_mails(container)[0])
    form = portal_client.get(link)
    token = parse_qs(urlsplit(link).query)["token"][0]
    for password, message in (
        ("short", "Choose a password of at least 12 characters."),
        (member.email, "Your password must not be your e-mail address."),
    ):
        answer = portal_client.post(
            "/password/reset",
            data={
                "token": token,
                "password": password,
                "confirmation": password,
                "csrf_token": csrf_of(form.text),
            },
        )
        assert answer.status_code == 422
        assert message in answer.text
    assert portal_client.get(link).status_code == 200  # the link still works


def test_reset_requests_are_limited_per_address(
    portal_client: TestClient, container: Container, member: Login
) -> None:
    for _ in range(5):
        ask_reset(portal_client, member.email)
    answer = post_form(
        portal_client, "/password/forgot", "/password/forgot", {"email": member.email}
    )
    assert answer.status_code == 429  # type: ignore[attr-defined]
    assert "retry-after" in answer.headers  # type: ignore[attr-defined]


def test_the_forgot_form_asks_for_an_e_mail_address(portal_client: TestClient) -> None:
    answer = post_form(portal_client, "/password/forgot", "/password/forgot", {"email": "an"})
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "Enter an e-mail address such as name@example.be." in answer.text  # type: ignore[attr-defined]


def test_art_11_4_after_sign_in_the_pages_speak_the_members_language(
    portal_client: TestClient, container: Container
) -> None:
    """A browser that never chose a language gets the member's own (the Peeters speak Dutch);
    a choice made on the switcher before signing in is kept."""
    login = member_login(container)
    portal_client.cookies.clear()  # this browser never chose a language
    token = csrf_of(portal_client.get("/login").text)
    answer = portal_client.post(
        "/login",
        data={"email": login.email, "password": login.password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "cc_lang=nl" in answer.headers["set-cookie"]
    assert portal_client.get("/portal").headers["content-language"] == "nl"
