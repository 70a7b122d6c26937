"""The evidence task of a claim, pure rules (Art. 8.3, 8.4). No I/O.

An urgent report (distress, ongoing harassment, ongoing fraud: the product's
`service_levels.urgent_reasons`) is sent without its documents: help never waits for a file.
The claim then stays `incomplete` and its missing documents become a task on the case: the
member sees what is missing on the case page (and adds it there), the agent sees it on the
case workspace, and the member is reminded by e-mail after 2, 7 and 14 days while something is
still missing. The reminder schedule is ours (not in the terms): it never changes a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cybercare.kernel.clauses import Art

ART_8_3 = Art("8.3")
REMINDER_AFTER_DAYS: tuple[int, ...] = (2, 7, 14)


@dataclass(frozen=True, slots=True)
class EvidenceTask:
    """What a claim still needs (Art. 8.3 evidence codes), since when, and the next reminder."""

    claim_id: str
    case_id: str
    missing: tuple[str, ...]
    asked_at: datetime
    next_reminder_at: datetime | None

    @property
    def open(self) -> bool:
        return bool(self.missing)


def reminders_due(
    asked_at: datetime, now: datetime, schedule: tuple[int, ...] = REMINDER_AFTER_DAYS
) -> int:
    """How many reminders of the schedule are due at `now` (0: none yet). Only the latest is
    sent: a run that was missed never sends two at once."""
    return sum(1 for days in schedule if now >= asked_at + timedelta(days=days))


def next_reminder_at(
    asked_at: datetime, now: datetime, schedule: tuple[int, ...] = REMINDER_AFTER_DAYS
) -> datetime | None:
    """When the next reminder goes, or None when the schedule is over."""
    for days in schedule:
        at = asked_at + timedelta(days=days)
        if at > now:
            return at
    return None


def evidence_task(
    claim_id: str, case_id: str, missing: tuple[str, ...], asked_at: datetime, now: datetime
) -> EvidenceTask:
    return EvidenceTask(
        claim_id, case_id, missing, asked_at, next_reminder_at(asked_at, now) if missing else None
    )
