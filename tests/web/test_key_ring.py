"""The key ring (issue 16): a new secret key signs, the previous ones still verify for a grace
period (sessions, CSRF tokens, reset links, terms tokens, webhook signatures), and TOTP secrets
are sealed at rest under a key derived from the ring. Production refuses a guessable key
anywhere in the ring.

The web scenarios run two apps on the same (rolled-back) database, as a server before and after
the operator rotated the ring; each runs on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import dataclasses
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet, InvalidToken
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError
from sqlalchemy import select

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.tables import AuditEvent, UserRow
from cybercare.identity import credentials
from cybercare.identity.totp_sealing import HKDF_INFO, TotpSealer, Unsealed
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.keyring import KeyRing
from cybercare.outbox.signing import endpoint_secret, endpoint_secrets
from cybercare.policy import terms_token
from cybercare.settings import Environment, Settings
from cybercare.web.csrf import CsrfTokens
from cybercare.web.session import WebSession
from tests.web.accounts import Login, member_login, sign_in_as, submit_code, submit_password
from tests.web.conftest import PRODUCTION_ACCOUNTS, TODAY
from tests.web.test_signin import ask_reset, link_path, reset_mails

OLD = "the-old-secret-key-of-this-installation-0123456789"
NEW = "the-new-secret-key-of-this-installation-9876543210"
HOME = "https://testserver"


def app_with(
    container: Container, current: str, *previous: str, until_s: int | None = None
) -> FastAPI:
    """The application with the key ring `current` + `previous` (their grace ending `until_s`
    seconds from now, or never)."""
    until = None if until_s is None else container.clock.now() + timedelta(seconds=until_s)
    settings = container.settings.model_copy(
        update={
            "secret_key": SecretStr(current),
            "previous_secret_keys": [SecretStr(key) for key in previous],
            "previous_secret_keys_until": until,
        }
    )
    return create_app(container=dataclasses.replace(container, settings=settings))


def browser(app: FastAPI, cookie: str | None = None) -> TestClient:
    client = TestClient(app, base_url=HOME)
    client.cookies.set("cc_lang", "en")
    if cookie is not None:
        client.cookies.set("cc_session", cookie)
    return client


def signed_in(client: TestClient) -> bool:
    return client.get("/account", follow_redirects=False).status_code == 200


def clock_of(container: Container) -> FixedClock:
    assert isinstance(container.clock, FixedClock)
    return container.clock


# --- Sessions, CSRF, links, tokens -------------------------------------------------------------


def test_a_session_opened_before_the_rotation_stays_open_during_the_grace_period(
    container: Container,
) -> None:
    member = member_login(container)
    before = browser(app_with(container, OLD))
    assert submit_password(before, member).status_code == 303
    cookie = before.cookies.get("cc_session")
    assert cookie is not None

    during = app_with(container, NEW, OLD, until_s=60)
    assert signed_in(browser(during, cookie))
    clock_of(container).advance(timedelta(seconds=60))  # the grace period ends
    assert not signed_in(browser(during, cookie))
    assert not signed_in(browser(app_with(container, NEW), cookie))  # the old key removed


def test_a_csrf_token_issued_under_the_old_key_posts_only_during_the_grace_period() -> None:
    clock = FixedClock(TODAY)
    session = WebSession.new()
    token = CsrfTokens(OLD, clock).issue(session)
    ring = KeyRing(NEW, (OLD,), previous_until=clock.now() + timedelta(hours=12))
    assert CsrfTokens(ring, clock).valid(token, session)
    new_token = CsrfTokens(ring, clock).issue(session)
    assert not CsrfTokens(OLD, clock).valid(new_token, session)  # the new key signs
    clock.advance(timedelta(hours=12))
    assert not CsrfTokens(ring, clock).valid(token, session)
    assert CsrfTokens(ring, clock).valid(new_token, session)


def test_a_reset_link_e_mailed_before_the_rotation_still_opens_during_the_grace_period(
    container: Container,
) -> None:
    member = member_login(container)
    ask_reset(browser(app_with(container, OLD)), member.email)
    link = link_path(reset_mails(container)[0])
    assert browser(app_with(container, NEW, OLD)).get(link).status_code == 200
    assert browser(app_with(container, NEW)).get(link).status_code == 410


def test_a_terms_token_of_a_quote_made_before_the_rotation_still_subscribes() -> None:
    clock = FixedClock(TODAY)
    shown = terms_token.TermsShown("CYBER", "2026.1", "proximus", "ab" * 32)
    token = terms_token.issue(OLD, shown, clock.now())
    assert terms_token.verify(KeyRing(NEW, (OLD,)), token, clock.now()) == shown
    with pytest.raises(InvalidInput, match="not a token issued by POST /quotes"):
        terms_token.verify(NEW, token, clock.now())


def test_webhooks_are_signed_with_the_endpoint_secret_of_every_key_in_its_grace() -> None:
    """Endpoint secrets derive from the secret key: after a rotation of the ring each delivery
    carries the signature the distributor can check today and the one it will install."""
    clock = FixedClock(TODAY)
    ring = KeyRing(NEW, (OLD,), previous_until=clock.now() + timedelta(days=7))
    during = endpoint_secrets(ring, 7, 1, previous_until=None, now=clock.now())
    assert during == [endpoint_secret(NEW, 7, 1), endpoint_secret(OLD, 7, 1)]
    clock.advance(timedelta(days=7))
    after = endpoint_secrets(ring, 7, 1, previous_until=None, now=clock.now())
    assert after == [endpoint_secret(NEW, 7, 1)]


# --- Settings ----------------------------------------------------------------------------------


def production(**settings: object) -> Settings:
    return Settings(
        environment=Environment.PRODUCTION,
        secret_key=NEW,  # type: ignore[arg-type]
        **{**PRODUCTION_ACCOUNTS, **settings},  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ("change-me", "CYBERCARE_PREVIOUS_SECRET_KEYS must be set to a real secret"),
        ("short-but-not-a-placeholder", "CYBERCARE_PREVIOUS_SECRET_KEYS must be at least 32"),
    ],
)
def test_production_refuses_a_guessable_key_anywhere_in_the_ring(
    previous: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        production(previous_secret_keys=[OLD, previous])
    assert production(previous_secret_keys=[OLD]).key_ring.previous == (OLD,)


def test_the_ring_comes_from_comma_separated_keys_newest_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CYBERCARE_SECRET_KEY", NEW)
    monkeypatch.setenv("CYBERCARE_PREVIOUS_SECRET_KEYS", f"{OLD}, the-oldest-key-0123456789")
    monkeypatch.setenv("CYBERCARE_PREVIOUS_SECRET_KEYS_UNTIL", "2027-01-15T00:00:00Z")
    ring = Settings().key_ring
    assert (ring.current, ring.previous) == (NEW, (OLD, "the-oldest-key-0123456789"))
    assert ring.previous_until is not None and ring.previous_until.isoformat().endswith("+00:00")
    assert OLD not in repr(ring)  # the keys never reach a log line


def test_the_ring_refuses_the_current_key_as_a_previous_one_and_a_grace_without_zone() -> None:
    with pytest.raises(ValidationError, match="repeats the current secret key"):
        Settings(secret_key=NEW, previous_secret_keys=[NEW])  # type: ignore[arg-type,list-item]
    with pytest.raises(ValidationError, match="needs a time zone"):
        Settings(previous_secret_keys_until="2027-01-15T00:00:00")  # type: ignore[arg-type]


# --- TOTP secrets at rest ----------------------------------------------------------------------


def stored_secret(container: Container, user_id: str) -> str:
    with container.database.reader() as uow:
        row = uow.session.get(UserRow, user_id)
        assert row is not None and row.totp_secret is not None
        return row.totp_secret


def test_a_totp_secret_is_sealed_under_a_key_derived_for_it_not_the_signing_key() -> None:
    clock = FixedClock(TODAY)
    sealed = TotpSealer(NEW).seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", clock.now())
    assert "JBSWY3DP" not in sealed
    assert len(sealed) <= 255
    assert TotpSealer(NEW).unseal(sealed, clock.now()) == Unsealed(
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", stale=False
    )
    with pytest.raises(InvalidToken):  # the raw signing key opens nothing
        Fernet(base64.urlsafe_b64encode(NEW.encode()[:32])).decrypt(sealed.encode())
    assert HKDF_INFO == b"cybercare/totp-secret/fernet/v1"


def test_a_plain_secret_from_before_is_sealed_at_its_next_sign_in(container: Container) -> None:
    member = member_login(container, totp=True)  # stored in plain text, as before issue 16
    assert stored_secret(container, member.user_id) == member.totp_secret
    with browser(app_with(container, OLD)) as client:
        sign_in_as(client, member, container.clock)
        assert signed_in(client)
    sealed = stored_secret(container, member.user_id)
    assert member.totp_secret is not None and member.totp_secret not in sealed
    assert TotpSealer(OLD).unseal(sealed, container.clock.now()) == Unsealed(
        member.totp_secret, stale=False
    )


def test_totp_sign_in_works_across_a_rotation_of_the_ring(container: Container) -> None:
    clock = clock_of(container)
    member = member_login(container, totp=True)
    with browser(app_with(container, OLD)) as client:
        sign_in_as(client, member, clock)  # sealed under the old key
    clock.advance(timedelta(seconds=30))  # a code is accepted once per time step
    with browser(app_with(container, NEW, OLD)) as client:
        sign_in_as(client, member, clock)
        assert signed_in(client)
    # Sealed again under the new key: the old one can leave the ring.
    assert TotpSealer(NEW).unseal(stored_secret(container, member.user_id), clock.now()) == (
        Unsealed(member.totp_secret or "", stale=False)
    )
    clock.advance(timedelta(seconds=30))
    with browser(app_with(container, NEW)) as client:
        sign_in_as(client, member, clock)
        assert signed_in(client)


def test_a_secret_sealed_under_a_key_removed_from_the_ring_refuses_every_code(
    container: Container,
) -> None:
    """The documented end of the grace period: whoever did not sign in, and whose secret
    `cybercare user reencrypt-totp` did not seal again, must enrol again."""
    clock = clock_of(container)
    member = member_login(container, totp=True)
    with browser(app_with(container, OLD)) as client:
        sign_in_as(client, member, clock)
    clock.advance(timedelta(seconds=30))
    with browser(app_with(container, NEW)) as client:
        assert submit_password(client, member).headers["location"].startswith("/login/code")
        code = code_of(member, clock)
        assert submit_code(client, code).status_code == 422
        assert not signed_in(client)
    with container.database.reader() as uow:
        reasons = uow.session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.subject_id == member.user_id,
                AuditEvent.action == "user.sign_in_refused",
            )
        ).all()
    assert {"reason": "second_factor_unreadable"} in reasons


def code_of(login: Login, clock: FixedClock) -> str:
    assert login.totp_secret is not None
    return credentials.totp_code(login.totp_secret, clock.now())
