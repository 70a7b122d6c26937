"""Premiums collected only on the bank's word (issue 15): a direct-debit batch is paid when the
bank statement credits it, never because its collection date passed; a debit the bank returns
(or rejects before settlement, pain.002) is unpaid again, the money given back, and its reason
code picks what follows.

What follows a returned debit (EPC SEPA Core rulebook, ISO external reason codes):
- AC01 (account identifier incorrect), AC04 (account closed), AC06 (account blocked), MD07
  (debtor deceased): the account cannot be debited again; the member is asked for another one
  (an e-mail through the outbox and an open request, `bank_iban_requests`). The premium stays due.
- MD01 (no valid mandate) and MD06 (refund requested by the debtor, the Core scheme's
  unconditional refund right within eight weeks of the debit): the money is given back as the
  rulebook requires; the premium stays due under Art. 9.1, and on MD01 the mandate is revoked
  (no further collection on it).
- any other code (AM04 insufficient funds, MS02 refused by the debtor, MS03 reason not given...):
  the premium is simply unpaid, and the daily non-payment job (`dunning_service.run_dunning_day`)
  sends the formal notice of Art. 9.6: "a formal notice (registered letter or equivalent) gives
  at least 15 days to pay; if still unpaid, cover is suspended the day after that period".
In every case the premium line is `unpaid`, so the Art. 9.6 job sees the arrears.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cybercare.audit import trail
from cybercare.billing import repository
from cybercare.billing.domain import LineStatus, Outcome, apply_outcome, collection_entry
from cybercare.billing.formats import END_TO_END_PREFIX
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import affiliate_on
from cybercare.ledger.service import post_many
from cybercare.outbox.enqueue import enqueue_email
from cybercare.policy import repository as policy_repository

ACCOUNT_UNUSABLE = frozenset({"AC01", "AC04", "AC06", "MD07"})
REFUND_RIGHT = frozenset({"MD01", "MD06"})

RETURN_MEANINGS = {
    "AC01": "account identifier incorrect",
    "AC04": "account closed",
    "AC06": "account blocked",
    "AM04": "insufficient funds",
    "MD01": "no valid mandate",
    "MD06": "refund requested by the debtor",
    "MD07": "debtor deceased",
    "MS02": "refused by the debtor",
    "MS03": "reason not specified",
}


class NextStep(StrEnum):
    DUNNING = "dunning"  # Art. 9.6 through the daily job
    NEW_IBAN = "new_iban"  # the member is asked for another account
    REFUND_RIGHT = "refund_right"  # EPC refund: money back, premium due, MD01 revokes the mandate


def next_step(reason_code: str) -> NextStep:
    if reason_code in ACCOUNT_UNUSABLE:
        return NextStep.NEW_IBAN
    if reason_code in REFUND_RIGHT:
        return NextStep.REFUND_RIGHT
    return NextStep.DUNNING


@dataclass(frozen=True, slots=True)
class ReturnOutcome:
    line_id: int
    affiliation_id: str
    reversed_cents: int  # money given back (0 when the debit was never collected: a reject)
    next_step: NextStep


def line_of_end_to_end(end_to_end_id: str) -> int | None:
    """The premium line a collection's end-to-end id names (`CCPL<line id>`), else None."""
    digits = end_to_end_id.removeprefix(END_TO_END_PREFIX)
    if digits == end_to_end_id or not digits.isdigit():
        return None
    return int(digits)


def confirm_batch_collected(
    uow: UnitOfWork,
    batch_id: int,
    *,
    amount_cents: int,
    dedupe_key: str,
    on: date,
    at: datetime,
) -> int:
    """The statement credits a debit batch: its open lines are paid, booked once (BANK debit /
    PREMIUM_RECEIVABLE credit per distributor) under `dedupe_key`. Returns the lines collected.
    Refuses (ValueError) an amount other than the open lines' total: the caller matched it."""
    credit = BatchCredit(batch_id, amount_cents, dedupe_key, on)
    return confirm_batches_collected(uow, [credit], at=at)[batch_id]


@dataclass(frozen=True, slots=True)
class BatchCredit:
    """A statement line crediting one of our debit batches."""

    batch_id: int
    amount_cents: int
    dedupe_key: str  # bank:{document sha}:{line}
    on: date


