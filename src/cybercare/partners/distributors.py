"""Distributors and their API keys. A key is shown once; only the SHA-256 of its secret is kept
(keys are 256-bit random, so a fast hash is safe; a slow hash would only slow every request)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cybercare.audit import trail
from cybercare.db.tables import ApiKeyRow, DistributorRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel import bearer
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound

KEY_PREFIX = "cck"
LIVE_KEY_ID = "key"  # live keys: cck_key_<id>_<secret>
TEST_KEY_ID = "test"  # test-mode keys (issue 18, the sandbox): cck_test_<id>_<secret>


def is_test_key(token: str) -> bool:
    """A test-mode key by its prefix alone: the edge routes it to the sandbox's database
    (docs/partner-sandbox.md) before anything is looked up, so it never meets live data."""
    return token.startswith(f"{KEY_PREFIX}_{TEST_KEY_ID}_")


@dataclass(frozen=True, slots=True)
class DistributorPrincipal:
    """An authenticated distributor system: everything it reads is scoped to `code`."""

    code: str
    api_key_id: str

    @property
    def actor(self) -> str:
        return f"distributor:{self.code}:{self.api_key_id}"


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key_id: str
    token: str  # shown once: "cck_<key id>_<secret>"


def create_distributor(
    uow: UnitOfWork, *, code: str, name: str, commission_bp: int, clock: Clock, actor: str
) -> None:
    if not code.isidentifier() or code.lower() != code:
        raise InvalidInput("code", "use lower-case letters, digits and underscores")
    if uow.session.get(DistributorRow, code) is not None:
        raise Conflict(f"distributor {code!r} already exists", code="distributor.exists")
    now = clock.now()
    uow.session.add(
        DistributorRow(
            code=code,
            name=name,
            commission_bp=commission_bp,
            last_event_seq=0,
            created_at=now,
        )
    )
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="distributor.created",
        subject_type="distributor",
        subject_id=code,
        clause="Art. 1.2",
        details={"name": name, "commission_bp": commission_bp},
    )


def issue_api_key(
    uow: UnitOfWork,
    *,
    distributor: str,
    label: str,
    clock: Clock,
    actor: str,
    test_mode: bool = False,
) -> IssuedKey:
    """`test_mode`: a `cck_test_…` key, to be issued in the sandbox's database only."""
    if uow.session.get(DistributorRow, distributor) is None:
        raise NotFound(f"no distributor {distributor!r}", code="distributor.not_found")
    minted = bearer.mint(KEY_PREFIX, TEST_KEY_ID if test_mode else LIVE_KEY_ID)
    key_id = minted.secret_id
    now = clock.now()
    uow.session.add(
        ApiKeyRow(
            id=key_id,
            distributor_code=distributor,
            label=label,
            secret_sha256=minted.secret_sha256,
            created_at=now,
            revoked_at=None,
        )
    )
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="api_key.issued",
        subject_type="api_key",
        subject_id=key_id,
        details={"distributor": distributor, "label": label, "test_mode": test_mode},
    )
    return IssuedKey(key_id, minted.token)


def revoke_api_key(uow: UnitOfWork, *, key_id: str, clock: Clock, actor: str) -> None:
    row = uow.session.get(ApiKeyRow, key_id)
    if row is None:
        raise NotFound(f"no API key {key_id!r}", code="api_key.not_found")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        trail.record(
            uow,
            at=row.revoked_at,
            actor=actor,
            action="api_key.revoked",
            subject_type="api_key",
            subject_id=key_id,
            details={"distributor": row.distributor_code},
        )


def authenticate(
    uow: UnitOfWork, token: str, *, test_mode: bool = False
) -> DistributorPrincipal | None:
    """The distributor a presented key belongs to, or None (unknown, malformed or revoked).
    `test_mode`: this is the sandbox's database, which accepts test-mode keys only (and the
    live one live keys only)."""
    parsed = bearer.parse(token, KEY_PREFIX, TEST_KEY_ID if test_mode else LIVE_KEY_ID)
    if parsed is None:
        return None
    key_id, secret = parsed
    row = uow.session.get(ApiKeyRow, key_id)
    if row is None or row.revoked_at is not None or not bearer.matches(row.secret_sha256, secret):
        return None
    return DistributorPrincipal(row.distributor_code, row.id)


def commission_rates(uow: UnitOfWork) -> dict[str, int]:
    """Each distributor's commission rate (basis points of the net premium) by its agreement."""
    rows = uow.session.execute(select(DistributorRow.code, DistributorRow.commission_bp))
    return {code: int(rate) for code, rate in rows}
