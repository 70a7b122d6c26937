"""Distributors and their API keys: shown once, stored hashed, revocable, several each."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from cybercare.audit.trail import events_for
from cybercare.db.tables import ApiKeyRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound
from cybercare.partners.distributors import (
    DistributorPrincipal,
    authenticate,
    create_distributor,
    issue_api_key,
    revoke_api_key,
)


@pytest.fixture
def proximus(db: Database, clock: FixedClock) -> str:
    with db.uow() as uow:
        create_distributor(
            uow, code="proximus", name="Proximus", commission_bp=1500, clock=clock, actor="ops"
        )
        uow.commit()
    return "proximus"


def _issue(db: Database, clock: FixedClock, distributor: str = "proximus") -> tuple[str, str]:
    with db.uow() as uow:
        issued = issue_api_key(uow, distributor=distributor, label="crm", clock=clock, actor="ops")
        uow.commit()
    return issued.key_id, issued.token


def _authenticate(db: Database, token: str) -> DistributorPrincipal | None:
    with db.reader() as uow:
        return authenticate(uow, token)


def test_a_key_is_shown_once_and_only_the_hash_of_its_secret_is_kept(
    db: Database, clock: FixedClock, proximus: str
) -> None:
    key_id, token = _issue(db, clock)
    secret = token.split("_", 3)[3]
    with db.reader() as uow:
        row = uow.session.scalar(select(ApiKeyRow).where(ApiKeyRow.id == key_id))
        assert row is not None
        stored = (row.secret_sha256, row.distributor_code, row.revoked_at)
    assert token.startswith(f"cck_{key_id}_")
    assert stored == (hashlib.sha256(secret.encode()).hexdigest(), "proximus", None)
    assert secret not in stored[0]


def test_a_valid_key_authenticates_its_distributor(
    db: Database, clock: FixedClock, proximus: str
) -> None:
    key_id, token = _issue(db, clock)
    principal = _authenticate(db, token)
    assert principal == DistributorPrincipal("proximus", key_id)
    assert principal.actor == f"distributor:proximus:{key_id}"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # wrong secret
        lambda token: token.replace("cck_", "xxx_", 1),  # wrong prefix
        lambda token: "cck_key_UNKNOWN0000_" + token.split("_", 3)[3],  # unknown key id
        lambda token: token.rsplit("_", 1)[0],  # secret cut off
        lambda _token: "",
    ],
)
def test_a_wrong_or_malformed_key_does_not_authenticate(
    db: Database, clock: FixedClock, proximus: str, mangle: object
) -> None:
    _, token = _issue(db, clock)
    assert callable(mangle)
    assert _authenticate(db, mangle(token)) is None


def test_a_revoked_key_no_longer_authenticates_and_the_revocation_is_audited(
    db: Database, clock: FixedClock, proximus: str
) -> None:
    key_id, token = _issue(db, clock)
    other_id, other = _issue(db, clock)
    with db.uow() as uow:
        revoke_api_key(uow, key_id=key_id, clock=clock, actor="ops")
        revoke_api_key(uow, key_id=key_id, clock=clock, actor="ops")  # idempotent
        uow.commit()

    assert _authenticate(db, token) is None
    assert _authenticate(db, other) == DistributorPrincipal("proximus", other_id)
    with db.reader() as uow:
        actions = [e.action for e in events_for(uow, "api_key", key_id)]
    assert actions == ["api_key.issued", "api_key.revoked"]


def test_revoking_an_unknown_key_is_not_found(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow, pytest.raises(NotFound):
        revoke_api_key(uow, key_id="key_NOPE", clock=clock, actor="ops")


def test_a_key_for_an_unknown_distributor_is_not_found(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow, pytest.raises(NotFound):
        issue_api_key(uow, distributor="nobody", label="crm", clock=clock, actor="ops")


def test_a_distributor_code_is_unique_and_lower_case(
    db: Database, clock: FixedClock, proximus: str
) -> None:
    with db.uow() as uow, pytest.raises(Conflict):
        create_distributor(
            uow, code="proximus", name="Again", commission_bp=0, clock=clock, actor="ops"
        )
    for bad in ("Proximus", "pro-ximus", "1proximus", ""):
        with db.uow() as uow, pytest.raises(InvalidInput):
            create_distributor(uow, code=bad, name="Bad", commission_bp=0, clock=clock, actor="ops")


def test_creating_a_distributor_is_audited_with_its_clause(
    db: Database, clock: FixedClock, proximus: str
) -> None:
    with db.reader() as uow:
        (created,) = events_for(uow, "distributor", "proximus")
    assert (created.action, created.clause, created.actor) == (
        "distributor.created",
        "Art. 1.2",
        "ops",
    )
