"""The lifecycles of identity's entities, without a database (Art. 11): a half-finished sign-in
only moves forward to signed in under a fresh id, a revoked token stays revoked as it was, a
deactivated user holds no new token, and a sign-in goes to the step the user's factors ask."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cybercare.identity.domain import (
    PENDING_LIFETIME,
    SESSION_LIFETIME,
    SESSION_MOVES,
    ApiToken,
    SessionMoveRefused,
    Stage,
    User,
    UserInactive,
    UserKind,
    WebSession,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def a_user(kind: UserKind = UserKind.STAFF) -> User:
    return User.new(
        "usr_1",
        email="lea@cybercare.example",
        kind=kind,
        person_id="per_1" if kind is UserKind.MEMBER else None,
        display_name="Lea",
        language="nl",
        at=NOW,
    )


@pytest.mark.parametrize("current", list(Stage))
@pytest.mark.parametrize("target", list(Stage))
def test_a_session_moves_only_from_a_pending_stage_to_signed_in(
    current: Stage, target: Stage
) -> None:
    session = WebSession.open("old", user_id="usr_1", stage=current, at=NOW)
    later = NOW + timedelta(minutes=1)
    if target in SESSION_MOVES[current]:
        moved = session.advance("new", target, later)
        assert (moved.sid_sha256, moved.stage, moved.user_id) == ("new", target, "usr_1")
        assert moved.expires_at == later + SESSION_LIFETIME
        return
    with pytest.raises(SessionMoveRefused) as refused:
        session.advance("new", target, later)
    assert refused.value.clause == "Art. 11"
    assert current is Stage.SIGNED_IN or target is not Stage.SIGNED_IN


def test_a_pending_session_lives_minutes_and_a_signed_in_one_a_working_day() -> None:
    pending = WebSession.open("a", user_id="usr_1", stage=Stage.SECOND_FACTOR, at=NOW)
    signed_in = WebSession.open("b", user_id="usr_1", stage=Stage.SIGNED_IN, at=NOW)
    assert pending.is_live(NOW + PENDING_LIFETIME - timedelta(seconds=1))
    assert not pending.is_live(NOW + PENDING_LIFETIME)
    assert signed_in.is_live(NOW + PENDING_LIFETIME)
    assert not signed_in.is_live(NOW + SESSION_LIFETIME)


def test_a_revoked_token_keeps_the_moment_it_was_first_revoked() -> None:
    token = ApiToken("tok_1", "usr_1", "laptop", "0" * 64, NOW, None)
    revoked = token.revoke(NOW + timedelta(hours=1))
    assert revoked.revoked and revoked.revoked_at == NOW + timedelta(hours=1)
    assert revoked.revoke(NOW + timedelta(hours=2)) == revoked


def test_a_deactivated_user_holds_no_new_token() -> None:
    a_user().check_may_hold_token()
    with pytest.raises(UserInactive) as refused:
        a_user().with_active(False).check_may_hold_token()
    assert (refused.value.code, refused.value.clause) == ("user.inactive", "Art. 11")


@pytest.mark.parametrize(
    ("kind", "second_factor", "required", "stage"),
    [
        (UserKind.STAFF, False, True, Stage.ENROL_SECOND_FACTOR),
        (UserKind.STAFF, False, False, Stage.SIGNED_IN),
        (UserKind.MEMBER, False, True, Stage.SIGNED_IN),
        (UserKind.MEMBER, True, False, Stage.SECOND_FACTOR),
        (UserKind.STAFF, True, True, Stage.SECOND_FACTOR),
    ],
)
def test_after_the_password_a_sign_in_goes_where_the_users_factors_say(
    kind: UserKind, second_factor: bool, required: bool, stage: Stage
) -> None:
    user = a_user(kind)
    if second_factor:
        user = user.with_second_factor("SECRET", 42)
    assert user.next_stage(staff_second_factor_required=required) is stage


def test_the_code_typed_to_enrol_is_spent_and_removal_keeps_it_spent() -> None:
    enrolled = a_user().with_second_factor("SECRET", 42)
    assert (enrolled.has_second_factor, enrolled.totp_last_step) == (True, 42)
    removed = enrolled.without_second_factor()
    assert (removed.has_second_factor, removed.totp_last_step) == (False, 42)
