"""TOTP secrets at rest (issue 16): sealed with Fernet under a key derived from the key ring;
`cybercare user reencrypt-totp` seals every stored secret under the current key after a rotation,
and names the users whose secret no key of the ring opens any more."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.tables import AuditEvent, UserRow
from cybercare.db.uow import Database
from cybercare.identity import credentials
from cybercare.identity.service import create_staff_user
from cybercare.identity.totp_sealing import TotpSealer, Unsealed, is_plain
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.keyring import KeyRing

OLD = "the-old-secret-key-of-this-installation-0123456789"
NEW = "the-new-secret-key-of-this-installation-9876543210"
GONE = "a-key-removed-from-the-ring-long-ago-0123456789"


def test_a_secret_sealed_under_a_previous_key_opens_as_stale_until_the_grace_ends(
    clock: FixedClock,
) -> None:
    secret = credentials.new_totp_secret()
    sealed = TotpSealer(OLD).seal(secret, clock.now())
    ring = KeyRing(NEW, (OLD,), previous_until=clock.now() + timedelta(days=1))
    assert TotpSealer(ring).unseal(sealed, clock.now()) == Unsealed(secret, stale=True)
    assert TotpSealer(ring).unseal(secret, clock.now()) == Unsealed(secret, stale=True)  # plain
    clock.advance(timedelta(days=1))
    assert TotpSealer(ring).unseal(sealed, clock.now()) is None
    assert not is_plain(sealed)
    assert is_plain(secret)


def staff_with_secret(database: Database, clock: FixedClock, email: str, stored: str) -> str:
    with database.uow() as uow:
        principal = create_staff_user(
            uow,
            email=email,
            display_name=email.split("@", maxsplit=1)[0],
            roles=["legal"],
            language="en",
            clock=clock,
            actor="test",
        )
        row = uow.session.get(UserRow, principal.user_id)
        assert row is not None
        row.totp_secret = stored
        uow.commit()
    return principal.user_id


def test_the_cli_seals_every_secret_under_the_current_key_and_names_the_unreadable(
    fresh_database: tuple[str, Engine], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = fresh_database
    database = Database(engine)
    secrets = {name: credentials.new_totp_secret() for name in ("plain", "old", "new", "gone")}
    stored = {
        "plain": secrets["plain"],
        "old": TotpSealer(OLD).seal(secrets["old"], clock.now()),
        "new": TotpSealer(NEW).seal(secrets["new"], clock.now()),
        "gone": TotpSealer(GONE).seal(secrets["gone"], clock.now()),
    }
    users = {
        name: staff_with_secret(database, clock, f"{name}@cybercare.example", value)
        for name, value in stored.items()
    }
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    monkeypatch.setenv("CYBERCARE_SECRET_KEY", NEW)
    monkeypatch.setenv("CYBERCARE_PREVIOUS_SECRET_KEYS", OLD)
    runner = CliRunner()

    first = runner.invoke(app, ["user", "reencrypt-totp", "--json"])
    assert first.exit_code == 1, first.output  # one secret opens with no key of the ring
    assert json.loads(first.stdout) == {
        "resealed": 2,
        "current": 1,
        "unreadable": [users["gone"]],
    }
    with database.reader() as uow:
        now_stored = dict(uow.session.execute(select(UserRow.id, UserRow.totp_secret)).all())
        resealed = uow.session.scalars(
            select(AuditEvent.subject_id).where(AuditEvent.action == "user.totp_secret_resealed")
        ).all()
    for name in ("plain", "old", "new"):
        opened = TotpSealer(NEW).unseal(now_stored[users[name]] or "", clock.now())
        assert opened == Unsealed(secrets[name], stale=False), name
    assert now_stored[users["gone"]] == stored["gone"]  # left for the operator
    assert sorted(resealed) == sorted([users["plain"], users["old"]])

    removed = runner.invoke(app, ["user", "remove-second-factor", "gone@cybercare.example"])
    assert removed.exit_code == 0, removed.output
    again = runner.invoke(app, ["user", "reencrypt-totp"])
    assert again.exit_code == 0, again.output
    assert "0 TOTP secrets sealed again under the current key, 3 already were" in again.output
