"""Finance's queue: the lines no rule could match, with suggested matches, and finance's
decision on each: match it to one of our facts (booked like an automatic match, under the same
dedupe key) or ignore it with a reason (a bank fee, a transfer to send back...). Each decision
writes its audit event in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cybercare.audit import trail
from cybercare.banking import facts_queries, repository
from cybercare.banking.booking import apply_decisions
from cybercare.banking.matching import (
    Match,
    Suggestion,
    SuggestionIndex,
    Target,
    TargetKind,
    confirm,
)
from cybercare.banking.repository import DocumentSummary, QueueLine
from cybercare.banking.statement import Direction, StatementEntry
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound


class BankLineNotFound(NotFound):
    code = "banking.line_not_found"


class BankLineAlreadySettled(Conflict):
    code = "banking.line_already_settled"


class MatchRefused(Conflict):
    """Finance chose a target the line cannot be: other amount, direction or state."""

    code = "banking.match_refused"


@dataclass(frozen=True, slots=True)
class QueueItem:
    line: QueueLine
    suggestions: tuple[Suggestion, ...]


def entry_of(line: QueueLine) -> StatementEntry:
    return StatementEntry(
        line=line.line_no,
        bank_reference=line.bank_reference,
        direction=Direction(line.direction),
        amount_cents=line.amount_cents,
        booking_date=line.booking_date,
        value_date=line.value_date,
        end_to_end_id=line.end_to_end_id,
        batch_message_id=line.batch_message_id,
        batch_payment_info_id=line.batch_payment_info_id,
        structured_communication=line.structured_communication,
        remittance=line.remittance,
        counterparty_name=line.counterparty_name,
        counterparty_iban=line.counterparty_iban,
        is_return=line.is_return,
        return_reason=line.return_reason,
    )


def _named(uow: UnitOfWork, entry: StatementEntry) -> Target | None:
    candidates = facts_queries.candidates_for(
        uow,
        batch_ids={i for i in (entry.batch_message_id, entry.batch_payment_info_id) if i},
        end_to_end_ids={entry.end_to_end_id} if entry.end_to_end_id else set(),
        communications=(
            {entry.structured_communication} if entry.structured_communication else set()
        ),
        with_open_items=False,
    )
    for key in (entry.batch_payment_info_id, entry.batch_message_id):
        if key and key in candidates.by_batch_id:
            return candidates.by_batch_id[key]
    if entry.end_to_end_id and entry.end_to_end_id in candidates.by_end_to_end_id:
        return candidates.by_end_to_end_id[entry.end_to_end_id]
    if entry.structured_communication:
        return candidates.by_communication.get(entry.structured_communication)
    return None


def unmatched(
    uow: UnitOfWork, *, document_id: int | None = None, limit: int = 50
) -> list[QueueItem]:
    """The unmatched lines, oldest first, each with up to three suggestions."""
    lines = repository.unmatched_lines(uow, document_id=document_id, limit=limit)
    if not lines:
        return []
    index = SuggestionIndex(facts_queries.open_items(uow))
    items = []
    for line in lines:
        entry = entry_of(line)
        items.append(QueueItem(line, index.suggest(entry, _named(uow, entry))))
    return items


def _waiting(uow: UnitOfWork, line_id: int) -> QueueLine:
    line = repository.line(uow, line_id, for_update=True)
    if line is None:
        raise BankLineNotFound(f"no bank line {line_id}", params={"line_id": line_id})
    if line.status != "unmatched":
        raise BankLineAlreadySettled(
            f"bank line {line_id} is already {line.status}", params={"line_id": line_id}
        )
    return line


def match_line(
    uow: UnitOfWork,
    line_id: int,
    *,
    target_kind: str,
    target_id: str,
    actor: str,
    at: datetime,
) -> str:
    """Finance matches a line to one of our facts (a suggestion): the same checks and the same
    booking as an automatic match. Returns the match kind."""
    line = _waiting(uow, line_id)
    try:
        kind = TargetKind(target_kind)
    except ValueError:
        raise InvalidInput("target_kind", f"{target_kind!r} is not a kind of target") from None
    target = facts_queries.target(uow, kind, target_id)
    if target is None:
        raise MatchRefused(f"no open {kind.value} {target_id}", params={"target": target_id})
    entry = entry_of(line)
    decision = confirm(entry, target)
    if not isinstance(decision, Match):
        raise MatchRefused(
            f"bank line {line_id} cannot be {kind.value} {target_id}: {decision.reason.value}",
            params={"reason": decision.reason.value},
        )
    outcome = apply_decisions(
        uow, line.document_sha256, [entry], {entry.line: decision}, at=at, actor=actor
    )[entry.line]
    status, match_kind, matched_target, reason = outcome
    if status != "matched":
        raise MatchRefused(f"bank line {line_id} could not be booked", params={"reason": reason})
    repository.settle_line(
        uow,
        line_id,
        status="matched",
        match_kind=match_kind,
        target=matched_target,
        reason=None,
        at=at,
        by=actor,
    )
    trail.record(
        uow,
        at=at,
        actor=actor,
        action="bank.line_matched",
        subject_type="bank_line",
        subject_id=str(line_id),
        details={"match_kind": match_kind, "target": matched_target, "by": "finance"},
    )
    return match_kind or ""


def ignore_line(uow: UnitOfWork, line_id: int, *, reason: str, actor: str, at: datetime) -> None:
    """Finance decides a line needs no booking of ours (a bank fee, money sent back...)."""
    reason = reason.strip()
    if not 3 <= len(reason) <= 200:
        raise InvalidInput("reason", "say in 3 to 200 characters why the line is ignored")
    _waiting(uow, line_id)
    repository.settle_line(
        uow, line_id, status="ignored", match_kind=None, target=None, reason=reason, at=at, by=actor
    )
    trail.record(
        uow,
        at=at,
        actor=actor,
        action="bank.line_ignored",
        subject_type="bank_line",
        subject_id=str(line_id),
        details={"reason": reason},
    )


def imported_documents(uow: UnitOfWork, *, limit: int = 100) -> list[DocumentSummary]:
    """The documents imported, newest first, with their matched and unmatched counts and sums."""
    return repository.documents(uow, limit=limit)


@dataclass(frozen=True, slots=True)
class DayTotals:
    day: date
    collected_cents: int
    returned_cents: int


def collected_and_returned(uow: UnitOfWork, since: date) -> list[DayTotals]:
    """Per booking day since `since`: premiums the bank credited, debits it returned."""
    return [DayTotals(*row) for row in repository.daily_collected_and_returned(uow, since)]
