"""The demo's past is counted back from now: ages hold whatever the year, no event is later than
now, and the minor stays a minor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cybercare.demo.cast import HOUSEHOLDS, JANSSENS
from cybercare.demo.world import Moments
from cybercare.household.domain import AFFILIATE


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        datetime(2026, 2, 28, 23, 30, tzinfo=UTC),  # 1 March in Brussels, half past midnight
        datetime(2028, 2, 29, 12, 0, tzinfo=UTC),
        datetime(2031, 12, 31, 23, 59, tzinfo=UTC),
    ],
)
def test_every_member_has_the_cast_age_on_the_day_the_demo_starts(now: datetime) -> None:
    moments = Moments(now)
    for household in HOUSEHOLDS:
        for member in household.members:
            born = moments.born(member)
            today = moments.today
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            assert age == member.age, member.given_name
    lotte = JANSSENS.member("lotte")
    assert lotte.age < 18 and not lotte.login
    assert all(h.affiliate.relationship is AFFILIATE and h.affiliate.login for h in HOUSEHOLDS)


def test_moments_stay_in_the_past() -> None:
    now = datetime(2026, 3, 1, 0, 10, tzinfo=UTC)  # 01:10 in Brussels
    moments = Moments(now)
    assert moments.today == date(2026, 3, 1)
    assert moments.on(moments.today, 9, 0).now() == now - timedelta(minutes=1)
    assert moments.at(1, 23, 59).now() < now
    assert moments.minutes_ago(25).now() == now - timedelta(minutes=25)
    assert moments.month_start(10) == date(2025, 5, 1)
    with pytest.raises(ValueError, match="past"):
        moments.at(0, 8)
