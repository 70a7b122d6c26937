"""The status timeline (Art. 9.6 primitives): contiguous periods, nothing after the end."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import DomainError
from cybercare.policy.domain import (
    ENDED,
    Affiliation,
    AffiliationChangeKind,
    AffiliationStatus,
    StatusPeriod,
    lift_suspension,
    status_on,
    suspend,
    terminate,
)
from tests.policy.builders import affiliation

START = date(2024, 1, 15)
ART_9_6 = Art("9.6")
ACTIVE, SUSPENDED, TERMINATED = (
    AffiliationStatus.ACTIVE,
    AffiliationStatus.SUSPENDED,
    AffiliationStatus.TERMINATED,
)


def test_art_9_6_suspension_and_its_lifting_keep_the_history() -> None:
    suspended = suspend(affiliation(), date(2024, 5, 1), ART_9_6)
    assert suspended.changes[0].kind is AffiliationChangeKind.SUSPENDED
    lifted = lift_suspension(suspended.affiliation, date(2024, 5, 10))
    assert lifted.changes[0].kind is AffiliationChangeKind.SUSPENSION_LIFTED
    assert lifted.affiliation.periods == (
        StatusPeriod(ACTIVE, START, date(2024, 5, 1), Art("3.2")),
        StatusPeriod(SUSPENDED, date(2024, 5, 1), date(2024, 5, 10), ART_9_6),
        StatusPeriod(ACTIVE, date(2024, 5, 10), None, ART_9_6),
    )
    assert status_on(lifted.affiliation, date(2024, 4, 30)) is ACTIVE
    assert status_on(lifted.affiliation, date(2024, 5, 9)) is SUSPENDED
    assert status_on(lifted.affiliation, date(2024, 5, 10)) is ACTIVE


def test_art_9_6_a_suspension_lifted_on_its_first_day_leaves_no_trace() -> None:
    subject = affiliation()
    suspended = suspend(subject, date(2024, 5, 1), ART_9_6).affiliation
    assert lift_suspension(suspended, date(2024, 5, 1)).affiliation.periods == subject.periods


def test_art_9_6_termination_after_a_suspension() -> None:
    suspended = suspend(affiliation(), date(2024, 5, 1), ART_9_6).affiliation
    terminated = terminate(suspended, date(2024, 5, 16), ART_9_6).affiliation
    assert [p.status for p in terminated.periods] == [ACTIVE, SUSPENDED, TERMINATED]
    assert status_on(terminated, date(2030, 1, 1)) is TERMINATED


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        (lambda a: suspend(a, date(2024, 7, 1), ART_9_6), "policy.already_ended"),
        (lambda a: lift_suspension(a, date(2024, 7, 1)), "policy.already_ended"),
        (lambda a: terminate(a, date(2024, 7, 1), ART_9_6), "policy.already_ended"),
    ],
)
def test_art_9_6_nothing_follows_a_termination(operation: object, code: str) -> None:
    terminated = terminate(affiliation(), date(2024, 6, 1), ART_9_6).affiliation
    assert callable(operation)
    with pytest.raises(DomainError) as refused:
        operation(terminated)
    assert refused.value.code == code


def test_art_9_6_a_change_before_the_current_status_is_refused() -> None:
    suspended = suspend(affiliation(), date(2024, 5, 1), ART_9_6).affiliation
    with pytest.raises(DomainError) as refused:
        lift_suspension(suspended, date(2024, 4, 30))
    assert refused.value.code == "policy.change_before_current_status"


def test_art_9_6_only_an_active_affiliation_is_suspended_and_only_a_suspended_one_lifted() -> None:
    with pytest.raises(DomainError) as refused:
        lift_suspension(affiliation(), date(2024, 5, 1))
    assert refused.value.code == "policy.not_suspended"
    suspended = suspend(affiliation(), date(2024, 5, 1), ART_9_6).affiliation
    with pytest.raises(DomainError) as again:
        suspend(suspended, date(2024, 5, 2), ART_9_6)
    assert again.value.code == "policy.not_active"


def _assert_consistent(subject: Affiliation) -> None:
    periods = subject.periods
    assert periods[0].start == subject.start_date
    assert periods[-1].end is None
    for before, after in pairwise(periods):
        assert before.end == after.start  # contiguous, no overlap, no gap
        assert before.start < before.end  # never empty
        assert before.status != after.status
        assert before.status not in ENDED  # nothing after withdrawn or terminated


OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["suspend", "lift", "terminate"]), st.integers(0, 60)),
    max_size=12,
)


@given(OPERATIONS)
def test_timeline_stays_contiguous_under_any_sequence_of_changes(
    operations: list[tuple[str, int]],
) -> None:
    subject = affiliation()
    day = START
    for name, offset in operations:
        day = START + timedelta(days=offset) if offset % 7 == 0 else day + timedelta(days=offset)
        try:
            if name == "suspend":
                subject = suspend(subject, day, ART_9_6).affiliation
            elif name == "lift":
                subject = lift_suspension(subject, day).affiliation
            else:
                subject = terminate(subject, day, ART_9_6).affiliation
        except DomainError:
            pass  # a refused change leaves the affiliation as it was
        _assert_consistent(subject)
