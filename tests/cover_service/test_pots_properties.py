"""Art. 5: whatever sequence of reservations, settlements and releases, a pot never shows a
negative figure nor more than its limit; a refused move changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cybercare.cover.domain import Consumption
from cybercare.cover.pots import PotLimitExceeded, PotYear

moves = st.lists(
    st.tuples(
        st.sampled_from(["reserve", "settle", "release", "hold"]),
        st.integers(min_value=0, max_value=300_000),
        st.integers(min_value=0, max_value=1),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(moves)
def test_art_5_pot_never_negative_nor_over_its_limit(sequence: list[tuple[str, int, int]]) -> None:
    pot = PotYear("EREP_POT", 500_000, 3)
    for move, cents, cases in sequence:
        try:
            if move == "reserve":
                pot = pot.reserve(cents, cases)
            elif move == "release":
                pot = pot.release(min(cents, pot.reserved_cents), min(cases, pot.cases_reserved))
            elif move == "settle":
                pot = pot.settle(
                    Consumption(
                        "EREP_POT",
                        cents,
                        cases,
                        min(cents, pot.reserved_cents),
                        min(cases, pot.cases_reserved),
                    )
                )
            else:
                pot = pot.hold(Consumption("EREP_POT", cents, cases))
        except PotLimitExceeded:
            continue
        assert min(pot.used_cents, pot.reserved_cents, pot.cases_used, pot.cases_reserved) >= 0
        assert pot.left_cents is not None and 0 <= pot.left_cents <= 500_000
        assert pot.cases_left is not None and 0 <= pot.cases_left <= 3


def test_art_5_2_fourth_case_cannot_be_reserved() -> None:
    pot = PotYear("EREP_POT", 500_000, 3).reserve(0, 1).reserve(0, 1).reserve(0, 1)
    with pytest.raises(PotLimitExceeded):
        pot.reserve(0, 1)


def test_art_5_3_settlement_over_the_limit_is_refused() -> None:
    pot = PotYear("DATA_POT", 80_000, 1)
    with pytest.raises(PotLimitExceeded):
        pot.settle(Consumption("DATA_POT", 80_001, 1))
