"""Art. 3.4 before a case opens: the policy's status on the incident date, whatever it is today
(`eligibility.cover_refusal`, the engine's own codes and articles)."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.cover.domain import PolicyFacts, PolicyStatus, StatusPeriod
from cybercare.cover.domain.eligibility import cover_refusal
from cybercare.kernel.clauses import Art

START = date(2025, 1, 6)


def policy(*periods: tuple[PolicyStatus, date, date | None]) -> PolicyFacts:
    return PolicyFacts(
        start_date=START,
        status_periods=tuple(StatusPeriod(s, a, b) for s, a, b in periods),
        members=(),
        residence_country="BE",
    )


ENDED = policy(
    (PolicyStatus.ACTIVE, START, date(2026, 3, 1)),
    (PolicyStatus.SUSPENDED, date(2026, 3, 1), date(2026, 4, 1)),
    (PolicyStatus.ACTIVE, date(2026, 4, 1), date(2026, 11, 15)),
    (PolicyStatus.TERMINATED, date(2026, 11, 15), None),
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 1, 5), ("cover.before_start", Art("3.2"))),
        (START, None),
        (date(2026, 3, 15), ("cover.suspended", Art("9.6"))),
        (date(2026, 11, 14), None),  # the last day of cover, declared after the end
        (date(2026, 11, 15), ("cover.terminated", Art("3.4"))),
    ],
)
def test_art_3_4_cover_is_judged_on_the_incident_date_of_a_contract_that_ended(
    day: date, expected: tuple[str, Art] | None
) -> None:
    assert cover_refusal(ENDED, day, Art("3.2")) == expected


def test_art_9_3_an_incident_after_a_withdrawal_is_refused_under_9_3() -> None:
    withdrawn = policy(
        (PolicyStatus.ACTIVE, START, date(2025, 1, 10)),
        (PolicyStatus.WITHDRAWN, date(2025, 1, 10), None),
    )
    assert cover_refusal(withdrawn, date(2025, 1, 9)) is None
    assert cover_refusal(withdrawn, date(2025, 1, 10)) == ("cover.withdrawn", Art("9.3"))
