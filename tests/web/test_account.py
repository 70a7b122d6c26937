"""The signed-in user's account page: changing the password (which signs out every other
browser) and the TOTP second factor (members choose; staff keep it while the setting requires
it). Runs on SQLite and PostgreSQL through `portal_client`."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from cybercare.bootstrap import Container
from cybercare.db.tables import AuditEvent, UserRow
from cybercare.identity import credentials
from cybercare.identity.totp_sealing import TotpSealer
from cybercare.kernel.clock import FixedClock
from tests.web.accounts import (
    code_now,
    member_login,
    sign_in_as,
    staff_login,
    submit_password,
)
from tests.web.conftest import csrf_of
from tests.web.test_signin import HOME, client_with, is_signed_in, sealed_secret_of

NEW_PASSWORD = "a brand new sentence to remember"


def clock_of(container: Container) -> FixedClock:
    assert isinstance(container.clock, FixedClock)
    return container.clock


def post_account(client: TestClient, action: str, data: dict[str, str]) -> Response:
    token = csrf_of(client.get("/account").text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def change(client: TestClient, current: str, new: str, again: str | None = None) -> Response:
    return post_account(
        client,
        "/account/password",
        {"current_password": current, "password": new, "confirmation": again or new},
    )


def totp_secret_of(container: Container, user_id: str) -> str | None:
    """The user's TOTP secret, opened (it is stored sealed, identity/totp_sealing.py)."""
    with container.database.reader() as uow:
        row = uow.session.get(UserRow, user_id)
        assert row is not None
        stored = row.totp_secret
    if stored is None:
        return None
    opened = TotpSealer(container.settings.key_ring).unseal(stored, container.clock.now())
    assert opened is not None
    return opened.secret


