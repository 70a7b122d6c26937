"""Identity: principals and roles (pure), users and personal tokens (stored hashed, shown once,
revocable), and the `cybercare user` commands."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.tables import ApiTokenRow
from cybercare.db.uow import Database
from cybercare.identity import service
from cybercare.identity.domain import Principal, Role, RoleRequired, UserKind, require_role
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound
from tests.assistance.builders import household_world
from tests.assistance.helpers import run


def staff(*roles: Role) -> Principal:
    return Principal("usr_S", UserKind.STAFF, "S", "en", roles=frozenset(roles))


def test_a_member_principal_is_one_insured_person_without_roles() -> None:
    member = Principal("usr_M", UserKind.MEMBER, "M", "nl", person_id="per_1", household_id="hh")
    assert member.is_member
    assert member.actor == member.client_id == "user:usr_M"
    assert not member.has_role(*Role)
    with pytest.raises(InvalidInput):
        Principal("usr_M", UserKind.MEMBER, "M", "nl")
    with pytest.raises(InvalidInput):
        Principal(
            "usr_M",
            UserKind.MEMBER,
            "M",
            "nl",
            roles=frozenset({Role.ADMIN}),
            person_id="p",
            household_id="h",
        )
    with pytest.raises(InvalidInput):
        Principal("usr_S", UserKind.STAFF, "S", "en", person_id="p")


def test_roles_teams_and_require_role() -> None:
    psychologist = staff(Role.PSYCHOLOGICAL)
    assert psychologist.in_team("psychological")
    assert not psychologist.in_team("legal")
    assert staff(Role.SUPERVISOR, Role.LEGAL).teams == {Role.LEGAL}
    require_role(staff(Role.CLAIMS_HANDLER), Role.CLAIMS_HANDLER, Role.SUPERVISOR)
    with pytest.raises(RoleRequired) as refused:
        require_role(psychologist, Role.CLAIMS_HANDLER)
    assert refused.value.params == {"roles": ["claims_handler"]}


def test_tokens_are_stored_hashed_shown_once_and_revocable(db: Database, clock: FixedClock) -> None:
    world = household_world(db, clock)
    issued = run(
        db,
        lambda uow: service.issue_token(
            uow, user_id=world["legal"].user_id, label="cli", clock=clock, actor="t"
        ),
    )
    assert issued.token.startswith(f"ccu_{issued.token_id}_")
    with db.uow() as uow:
        stored = uow.session.scalar(select(ApiTokenRow.secret_sha256))
        principal = service.authenticate_token(uow, issued.token)
    secret = issued.token.split("_", 3)[3]
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(stored)
    assert principal == world["legal"]
    with db.uow() as uow:
        assert service.authenticate_token(uow, issued.token + "x") is None
        assert service.authenticate_token(uow, "cck_key_ABC_secret") is None
        assert service.authenticate_token(uow, "garbage") is None
    run(db, lambda uow: service.revoke_token(uow, token_id=issued.token_id, clock=clock, actor="t"))
    with db.uow() as uow:
        assert service.authenticate_token(uow, issued.token) is None


def test_a_deactivated_user_is_refused_even_with_a_live_token(
    db: Database, clock: FixedClock
) -> None:
    world = household_world(db, clock)
    issued = run(
        db,
        lambda uow: service.issue_token(
            uow, user_id=world["affiliate"].user_id, label="x", clock=clock, actor="t"
        ),
    )
    run(
        db,
        lambda uow: service.set_active(
            uow, user_id=world["affiliate"].user_id, active=False, clock=clock, actor="t"
        ),
    )
    with db.uow() as uow:
        assert service.authenticate_token(uow, issued.token) is None


def test_member_users_carry_their_household_and_are_unique(db: Database, clock: FixedClock) -> None:
    world = household_world(db, clock)
    affiliate = world["affiliate"]
    assert affiliate.household_id == world.household_id
    assert affiliate.person_id == world.person("affiliate")
    assert affiliate.display_name == "An Peeters"
    with pytest.raises(Conflict):
        run(
            db,
            lambda uow: service.create_member_user(
                uow,
                email="other@x.example",
                person_id=world.person("affiliate"),
                clock=clock,
                actor="t",
            ),
        )
    with pytest.raises(Conflict):
        run(
            db,
            lambda uow: service.create_staff_user(
                uow,
                email="AFFILIATE@peeters.example",
                display_name="x",
                roles=["legal"],
                clock=clock,
                actor="t",
            ),
        )
    with pytest.raises(NotFound):
        run(
            db,
            lambda uow: service.create_member_user(
                uow, email="n@x.example", person_id="per_nobody", clock=clock, actor="t"
            ),
        )
    for roles in ([], ["chef"]):
        with pytest.raises(InvalidInput):
            run(
                db,
                lambda uow, r=roles: service.create_staff_user(
                    uow, email="s@x.example", display_name="s", roles=r, clock=clock, actor="t"
                ),
            )


def test_cli_creates_users_and_issues_a_token_shown_once(
    fresh_database: tuple[str, Engine], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = fresh_database
    world = household_world(Database(engine), clock, with_staff=False)
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    runner = CliRunner()
    staff_result = runner.invoke(
        app,
        [
            "user",
            "create-staff",
            "lea@cybercare.example",
            "--role",
            "legal",
            "--role",
            "supervisor",
            "--name",
            "Lea",
        ],
    )
    assert staff_result.exit_code == 0, staff_result.output
    assert "legal, supervisor" in staff_result.output
    member = runner.invoke(
        app, ["user", "create-member", "cas@example.org", "--person", world.person("adult_child")]
    )
    assert member.exit_code == 1  # Cas has a login already (the builder made one)
    assert "already has a login" in member.output
    token = runner.invoke(app, ["user", "issue-token", "lea@cybercare.example"])
    assert token.exit_code == 0
    shown = token.output.split("shown once): ")[1].split()[0]
    with Database(engine).uow() as uow:
        principal = service.authenticate_token(uow, shown)
    assert principal is not None
    assert principal.roles == {Role.LEGAL, Role.SUPERVISOR}
    unknown = runner.invoke(app, ["user", "issue-token", "nobody@cybercare.example"])
    assert unknown.exit_code == 1
