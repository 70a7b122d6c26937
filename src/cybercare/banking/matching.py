"""Which of our own facts a bank line is the answer to — pure: a line and the candidate facts
in, a decision out.

The bank's references are tried in the order of their strength: our file's batch ids (a
collected pain.008, an executed pain.001), the end-to-end id of one transaction (a returned
debit, a single or returned transfer), the Belgian structured communication (a premium paid by
transfer, a recovery). A reference found is a match only when the direction, the state and the
amount agree: an amount that differs from the one expected is never booked (the line goes to
finance's queue with the reason and the candidate as a suggestion). Every target answers each
kind of event once: the second line claiming it in one statement is left unmatched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum

from cybercare.banking.statement import Direction, StatementEntry


class TargetKind(StrEnum):
    DEBIT_BATCH = "debit_batch"  # one of our pain.008 files (or one payment information block)
    COLLECTION = "collection"  # one premium line inside a debit batch (by end-to-end id)
    PAYMENT_FILE = "payment_file"  # one of our pain.001 files
    PAYOUT = "payout"  # one transfer of a claim payout (by end-to-end id)
    PREMIUM = "premium"  # a premium line payable by transfer (by structured communication)
    RECOVERY = "recovery"  # a recovery file (Art. 8.5, by structured communication)


class MatchKind(StrEnum):
    DEBIT_BATCH_COLLECTED = "debit_batch_collected"
    DEBIT_RETURNED = "debit_returned"
    PAYMENT_FILE_EXECUTED = "payment_file_executed"
    PAYOUT_EXECUTED = "payout_executed"
    PAYOUT_RETURNED = "payout_returned"
    PREMIUM_TRANSFER = "premium_transfer"
    RECOVERY_PAYMENT = "recovery_payment"


class Reason(StrEnum):
    """Why a line was left for finance (stable codes; texts at the edge)."""

    NO_REFERENCE = "no_reference"  # nothing of ours to recognise
    UNKNOWN_REFERENCE = "unknown_reference"  # a reference that is none of our open facts
    UNKNOWN_COMMUNICATION = "unknown_communication"  # a structured communication we never gave
    AMOUNT_MISMATCH = "amount_mismatch"
    WRONG_DIRECTION = "wrong_direction"  # e.g. a debit on a collection file
    ALREADY_SETTLED = "already_settled"  # the target no longer awaits this event
    ALREADY_MATCHED = "already_matched"  # another line of the statement claimed it first


# The event a target kind answers, by the line's direction and whether it is a return.
_EVENTS: dict[tuple[TargetKind, Direction, bool], MatchKind] = {
    (TargetKind.DEBIT_BATCH, Direction.CREDIT, False): MatchKind.DEBIT_BATCH_COLLECTED,
    (TargetKind.COLLECTION, Direction.DEBIT, True): MatchKind.DEBIT_RETURNED,
    (TargetKind.PAYMENT_FILE, Direction.DEBIT, False): MatchKind.PAYMENT_FILE_EXECUTED,
    (TargetKind.PAYOUT, Direction.DEBIT, False): MatchKind.PAYOUT_EXECUTED,
    (TargetKind.PAYOUT, Direction.CREDIT, True): MatchKind.PAYOUT_RETURNED,
    (TargetKind.PREMIUM, Direction.CREDIT, False): MatchKind.PREMIUM_TRANSFER,
    (TargetKind.RECOVERY, Direction.CREDIT, False): MatchKind.RECOVERY_PAYMENT,
}


@dataclass(frozen=True, slots=True)
class Target:
    """One of our facts a bank line may answer. `awaits`: the events it still waits for (a
    batch not collected yet awaits its credit; a collected premium line awaits only a return)."""

    kind: TargetKind
    target_id: str
    amount_cents: int  # expected; for a recovery, what is still owed (part payments are fine)
    awaits: frozenset[MatchKind]
    name: str | None = None  # the debtor or beneficiary, for suggestions
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class Candidates:
    """Our open facts, keyed by the references a bank line can carry."""

    by_batch_id: Mapping[str, Target] = field(default_factory=dict)  # message or PmtInf id
    by_end_to_end_id: Mapping[str, Target] = field(default_factory=dict)
    by_communication: Mapping[str, Target] = field(default_factory=dict)
    open_items: Sequence[Target] = ()  # anything a line could be, for suggestions


@dataclass(frozen=True, slots=True)
class Match:
    kind: MatchKind
    target: Target
    amount_cents: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    target: Target
    score: int  # 0..100
    why: tuple[str, ...]  # same_reference, same_amount, close_date, similar_name


@dataclass(frozen=True, slots=True)
class Unmatched:
    reason: Reason
    suggestions: tuple[Suggestion, ...] = ()
    target: Target | None = None  # the fact the line named, when it named one


Decision = Match | Unmatched

MAX_SUGGESTIONS = 3
_SUGGESTION_FLOOR = 40  # below this a candidate is noise
_NAME_SIMILAR = 0.6


def _referenced(entry: StatementEntry, candidates: Candidates) -> tuple[Target | None, bool]:
    """The target the line names, and whether it named one at all."""
    named = False
    for key in (entry.batch_payment_info_id, entry.batch_message_id):
        if key:
            named = True
            if key in candidates.by_batch_id:
                return candidates.by_batch_id[key], True
    if entry.end_to_end_id:
        named = True
        if entry.end_to_end_id in candidates.by_end_to_end_id:
            return candidates.by_end_to_end_id[entry.end_to_end_id], True
    if entry.structured_communication:
        named = True
        if entry.structured_communication in candidates.by_communication:
            return candidates.by_communication[entry.structured_communication], True
    return None, named


def decide(entry: StatementEntry, candidates: Candidates, index: SuggestionIndex) -> Decision:
    """The decision for one line, alone (see `match_statement` for a whole statement)."""
    target, named = _referenced(entry, candidates)
    if target is None:
        if not named:
            reason = Reason.NO_REFERENCE
        elif entry.structured_communication and not (entry.end_to_end_id or entry.batch_message_id):
            reason = Reason.UNKNOWN_COMMUNICATION
        else:
            reason = Reason.UNKNOWN_REFERENCE
        return Unmatched(reason, index.suggest(entry, None))
    return confirm(entry, target, index)


def confirm(
    entry: StatementEntry, target: Target, index: SuggestionIndex | None = None
) -> Decision:
    """Whether the line is the answer to `target` (named by the line, or chosen by finance):
    the direction, the target's state and the amount must agree."""
    index = index or SuggestionIndex(())
    kind = _EVENTS.get((target.kind, entry.direction, entry.is_return))
    if kind is None:
        return Unmatched(Reason.WRONG_DIRECTION, index.suggest(entry, target), target)
    if kind not in target.awaits:
        return Unmatched(Reason.ALREADY_SETTLED, index.suggest(entry, target), target)
    amount_agrees = (
        0 < entry.amount_cents <= target.amount_cents
        if target.kind is TargetKind.RECOVERY
        else entry.amount_cents == target.amount_cents
    )
    if not amount_agrees:
        return Unmatched(Reason.AMOUNT_MISMATCH, index.suggest(entry, target), target)
    return Match(kind, target, entry.amount_cents)