def test_the_account_page_shows_who_is_signed_in_in_their_language(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    sign_in_as(portal_client, member, clock_of(container))
    page = portal_client.get("/account", params={"lang": "nl"})
    assert page.status_code == 200
    assert "<h1>Mijn account</h1>" in page.text
    assert f"U meldt zich aan met {member.email}." in page.text
    assert 'aria-current="page"' in page.text


def test_changing_the_password_signs_out_every_other_browser_but_this_one(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    clock = clock_of(container)
    sign_in_as(portal_client, member, clock)
    other = TestClient(portal_client.app, base_url=HOME)
    sign_in_as(other, member, clock)
    before = portal_client.cookies.get("cc_session")
    answer = change(portal_client, member.password, NEW_PASSWORD)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account?done=password"
    assert portal_client.cookies.get("cc_session") != before
    assert is_signed_in(portal_client)
    assert "Your new password is saved." in portal_client.get("/account?done=password").text
    assert not is_signed_in(other)
    assert submit_password(other, member).status_code == 422
    renewed = dataclasses.replace(member, password=NEW_PASSWORD)
    assert submit_password(other, renewed).status_code == 303


def test_a_wrong_current_password_changes_nothing(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    sign_in_as(portal_client, member, clock_of(container))
    answer = change(portal_client, "not my password at all", NEW_PASSWORD)
    assert answer.status_code == 422
    assert "The current password is wrong." in answer.text
    assert 'id="f-current_password" name="current_password"' in answer.text
    assert is_signed_in(portal_client)


def test_the_new_password_must_be_long_enough_typed_twice_and_not_the_e_mail(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    sign_in_as(portal_client, member, clock_of(container))
    cases = [
        (("short", None), "Choose a password of at least 12 characters."),
        ((NEW_PASSWORD, NEW_PASSWORD + "!"), "The two passwords are not the same."),
        ((member.email.upper(), None), "Your password must not be your e-mail address."),
        (("x" * 257, None), "Choose a password of at most 256 characters."),
    ]
    for (new, again), message in cases:
        answer = change(portal_client, member.password, new, again)
        assert answer.status_code == 422, message
        assert message in answer.text
    assert submit_password(TestClient(portal_client.app, base_url=HOME), member).status_code == 303


def test_an_empty_form_gets_messages_on_the_page(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    sign_in_as(portal_client, member, clock_of(container))
    answer = post_account(portal_client, "/account/password", {})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "The current password is wrong." in answer.text


def test_guessing_the_current_password_is_limited(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    sign_in_as(portal_client, member, clock_of(container))
    for _ in range(5):
        assert change(portal_client, "a wrong guess 123", NEW_PASSWORD).status_code == 422
    answer = change(portal_client, member.password, NEW_PASSWORD)
    assert answer.status_code == 429
    assert "retry-after" in answer.headers


def enrol_on_account_page(client: TestClient, container: Container) -> tuple[str, Response]:
    page = client.get("/account", params={"enrol": "1"})
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text
    secret, sealed = sealed_secret_of(page.text)
    code = credentials.totp_code(secret, container.clock.now())
    answer = client.post(
        "/account/second-factor",
        data={"sealed_secret": sealed, "code": code, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    return secret, answer


def test_a_member_sets_up_a_second_factor_and_is_asked_for_a_code_at_the_next_sign_in(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    clock = clock_of(container)
    sign_in_as(portal_client, member, clock)
    offer = portal_client.get("/account").text
    assert 'href="/account?enrol=1#account-second-factor"' in offer
    secret, answer = enrol_on_account_page(portal_client, container)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account?done=second_factor"
    assert totp_secret_of(container, member.user_id) == secret
    with container.database.reader() as uow:
        actions = uow.session.scalars(
            select(AuditEvent.action).where(AuditEvent.subject_id == member.user_id)
        ).all()
    assert "user.second_factor_enrolled" in actions
    fresh = TestClient(portal_client.app, base_url=HOME)
    assert submit_password(fresh, member).headers["location"] == "/login/code"
    clock.advance(timedelta(seconds=30))  # the code used to enrol is spent
    with_code = dataclasses.replace(member, totp_secret=secret)
    assert sign_in_as(fresh, with_code, clock).headers["location"] == "/portal"


def test_a_wrong_code_does_not_set_up_the_second_factor(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container)
    sign_in_as(portal_client, member, clock_of(container))
    page = portal_client.get("/account", params={"enrol": "1"}).text
    _, sealed = sealed_secret_of(page)
    answer = portal_client.post(
        "/account/second-factor",
        data={"sealed_secret": sealed, "code": "000000", "csrf_token": csrf_of(page)},
    )
    assert answer.status_code == 422
    assert "The code is wrong or has expired." in answer.text
    assert re.search(r'<code class="secret"', answer.text)  # a new QR code to try again
    assert totp_secret_of(container, member.user_id) is None


def test_an_existing_second_factor_is_not_replaced_without_removing_it_first(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    sign_in_as(portal_client, member, clock_of(container))
    page = portal_client.get("/account", params={"enrol": "1"}).text
    assert 'name="sealed_secret"' not in page  # it shows the factor in place instead
    assert "When you sign in, you also enter a code from your authenticator app." in page
    secret = credentials.new_totp_secret()
    answer = portal_client.post(
        "/account/second-factor",
        data={
            "sealed_secret": "anything",
            "code": credentials.totp_code(secret, container.clock.now()),
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert totp_secret_of(container, member.user_id) == member.totp_secret


def test_a_member_removes_the_second_factor_after_typing_the_password_again(
    portal_client: TestClient, container: Container
) -> None:
    member = member_login(container, totp=True)
    sign_in_as(portal_client, member, clock_of(container))
    wrong = post_account(
        portal_client, "/account/second-factor/remove", {"remove_password": "not it at all"}
    )
    assert wrong.status_code == 422
    assert totp_secret_of(container, member.user_id) is not None
    answer = post_account(
        portal_client, "/account/second-factor/remove", {"remove_password": member.password}
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account?done=removed"
    assert totp_secret_of(container, member.user_id) is None
    fresh = TestClient(portal_client.app, base_url=HOME)
    assert submit_password(fresh, member).headers["location"] == "/portal"


def test_staff_keep_their_second_factor_while_the_setting_requires_it(
    portal_client: TestClient, container: Container
) -> None:
    agent = staff_login(container, roles=("supervisor",))
    sign_in_as(portal_client, agent, clock_of(container))
    page = portal_client.get("/account").text
    assert "/account/second-factor/remove" not in page
    assert "Staff must keep a second factor." in page
    answer = post_account(
        portal_client, "/account/second-factor/remove", {"remove_password": agent.password}
    )
    assert answer.status_code == 403
    assert totp_secret_of(container, agent.user_id) == agent.totp_secret


def test_in_the_demo_without_the_setting_staff_may_remove_it(container: Container) -> None:
    agent = staff_login(container, roles=("technical",))
    with client_with(container, staff_second_factor_required=False) as client:
        answer = submit_password(client, agent)
        assert answer.headers["location"] == "/login/code"  # who has one still uses it
        client.post(
            "/login/code",
            data={
                "code": code_now(agent, clock_of(container)),
                "csrf_token": csrf_of(client.get("/login/code").text),
            },
        )
        answer = post_account(
            client, "/account/second-factor/remove", {"remove_password": agent.password}
        )
        assert answer.status_code == 303
    assert totp_secret_of(container, agent.user_id) is None


def test_the_account_page_needs_a_sign_in(portal_client: TestClient) -> None:
    answer = portal_client.get("/account", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Faccount"
    posted = portal_client.post(
        "/account/password",
        data={"csrf_token": csrf_of(portal_client.get("/login").text)},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert posted.headers["location"] == "/login?next=%2F"
