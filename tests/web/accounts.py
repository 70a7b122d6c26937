"""Logins for web tests: a member of the Peeters household or a staff user with a password (and a
TOTP secret where wanted), and a sign-in that completes the second factor as the user's
authenticator app would."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from cybercare.bootstrap import Container
from cybercare.db.tables import UserRow
from cybercare.identity import credentials, signin
from cybercare.identity.service import create_staff_user
from cybercare.kernel.clock import Clock
from tests.assistance.builders import household_world
from tests.web.conftest import PASSWORD, csrf_of


@dataclass(frozen=True)
class Login:
    user_id: str
    email: str
    password: str = PASSWORD
    totp_secret: str | None = None


def give_password(
    container: Container, user_id: str, *, password: str = PASSWORD, totp: bool = False
) -> Login:
    """Set the user's password (and a new TOTP secret if `totp`), as `cybercare user
    set-password` and the enrolment page do."""
    with container.database.uow() as uow:
        signin.set_password(
            uow, user_id=user_id, password=password, clock=container.clock, actor="test"
        )
        row = uow.session.get(UserRow, user_id)
        assert row is not None
        row.totp_secret = credentials.new_totp_secret() if totp else None
        login = Login(user_id, row.email, password, row.totp_secret)
        uow.commit()
    return login


def member_login(container: Container, name: str = "affiliate", *, totp: bool = False) -> Login:
    """A member of the Peeters household (tests/assistance/builders.py; Dutch-speaking), made
    once per test database, with a password."""
    with container.database.reader() as uow:
        user_id = uow.session.scalar(
            select(UserRow.id).where(UserRow.email == f"{name}@peeters.example")
        )
    if user_id is None:
        world = household_world(container.database, container.clock, with_staff=False)
        user_id = world[name].user_id
    return give_password(container, user_id, totp=totp)


def staff_login(
    container: Container,
    email: str = "agent@cybercare.example",
    *,
    roles: tuple[str, ...] = ("technical",),
    totp: bool = True,
    language: str = "en",
) -> Login:
    with container.database.uow() as uow:
        principal = create_staff_user(
            uow,
            email=email,
            display_name=email.split("@", maxsplit=1)[0].title(),
            roles=list(roles),
            language=language,
            clock=container.clock,
            actor="test",
        )
        uow.commit()
    return give_password(container, principal.user_id, totp=totp)


def code_now(login: Login, clock: Clock) -> str:
    assert login.totp_secret is not None, "this login has no second factor"
    return credentials.totp_code(login.totp_secret, clock.now())


def submit_password(
    client: TestClient, login: Login, *, password: str | None = None, next_path: str = ""
) -> Response:
    if client.cookies.get("cc_lang") is None:
        # The tests read English pages: a browser that chose English keeps it after sign-in
        # (otherwise the pages switch to the user's own language, Art. 11.4).
        client.cookies.set("cc_lang", "en")
    page = client.get("/password/forgot")  # a form even for a browser signed in already
    data = {"email": login.email, "password": password or login.password}
    if next_path:
        data["next"] = next_path
    return client.post(
        "/login", data={**data, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )


def submit_code(client: TestClient, code: str) -> Response:
    page = client.get("/login/code")
    return client.post(
        "/login/code",
        data={"code": code, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def sign_in_as(client: TestClient, login: Login, clock: Clock) -> Response:
    """Password, then the code of `clock`'s time step where the user has a second factor; the
    final redirect (to the user's home). Use each login's code once per time step: a code is
    accepted once (advance the clock 30 s between two sign-ins with a code)."""
    answer = submit_password(client, login)
    assert answer.status_code == 303, answer.text
    if answer.headers["location"].startswith("/login/code"):
        answer = submit_code(client, code_now(login, clock))
        assert answer.status_code == 303, answer.text
    assert not answer.headers["location"].startswith("/login"), answer.headers["location"]
    return answer