def match_statement(entries: Iterable[StatementEntry], candidates: Candidates) -> list[Decision]:
    """One decision per line, in order. A target answers each event once: a line claiming an
    event another line of the statement already took is left unmatched."""
    index = SuggestionIndex(candidates.open_items)
    taken: set[tuple[TargetKind, str, MatchKind]] = set()
    decisions: list[Decision] = []
    for entry in entries:
        decision = decide(entry, candidates, index)
        if isinstance(decision, Match):
            key = (decision.target.kind, decision.target.target_id, decision.kind)
            if key in taken:
                decision = Unmatched(
                    Reason.ALREADY_MATCHED, index.suggest(entry, decision.target), decision.target
                )
            else:
                taken.add(key)
        decisions.append(decision)
    return decisions


class SuggestionIndex:
    """Open items by amount, so that suggesting for a line reads a handful of candidates, not
    every open item (a statement of 100,000 lines stays linear)."""

    PER_AMOUNT = 20

    def __init__(self, open_items: Sequence[Target]) -> None:
        self._by_amount: dict[int, list[Target]] = defaultdict(list)
        for item in open_items:
            bucket = self._by_amount[item.amount_cents]
            if len(bucket) < self.PER_AMOUNT:
                bucket.append(item)

    def suggest(self, entry: StatementEntry, named: Target | None) -> tuple[Suggestion, ...]:
        pool = list(self._by_amount.get(entry.amount_cents, ()))
        if named is not None and named not in pool:
            pool.insert(0, named)
        scored = [score(entry, item, named=item == named) for item in pool]
        kept = [s for s in scored if s.score >= _SUGGESTION_FLOOR]
        kept.sort(key=lambda s: (-s.score, s.target.kind.value, s.target.target_id))
        return tuple(kept[:MAX_SUGGESTIONS])


def score(entry: StatementEntry, target: Target, *, named: bool = False) -> Suggestion:
    """How likely the line is this target: the same reference weighs most, then the same
    amount, a date close to the one expected and a similar name."""
    points, why = 0, []
    if named:
        points += 40
        why.append("same_reference")
    if entry.amount_cents == target.amount_cents:
        points += 40
        why.append("same_amount")
    if target.due_date is not None:
        days = abs((entry.value_date - target.due_date).days)
        if days <= 10:
            points += 10 if days <= 3 else 5
            why.append("close_date")
    if entry.counterparty_name and target.name:
        ratio = SequenceMatcher(
            None, entry.counterparty_name.casefold(), target.name.casefold()
        ).ratio()
        if ratio >= _NAME_SIMILAR:
            points += round(10 * ratio)
            why.append("similar_name")
    return Suggestion(target, min(points, 100), tuple(why))


def matched_totals(
    entries: Sequence[StatementEntry], decisions: Sequence[Decision]
) -> dict[Direction, int]:
    """What the matched lines of a statement add up to, by direction: what must be booked."""
    totals = {Direction.CREDIT: 0, Direction.DEBIT: 0}
    for entry, decision in zip(entries, decisions, strict=True):
        if isinstance(decision, Match):
            totals[entry.direction] += decision.amount_cents
    return totals
