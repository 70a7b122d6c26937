"""Art. 5.3 as a property: whatever the order of quotes accepted (held up to what is left),
invoices matched (used, the rest released) and claims settled, the pot never shows more than
its limit nor a negative figure; the member is told the part above what is left."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cybercare.cover.domain import Consumption
from cybercare.cover.pots import PotLimitExceeded, PotYear
from cybercare.providers.domain import quote_cover

LIMIT = 500_000
steps = st.lists(
    st.tuples(st.sampled_from(["quote", "invoice", "claim"]), st.integers(1, 400_000)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_art_5_3_quotes_invoices_and_claims_never_exceed_the_pot(
    sequence: list[tuple[str, int]],
) -> None:
    pot = PotYear("EREP_POT", LIMIT, 3)
    held: list[int] = []  # what each accepted quote holds
    for move, cents in sequence:
        if move == "quote":
            cover = quote_cover(cents, pot.left_cents)
            assert cover.covered_cents + cover.member_share_cents == cents
            assert cover.partial == (cents > (pot.left_cents or 0))
            pot = pot.hold(Consumption("EREP_POT", cover.covered_cents, 0))
            held.append(cover.covered_cents)
        elif move == "invoice" and held:
            reserved = held.pop()
            used = min(cents, reserved)
            pot = pot.settle(Consumption("EREP_POT", used, 0, reserved, 0))
        elif move == "claim":
            try:
                pot = pot.settle(Consumption("EREP_POT", cents, 0))
            except PotLimitExceeded:
                continue  # a claim above what is left is settled partially by the engine
        assert pot.used_cents + pot.reserved_cents <= LIMIT
        assert min(pot.used_cents, pot.reserved_cents) >= 0
        assert pot.reserved_cents == sum(held)
