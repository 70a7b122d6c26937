"""The back office's test world: the Peeters household of tests/assistance (every Art. 11 role,
staff of each team), a second claims handler for four eyes, and browsers signed in as any of
them through the real sign-in pages (password, and the TOTP code staff need)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import timedelta

from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.tables import UserRow
from cybercare.identity import credentials
from cybercare.identity.domain import Principal
from cybercare.identity.service import create_staff_user
from cybercare.identity.signin import set_password
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World, household_world
from tests.web.conftest import PASSWORD, csrf_of, sign_in

Login = Callable[[Principal], TestClient]


def build_world(container: Container) -> World:
    built = household_world(container.database, container.clock)
    with container.database.uow() as uow:
        built.users["second_handler"] = create_staff_user(
            uow,
            email="second_handler@cybercare.example",
            display_name="Second handler",
            roles=["claims_handler"],
            clock=container.clock,
            actor="test",
        )
        uow.commit()
    return built


def _email_of(container: Container, principal: Principal) -> str:
    with container.database.reader() as uow:
        row = uow.session.get(UserRow, principal.user_id)
        assert row is not None
        return row.email


def _prepare(container: Container, principal: Principal) -> str | None:
    """A password for everyone; a TOTP secret for staff and providers (they must enter a code)."""
    secret = credentials.new_totp_secret() if principal.is_staff or principal.is_provider else None
    with container.database.uow() as uow:
        set_password(
            uow, user_id=principal.user_id, password=PASSWORD, clock=container.clock, actor="test"
        )
        if secret is not None:  # as if enrolled earlier: no code of this time step used yet
            row = uow.session.get(UserRow, principal.user_id)
            assert row is not None
            row.totp_secret = secret
        uow.commit()
    return secret


def _sign_in(client: TestClient, container: Container, principal: Principal) -> None:
    secret = _prepare(container, principal)
    email = _email_of(container, principal)
    if secret is None:
        sign_in(client, email)
        return
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    code_page = client.get(answer.headers["location"])
    assert code_page.status_code == 200, code_page.text
    code = credentials.totp_code(secret, container.clock.now())
    done = client.post(
        "/login/code",
        data={"code": code, "csrf_token": csrf_of(code_page.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert not done.headers["location"].startswith("/login")


def logins(container: Container) -> Iterator[Login]:
    """`login(principal)`: a browser of its own (its own app, so its own rate limits), signed in.
    Use as a generator fixture: `yield from logins(container)`."""
    with ExitStack() as stack:

        def open_as(principal: Principal) -> TestClient:
            client = stack.enter_context(
                TestClient(create_app(container=container), base_url="https://testserver")
            )
            _sign_in(client, container, principal)
            return client

        yield open_as


def later(container: Container, **delta: float) -> None:
    """Move the fixed clock of the container forward."""
    clock = container.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(**delta))
