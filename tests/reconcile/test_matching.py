"""The matcher, pure: a line is the answer to one of our facts only when reference, direction,
state and amount agree; otherwise it waits for finance with suggestions. Properties: a line is
matched at most once, a target answers each event once, and what is booked equals the matched
lines' totals."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cybercare.banking.matching import (
    Candidates,
    Match,
    MatchKind,
    Reason,
    SuggestionIndex,
    Target,
    TargetKind,
    Unmatched,
    decide,
    match_statement,
    matched_totals,
)
from cybercare.banking.statement import Direction
from tests.reconcile.builders import entry

BATCH = Target(
    TargetKind.DEBIT_BATCH,
    "7",
    1497,
    frozenset({MatchKind.DEBIT_BATCH_COLLECTED}),
    due_date=date(2026, 12, 5),
)
COLLECTED = Target(TargetKind.COLLECTION, "12", 499, frozenset({MatchKind.DEBIT_RETURNED}))
PAYOUT = Target(
    TargetKind.PAYOUT,
    "PO1",
    25000,
    frozenset({MatchKind.PAYOUT_EXECUTED, MatchKind.PAYOUT_RETURNED}),
    name="An Peeters",
)
PREMIUM = Target(TargetKind.PREMIUM, "44", 499, frozenset({MatchKind.PREMIUM_TRANSFER}))
CANDIDATES = Candidates(
    by_batch_id={"MSG1": BATCH},
    by_end_to_end_id={"CCPL12": COLLECTED, "PO1": PAYOUT},
    by_communication={"000000004444": PREMIUM},
    open_items=(BATCH, PREMIUM, PAYOUT),
)
NO_INDEX = SuggestionIndex(())


def test_a_batch_credit_of_the_expected_amount_collects_the_batch() -> None:
    decision = decide(entry(amount_cents=1497, batch_message_id="MSG1"), CANDIDATES, NO_INDEX)
    assert decision == Match(MatchKind.DEBIT_BATCH_COLLECTED, BATCH, 1497)


def test_an_amount_other_than_expected_is_never_matched_and_suggests_the_named_fact() -> None:
    line = entry(amount_cents=1496, batch_message_id="MSG1")
    decision = decide(line, CANDIDATES, SuggestionIndex(CANDIDATES.open_items))
    assert isinstance(decision, Unmatched) and decision.reason is Reason.AMOUNT_MISMATCH
    assert decision.suggestions[0].target == BATCH
    assert decision.suggestions[0].why == ("same_reference", "close_date")


def test_a_debit_on_a_collection_file_is_the_wrong_direction() -> None:
    line = entry(direction=Direction.DEBIT, amount_cents=1497, batch_message_id="MSG1")
    decision = decide(line, CANDIDATES, NO_INDEX)
    assert isinstance(decision, Unmatched) and decision.reason is Reason.WRONG_DIRECTION


def test_a_returned_debit_and_a_returned_payout_by_end_to_end_id() -> None:
    returned = entry(
        direction=Direction.DEBIT, end_to_end_id="CCPL12", is_return=True, return_reason="AM04"
    )
    assert decide(returned, CANDIDATES, NO_INDEX) == Match(MatchKind.DEBIT_RETURNED, COLLECTED, 499)
    back = entry(amount_cents=25000, end_to_end_id="PO1", is_return=True, return_reason="AC04")
    assert decide(back, CANDIDATES, NO_INDEX) == Match(MatchKind.PAYOUT_RETURNED, PAYOUT, 25000)


def test_a_fact_that_no_longer_awaits_the_event_is_already_settled() -> None:
    settled = Candidates(
        by_batch_id={"MSG1": Target(TargetKind.DEBIT_BATCH, "7", 1497, frozenset())}
    )
    decision = decide(entry(amount_cents=1497, batch_message_id="MSG1"), settled, NO_INDEX)
    assert isinstance(decision, Unmatched) and decision.reason is Reason.ALREADY_SETTLED


def test_lines_without_a_known_reference_are_told_apart() -> None:
    reasons = [
        decide(line, CANDIDATES, NO_INDEX)
        for line in (
            entry(),
            entry(structured_communication="000000000097"),
            entry(end_to_end_id="SOMEONE-ELSE"),
        )
    ]
    assert [r.reason for r in reasons if isinstance(r, Unmatched)] == [
        Reason.NO_REFERENCE,
        Reason.UNKNOWN_COMMUNICATION,
        Reason.UNKNOWN_REFERENCE,
    ]


def test_an_unknown_line_gets_suggestions_of_the_same_amount_and_a_similar_name() -> None:
    line = entry(amount_cents=25000, counterparty_name="AN PEETERS", direction=Direction.DEBIT)
    decision = decide(line, CANDIDATES, SuggestionIndex(CANDIDATES.open_items))
    assert isinstance(decision, Unmatched)
    [suggestion] = decision.suggestions
    assert suggestion.target == PAYOUT and suggestion.why == ("same_amount", "similar_name")


def test_the_second_line_claiming_the_same_event_waits_for_finance() -> None:
    lines = [
        entry(1, structured_communication="000000004444"),
        entry(2, structured_communication="000000004444"),
    ]
    first, second = match_statement(lines, CANDIDATES)
    assert isinstance(first, Match)
    assert isinstance(second, Unmatched) and second.reason is Reason.ALREADY_MATCHED


_references = st.sampled_from(
    [
        {"batch_message_id": "MSG1"},
        {"end_to_end_id": "CCPL12", "is_return": True},
        {"end_to_end_id": "PO1"},
        {"end_to_end_id": "PO1", "is_return": True},
        {"structured_communication": "000000004444"},
        {"structured_communication": "000000000097"},
        {},
    ]
)
_lines = st.lists(
    st.tuples(
        _references,
        st.sampled_from([Direction.CREDIT, Direction.DEBIT]),
        st.sampled_from([499, 1497, 25000, 1]),
    ),
    max_size=12,
)


@given(_lines)
def test_each_target_answers_each_event_once_and_booked_totals_equal_matched_lines(
    drawn: list[tuple[dict[str, object], Direction, int]],
) -> None:
    lines = [
        entry(index, direction=direction, amount_cents=amount, **refs)  # type: ignore[arg-type]
        for index, (refs, direction, amount) in enumerate(drawn, 1)
    ]
    decisions = match_statement(lines, CANDIDATES)
    assert len(decisions) == len(lines)  # one decision per line: matched at most once
    matches = [d for d in decisions if isinstance(d, Match)]
    events = [(m.target.kind, m.target.target_id, m.kind) for m in matches]
    assert len(events) == len(set(events))
    for line, decision in zip(lines, decisions, strict=True):
        if isinstance(decision, Match):
            assert decision.amount_cents == line.amount_cents
            assert decision.kind in decision.target.awaits
    totals = matched_totals(lines, decisions)
    credited = sum(
        m.amount_cents
        for line, m in zip(lines, decisions, strict=True)
        if isinstance(m, Match) and line.direction is Direction.CREDIT
    )
    assert totals[Direction.CREDIT] == credited
    assert sum(totals.values()) == sum(m.amount_cents for m in matches)