def confirm_batches_collected(
    uow: UnitOfWork, credits: Sequence[BatchCredit], *, at: datetime
) -> dict[int, int]:
    """`confirm_batch_collected` for a statement's batch credits at once (one read of their
    lines, one status update per day, one insert of the events, one ledger lookup): by batch
    id, the lines collected. Refuses (ValueError) the whole when one amount is not its batch's
    open total, as the one-batch form does."""
    by_batch = repository.open_lines_of_batches(uow, [c.batch_id for c in credits])
    changes, events, entries, counts = [], [], [], {}
    for credit in credits:
        lines = by_batch[credit.batch_id]
        total = sum(line.gross_cents for line in lines)
        if total != credit.amount_cents:
            raise ValueError(
                f"batch {credit.batch_id}: {credit.amount_cents} credited, {total} open"
            )
        collected: dict[str, int] = defaultdict(int)
        for line in lines:
            changes.append((line.line_id, LineStatus.PAID.value, credit.on))
            collected[line.distributor] += line.gross_cents
            events.append(
                {
                    "source": "debit_settled",
                    "external_ref": f"{credit.dedupe_key}:{line.line_id}",
                    "premium_line_id": line.line_id,
                    "outcome": Outcome.PAID.value,
                    "amount_cents": line.gross_cents,
                    "event_date": credit.on,
                    "reason_code": None,
                    "file_sha256": credit.dedupe_key[:64],
                    "recorded_at": at,
                }
            )
        booked = collection_entry(
            credit.dedupe_key,
            credit.on,
            collected,
            f"Direct debit batch {credit.batch_id} credited",
        )
        if booked is not None:
            entries.append(booked)
        counts[credit.batch_id] = len(lines)
    repository.set_statuses(uow, changes)
    repository.add_events(uow, events)
    for credit in credits:
        repository.mark_settled(uow, credit.batch_id, credit.on)
    post_many(uow, entries, at=at)
    return counts


@dataclass(frozen=True, slots=True)
class DebitReturn:
    """A debit the bank returned (statement) or rejected before settlement (pain.002)."""

    end_to_end_id: str
    reason_code: str
    amount_cents: int | None  # None: a pain.002 reject names no amount (the line's gross)
    on: date
    dedupe_key: str


def record_debit_return(
    uow: UnitOfWork,
    end_to_end_id: str,
    reason_code: str,
    amount_cents: int | None,
    on: date,
    at: datetime,
    *,
    dedupe_key: str | None = None,
    actor: str = "bank",
) -> ReturnOutcome | None:
    """A returned (or, before settlement, rejected) debit: the line unpaid, the collection
    reversed when it had been booked, then the step its reason code calls for. None when the
    end-to-end id is none of our collections, the amount differs, or it was already applied.
    `amount_cents` None: a pain.002 reject, which names no amount (the line's gross)."""
    key = dedupe_key or f"return:{end_to_end_id}:{reason_code}:{on.isoformat()}"
    found = record_debit_returns(
        uow, [DebitReturn(end_to_end_id, reason_code, amount_cents, on, key)], at=at, actor=actor
    )
    return found.get(key)


def record_debit_returns(
    uow: UnitOfWork, returns: Sequence[DebitReturn], *, at: datetime, actor: str = "bank"
) -> dict[str, ReturnOutcome]:
    """Many returns at once (a statement's), in a handful of statements; by dedupe key, the
    outcome of each return applied (the others are none of ours, of another amount, or known)."""
    line_ids = {r.dedupe_key: line_of_end_to_end(r.end_to_end_id) for r in returns}
    lines = repository.lines_by_id(
        uow, sorted({i for i in line_ids.values() if i is not None}), lock=True
    )
    known = repository.known_events(uow, "debit_return", [r.dedupe_key for r in returns])
    changes, events, entries, records = [], [], [], []
    outcomes: dict[str, ReturnOutcome] = {}
    for item in returns:
        line_id = line_ids[item.dedupe_key]
        line = lines.get(line_id) if line_id is not None else None
        if line is None or item.amount_cents not in (None, line.gross_cents):
            continue
        if item.dedupe_key in known or item.dedupe_key in outcomes:
            continue
        transition = apply_outcome(LineStatus(line.status), Outcome.UNPAID, line.gross_cents)
        reversed_cents = 0
        if transition is not None:
            changes.append((line.line_id, transition.status.value, item.on))
            lines[line.line_id] = replace(line, status=transition.status.value)
            reversed_cents = -transition.collected_cents
        events.append(
            {
                "source": "debit_return",
                "external_ref": item.dedupe_key,
                "premium_line_id": line.line_id,
                "outcome": Outcome.UNPAID.value,
                "amount_cents": line.gross_cents,
                "event_date": item.on,
                "reason_code": item.reason_code[:8],
                "file_sha256": item.dedupe_key[:64],
                "recorded_at": at,
            }
        )
        booked = collection_entry(
            item.dedupe_key,
            item.on,
            {line.distributor: -reversed_cents},
            f"Direct debit {item.end_to_end_id} returned ({item.reason_code})",
        )
        if booked is not None:
            entries.append(booked)
        step = next_step(item.reason_code)
        records.append(
            trail.AuditRecord(
                at,
                actor,
                "billing.debit_returned",
                "affiliation",
                line.affiliation_id,
                "9.6" if step is NextStep.DUNNING else "9.1",
                {
                    "end_to_end_id": item.end_to_end_id,
                    "reason_code": item.reason_code,
                    "meaning": RETURN_MEANINGS.get(item.reason_code, ""),
                    "reversed_cents": reversed_cents,
                    "next_step": step.value,
                },
            )
        )
        outcomes[item.dedupe_key] = ReturnOutcome(
            line.line_id, line.affiliation_id, reversed_cents, step
        )
    repository.set_statuses(uow, changes)
    repository.add_events(uow, events)
    post_many(uow, entries, at=at)
    trail.record_many(uow, records)
    for item in returns:
        outcome = outcomes.get(item.dedupe_key)
        if outcome is None:
            continue
        if outcome.next_step is NextStep.NEW_IBAN:
            _ask_for_new_iban(
                uow, outcome.affiliation_id, item.end_to_end_id, item.reason_code, item.on, at
            )
        elif item.reason_code == "MD01":
            repository.revoke_mandates(uow, outcome.affiliation_id)
    return outcomes


