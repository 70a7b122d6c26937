"""Credentials and the sign-in steps without the web: argon2 password hashes, TOTP codes on the
injected clock, the sign-in stages, reset links bound to the password they replace, and the
server-side web sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.tables import AuditEvent, UserRow, WebSessionRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.identity import credentials, repository, signin, web_sessions
from cybercare.identity.domain import PENDING_LIFETIME, SESSION_LIFETIME, Stage
from cybercare.identity.service import create_staff_user, set_active
from cybercare.identity.totp_sealing import TotpSealer
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import NotFound
from tests.assistance.helpers import run

PASSWORD = "correct horse battery staple"
SECRET_KEY = "a-test-secret-that-is-long-enough-0123456789"
SEALER = TotpSealer(SECRET_KEY)


# --- Passwords (pure) ------------------------------------------------------------------------


def test_a_password_is_stored_as_an_argon2id_hash_that_verifies_only_itself() -> None:
    stored = credentials.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert credentials.password_matches(stored, PASSWORD)
    assert not credentials.password_matches(stored, PASSWORD.upper())
    assert credentials.hash_password(PASSWORD) != stored  # a new salt each time


def test_no_hash_or_a_broken_hash_matches_nothing() -> None:
    assert not credentials.password_matches(None, PASSWORD)
    assert not credentials.password_matches("not-a-hash", PASSWORD)


def test_a_hash_made_with_weaker_parameters_asks_to_be_redone() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert credentials.needs_rehash(weak)
    assert not credentials.needs_rehash(credentials.hash_password(PASSWORD))


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("eleven char", credentials.TOO_SHORT),
        ("x" * 257, credentials.TOO_LONG),
        ("An@Peeters.example ", credentials.IS_EMAIL),
    ],
)
def test_a_new_password_needs_twelve_to_256_characters_and_not_the_e_mail(
    password: str, problem: str
) -> None:
    with pytest.raises(credentials.WeakPassword) as refused:
        credentials.check_new_password(password, email="an@peeters.example")
    assert refused.value.problem == problem
    assert refused.value.field == "password"


def test_any_characters_are_welcome_without_composition_rules() -> None:
    credentials.check_new_password("zonder cijfers of hoofdletters", email="an@peeters.example")
    credentials.check_new_password("x" * 256, email="an@peeters.example")


# --- TOTP (pure) -------------------------------------------------------------------------------


def test_a_code_is_good_for_its_thirty_seconds_and_one_step_either_side(
    clock: FixedClock,
) -> None:
    secret = credentials.new_totp_secret()
    now = clock.now()
    code = credentials.totp_code(secret, now)
    step = credentials.totp_step(secret, code, now)
    assert step == int(now.timestamp()) // 30
    assert credentials.totp_step(secret, code, now + timedelta(seconds=30)) == step
    assert credentials.totp_step(secret, code, now - timedelta(seconds=30)) == step
    assert credentials.totp_step(secret, code, now + timedelta(seconds=90)) is None
    assert credentials.totp_step(secret, f"{code[:3]} {code[3:]}", now) is not None  # as shown
    assert credentials.totp_step(secret, code[:5], now) is None
    assert credentials.totp_step(credentials.new_totp_secret(), code, now) is None


def test_the_qr_code_address_names_cyber_care_and_the_account() -> None:
    secret = credentials.new_totp_secret()
    assert len(secret) == 32  # 160 bits, as RFC 4226 recommends
    uri = credentials.totp_uri(secret, "an@peeters.example")
    assert uri.startswith("otpauth://totp/Cyber%20Care:an%40peeters.example?")
    assert f"secret={secret}" in uri
    assert "issuer=Cyber%20Care" in uri


# --- Sign-in steps ---------------------------------------------------------------------------


def staff_user(db: Database, clock: FixedClock, *, totp: bool = False) -> str:
    def make(uow: UnitOfWork) -> str:
        principal = create_staff_user(
            uow,
            email="lea@cybercare.example",
            display_name="Lea",
            roles=["legal"],
            clock=clock,
            actor="test",
        )
        signin.set_password(
            uow, user_id=principal.user_id, password=PASSWORD, clock=clock, actor="test"
        )
        if totp:
            row = uow.session.get(UserRow, principal.user_id)
            assert row is not None
            row.totp_secret = credentials.new_totp_secret()
        return principal.user_id

    return run(db, make)


def check(
    db: Database, clock: FixedClock, password: str = PASSWORD, *, required: bool = True
) -> signin.PasswordAccepted | None:
    return run(
        db,
        lambda uow: signin.check_password(
            uow,
            email="LEA@cybercare.example ",
            password=password,
            clock=clock,
            staff_second_factor_required=required,
        ),
    )


def test_the_password_step_says_which_step_comes_next(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock)
    assert check(db, clock) == signin.PasswordAccepted(user_id, Stage.ENROL_SECOND_FACTOR, "en")
    assert check(db, clock, required=False) == signin.PasswordAccepted(
        user_id, Stage.SIGNED_IN, "en"
    )
    assert check(db, clock, "wrong password!") is None


def test_a_staff_user_with_a_second_factor_is_always_asked_for_the_code(
    db: Database, clock: FixedClock
) -> None:
    user_id = staff_user(db, clock, totp=True)
    for required in (True, False):
        assert check(db, clock, required=required) == signin.PasswordAccepted(
            user_id, Stage.SECOND_FACTOR, "en"
        )


def test_an_old_hash_is_upgraded_at_the_next_successful_sign_in(
    db: Database, clock: FixedClock
) -> None:
    user_id = staff_user(db, clock)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with db.uow() as uow:
        row = uow.session.get(UserRow, user_id)
        assert row is not None
        row.password_hash = weak
        uow.commit()
    assert check(db, clock) is not None
    with db.uow() as uow:
        row = uow.session.get(UserRow, user_id)
        assert row is not None
        assert row.password_hash != weak
        assert not credentials.needs_rehash(row.password_hash or "")


def test_a_deactivated_user_is_refused_even_with_the_right_password(
    db: Database, clock: FixedClock
) -> None:
    user_id = staff_user(db, clock)
    run(db, lambda uow: set_active(uow, user_id=user_id, active=False, clock=clock, actor="t"))
    assert check(db, clock) is None
    with db.uow() as uow:
        details = uow.session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.subject_id == user_id, AuditEvent.action == "user.sign_in_refused"
            )
        ).all()
    assert details == [{"reason": "inactive"}]


def test_a_code_is_accepted_once_then_the_next_step_s_code(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock, totp=True)
    with db.uow() as uow:
        row = uow.session.get(UserRow, user_id)
        assert row is not None
        secret = row.totp_secret or ""

    def second_factor(code: str) -> bool:
        return run(
            db,
            lambda uow: signin.check_second_factor(
                uow, user_id=user_id, code=code, clock=clock, sealer=SEALER
            ),
        )

    code = credentials.totp_code(secret, clock.now())
    assert second_factor(code)
    assert not second_factor(code)
    clock.advance(timedelta(seconds=30))
    assert not second_factor(code)  # still within the drift window, but spent
    assert second_factor(credentials.totp_code(secret, clock.now()))


def test_the_code_that_enrolled_a_factor_cannot_sign_in(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock)
    secret = credentials.new_totp_secret()
    code = credentials.totp_code(secret, clock.now())
    with pytest.raises(signin.SignInRefused):
        run(
            db,
            lambda uow: signin.enrol_second_factor(
                uow,
                user_id=user_id,
                secret=secret,
                code="000000" if code != "000000" else "1",
                clock=clock,
                sealer=SEALER,
            ),
        )
    run(
        db,
        lambda uow: signin.enrol_second_factor(
            uow, user_id=user_id, secret=secret, code=code, clock=clock, sealer=SEALER
        ),
    )
    assert not run(
        db,
        lambda uow: signin.check_second_factor(
            uow, user_id=user_id, code=code, clock=clock, sealer=SEALER
        ),
    )


def test_changing_the_password_needs_the_current_one(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock)
    with pytest.raises(signin.SignInRefused):
        run(
            db,
            lambda uow: signin.change_password(
                uow, user_id=user_id, current="wrong password!", new="another sentence", clock=clock
            ),
        )
    with pytest.raises(credentials.WeakPassword):
        run(
            db,
            lambda uow: signin.change_password(
                uow, user_id=user_id, current=PASSWORD, new="short", clock=clock
            ),
        )
    run(
        db,
        lambda uow: signin.change_password(
            uow, user_id=user_id, current=PASSWORD, new="another sentence", clock=clock
        ),
    )
    assert check(db, clock, "another sentence") is not None
    with pytest.raises(NotFound):
        run(
            db,
            lambda uow: signin.set_password(
                uow, user_id="usr_x", password=PASSWORD, clock=clock, actor="t"
            ),
        )


# --- Reset links -------------------------------------------------------------------------------


def issue(db: Database, clock: FixedClock, user_id: str) -> str:
    tokens = signin.ResetTokens(SECRET_KEY)

    def make(uow: UnitOfWork) -> str:
        user = repository.user(uow, user_id)
        assert user is not None
        return tokens.issue(user, clock)

    return run(db, make)


def owner(db: Database, clock: FixedClock, token: str, key: str = SECRET_KEY) -> str | None:
    with db.uow() as uow:
        return signin.ResetTokens(key).user_id(uow, token, clock)


def test_a_reset_link_is_valid_one_hour_by_the_clock(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock)
    token = issue(db, clock, user_id)
    assert owner(db, clock, token) == user_id
    clock.advance(timedelta(hours=1))
    assert owner(db, clock, token) == user_id
    clock.advance(timedelta(seconds=1))
    assert owner(db, clock, token) is None


def test_a_reset_link_from_the_future_or_signed_with_another_key_is_refused(
    db: Database, clock: FixedClock
) -> None:
    user_id = staff_user(db, clock)
    token = issue(db, clock, user_id)
    clock.advance(timedelta(minutes=-5))
    assert owner(db, clock, token) is None
    clock.advance(timedelta(minutes=5))
    assert owner(db, clock, token, key="another-secret-of-the-same-length-000000") is None
    # A changed character inside the signature (the last one may only carry padding bits).
    tampered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    assert owner(db, clock, tampered) is None
    assert owner(db, clock, "garbage") is None


def test_a_reset_link_dies_with_the_password_it_was_sent_for(
    db: Database, clock: FixedClock
) -> None:
    user_id = staff_user(db, clock)
    token = issue(db, clock, user_id)
    run(
        db,
        lambda uow: signin.set_password(
            uow, user_id=user_id, password=PASSWORD, clock=clock, actor="test"
        ),
    )  # even the same password: a new salt, a new hash
    assert owner(db, clock, token) is None


def test_a_reset_link_of_a_deactivated_user_is_refused(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock)
    token = issue(db, clock, user_id)
    run(db, lambda uow: set_active(uow, user_id=user_id, active=False, clock=clock, actor="t"))
    assert owner(db, clock, token) is None


# --- Web sessions ----------------------------------------------------------------------------


def test_sessions_are_found_by_id_stored_as_a_digest_and_expire(
    db: Database, clock: FixedClock
) -> None:
    user_id = staff_user(db, clock)
    run(
        db,
        lambda uow: web_sessions.open_session(
            uow, sid="full", user_id=user_id, stage=Stage.SIGNED_IN, clock=clock
        ),
    )
    run(
        db,
        lambda uow: web_sessions.open_session(
            uow, sid="half", user_id=user_id, stage=Stage.SECOND_FACTOR, clock=clock
        ),
    )
    with db.uow() as uow:
        digests = set(uow.session.scalars(select(WebSessionRow.sid_sha256)).all())
        assert "full" not in digests
        found = web_sessions.session_user(uow, sid="full", clock=clock)
        assert found is not None
        assert found.signed_in
        assert found.email == "lea@cybercare.example"
        assert web_sessions.session_user(uow, sid="unknown", clock=clock) is None
    clock.advance(PENDING_LIFETIME)
    with db.uow() as uow:
        assert web_sessions.session_user(uow, sid="half", clock=clock) is None
        assert web_sessions.session_user(uow, sid="full", clock=clock) is not None
        assert web_sessions.live_session_count(uow, user_id=user_id, clock=clock) == 1
    clock.advance(SESSION_LIFETIME)
    assert run(db, lambda uow: web_sessions.purge_expired(uow, clock=clock)) == 2
    with db.uow() as uow:
        assert uow.session.scalars(select(WebSessionRow.sid_sha256)).all() == []


def test_advancing_a_session_moves_it_to_a_new_id(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock)
    run(
        db,
        lambda uow: web_sessions.open_session(
            uow, sid="old", user_id=user_id, stage=Stage.SECOND_FACTOR, clock=clock
        ),
    )
    assert run(
        db,
        lambda uow: web_sessions.advance(
            uow, sid="old", new_sid="new", stage=Stage.SIGNED_IN, clock=clock
        ),
    )
    with db.uow() as uow:
        assert web_sessions.session_user(uow, sid="old", clock=clock) is None
        found = web_sessions.session_user(uow, sid="new", clock=clock)
        assert found is not None
        assert found.signed_in
    assert not run(
        db,
        lambda uow: web_sessions.advance(
            uow, sid="gone", new_sid="other", stage=Stage.SIGNED_IN, clock=clock
        ),
    )


def test_a_new_password_closes_every_session_of_the_user(db: Database, clock: FixedClock) -> None:
    user_id = staff_user(db, clock)
    for sid in ("laptop", "phone"):
        run(
            db,
            lambda uow, sid=sid: web_sessions.open_session(
                uow, sid=sid, user_id=user_id, stage=Stage.SIGNED_IN, clock=clock
            ),
        )
    run(
        db,
        lambda uow: signin.set_password(
            uow, user_id=user_id, password="another sentence", clock=clock, actor="test"
        ),
    )
    with db.uow() as uow:
        assert web_sessions.live_session_count(uow, user_id=user_id, clock=clock) == 0


# --- Command line ------------------------------------------------------------------------------


def test_an_operator_sets_a_password_and_removes_a_lost_second_factor_from_the_cli(
    fresh_database: tuple[str, Engine], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = fresh_database
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    runner = CliRunner()
    email = "lea@cybercare.example"
    created = runner.invoke(app, ["user", "create-staff", email, "--role", "legal"])
    assert created.exit_code == 0, created.output
    weak = runner.invoke(app, ["user", "set-password", email, "--stdin"], input="short\n")
    assert weak.exit_code == 1
    assert "at least 12 characters" in weak.output
    unknown = runner.invoke(
        app, ["user", "set-password", "nobody@cybercare.example", "--stdin"], input=PASSWORD
    )
    assert unknown.exit_code == 1
    done = runner.invoke(app, ["user", "set-password", email, "--stdin"], input=PASSWORD + "\n")
    assert done.exit_code == 0, done.output
    assert PASSWORD not in done.output
    prompted = runner.invoke(
        app, ["user", "set-password", email], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert prompted.exit_code == 0, prompted.output
    database = Database(engine)
    assert check(database, clock) is not None
    with database.uow() as uow:
        row = uow.session.scalar(select(UserRow).where(UserRow.email == email))
        assert row is not None
        row.totp_secret = credentials.new_totp_secret()
        uow.commit()
    removed = runner.invoke(app, ["user", "remove-second-factor", email])
    assert removed.exit_code == 0, removed.output
    assert check(database, clock) == signin.PasswordAccepted(
        row.id, Stage.ENROL_SECOND_FACTOR, "en"
    )


def test_the_platform_hashes_with_the_rfc_9106_low_memory_profile() -> None:
    """The suite hashes cheaply (tests/conftest.py); a fresh process holds the real profile."""
    import subprocess
    import sys

    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cybercare.identity.credentials import _hasher as h; "
            "print(h.time_cost, h.memory_cost, h.parallelism, h.type.name)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown == ["3", "65536", "4", "ID"]