_NEW_IBAN_MAIL = {
    "en": (
        "Your bank account could not be debited",
        "Your bank returned the direct debit of your Cyber Care premium ({reason}). "
        "Please give us another bank account in your portal, under Billing.",
    ),
    "fr": (
        "Votre compte bancaire n'a pas pu être débité",
        "Votre banque a renvoyé la domiciliation de votre prime Cyber Care ({reason}). "
        "Veuillez nous indiquer un autre compte dans votre portail, rubrique Facturation.",
    ),
    "nl": (
        "Uw bankrekening kon niet gedebiteerd worden",
        "Uw bank heeft de domiciliëring van uw Cyber Care-premie teruggestuurd ({reason}). "
        "Geef ons een andere rekening op in uw portaal, onder Facturatie.",
    ),
    "de": (
        "Ihr Bankkonto konnte nicht belastet werden",
        "Ihre Bank hat die Lastschrift Ihrer Cyber-Care-Prämie zurückgegeben ({reason}). "
        "Bitte geben Sie uns in Ihrem Portal unter Abrechnung ein anderes Konto an.",
    ),
}


def _ask_for_new_iban(
    uow: UnitOfWork,
    affiliation_id: str,
    end_to_end_id: str,
    reason_code: str,
    on: date,
    at: datetime,
) -> None:
    if not repository.add_iban_request(
        uow,
        affiliation_id=affiliation_id,
        end_to_end_id=end_to_end_id,
        reason_code=reason_code,
        at=at,
    ):
        return
    household = policy_repository.load(uow, affiliation_id).household
    affiliate = affiliate_on(household, on)
    if affiliate is None or not affiliate.email:
        return
    language = affiliate.language if affiliate.language in _NEW_IBAN_MAIL else "nl"
    subject, body = _NEW_IBAN_MAIL[language]
    enqueue_email(
        uow,
        to=affiliate.email,
        subject=subject,
        text=body.format(reason=reason_code),
        language=language,
        at=at,
        dedupe_key=f"new-iban:{affiliation_id}:{end_to_end_id}",
    )


@dataclass(frozen=True, slots=True)
class TransferPaid:
    """A transfer the statement credits with a premium line's structured communication."""

    line_id: int
    amount_cents: int
    on: date
    dedupe_key: str  # bank:{document sha}:{line}


def record_transfers_paid(
    uow: UnitOfWork, transfers: Sequence[TransferPaid], *, at: datetime, ledger_key: str
) -> set[str]:
    """Premiums paid by transfer, in bulk: each line open or unpaid for exactly its gross
    becomes paid, with its payment event under the transfer's dedupe key; the money is booked
    in one entry per day under `ledger_key` (BANK debit / PREMIUM_RECEIVABLE credit per
    distributor): a statement of 100,000 transfers writes a few ledger rows, not 300,000.
    Returns the dedupe keys applied; the others (already paid, other amount) are left."""
    lines = repository.lines_by_id(uow, sorted({t.line_id for t in transfers}), lock=True)
    changes, events, applied, paid_now = [], [], set(), set()
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for transfer in transfers:
        line = lines.get(transfer.line_id)
        if line is None or line.status not in ("open", "unpaid") or line.line_id in paid_now:
            continue
        if line.gross_cents != transfer.amount_cents:
            continue
        paid_now.add(line.line_id)
        changes.append((line.line_id, LineStatus.PAID.value, transfer.on))
        events.append(
            {
                "source": "transfer",
                "external_ref": transfer.dedupe_key,
                "premium_line_id": line.line_id,
                "outcome": Outcome.PAID.value,
                "amount_cents": transfer.amount_cents,
                "event_date": transfer.on,
                "reason_code": None,
                "file_sha256": ledger_key[:64],
                "recorded_at": at,
            }
        )
        per_day[transfer.on][line.distributor] += transfer.amount_cents
        applied.add(transfer.dedupe_key)
    repository.set_statuses(uow, changes)
    repository.add_events(uow, events)
    entries = []
    for on, collected in sorted(per_day.items()):
        booked = collection_entry(
            f"{ledger_key}:{on.isoformat()}", on, collected, "Premiums paid by transfer"
        )
        if booked is not None:
            entries.append(booked)
    post_many(uow, entries, at=at)
    return applied
