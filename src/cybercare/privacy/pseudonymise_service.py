"""Pseudonymise what the retention schedule says has expired (GDPR art. 5(1)(e)): the daily
job, in batches of one transaction each, with progress; and the erasure of one person at once
when an erasure request allows it (art. 17). Idempotent: a subject done is recorded, a row
blanked is not selected again, so a retry or the next day's run finds nothing more to do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cybercare.audit import trail
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.privacy import pseudonymise_repository as repo
from cybercare.privacy.retention import cutoff
from cybercare.privacy.schedule import Category, Schedule

DEFAULT_BATCH = 1000
ACTOR = "worker:retention"

Progress = Callable[[str, int], None]  # category, subjects or rows done so far


@dataclass(frozen=True, slots=True)
class Step:
    """One pass of the job: a category's subjects (households, cases), or one table of a
    category whose rows carry their own dates."""

    category: Category
    rule: repo.RowRule | None = None


def steps(schedule: Schedule) -> list[Step]:
    """What the job walks through: the categories with columns that no other job purges."""
    out: list[Step] = []
    for category in schedule.categories:
        if not category.columns or category.handled_by:
            continue
        if category.code in repo.ROW_CATEGORIES:
            out += [Step(category, rule) for rule in repo.ROW_RULES[category.code]]
        elif category.code in (*repo.HOUSEHOLD_CATEGORIES, *repo.CASE_CATEGORIES):
            out.append(Step(category))
    return out


def pseudonymise_batch(
    uow: UnitOfWork, step: Step, today: date, now: datetime, limit: int, after: Any = None
) -> tuple[int, Any]:
    """One batch of the step's expired subjects or rows after the key `after` (keyset paging:
    a batch never rescans what the previous ones did); returns how many and the last key."""
    category = step.category
    cut = cutoff(category, today)
    if step.rule is not None:
        keys = list(uow.session.scalars(repo.expired_rows(step.rule, cut, limit, after)))
        if keys:
            repo.scrub_rows(uow, step.rule, category.columns, keys)
    else:
        if category.code in repo.HOUSEHOLD_CATEGORIES:
            query = repo.expired_households(category.code, cut, limit, after)
            bindings = repo.BY_HOUSEHOLD
        else:
            query, bindings = repo.expired_cases(category.code, cut, limit, after), repo.BY_CASE
        keys = repo.ids(uow, query)
        if keys:
            repo.scrub(uow, bindings[category.code], category.columns, keys)
            repo.mark_done(uow, category.code, keys, now)
    if keys:
        trail.record(
            uow,
            at=now,
            actor=ACTOR,
            action="privacy.pseudonymised",
            subject_type="retention_category",
            subject_id=category.code,
            clause="GDPR art. 5(1)(e)",
            details={
                "count": len(keys),
                "before": cut.isoformat(),
                **({"table": step.rule.table} if step.rule else {}),
            },
        )
    return len(keys), (keys[-1] if keys else after)


def pseudonymise_expired(
    database: Database,
    schedule: Schedule,
    clock: Clock,
    *,
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Every step, batch after batch, each batch its own transaction."""
    today = clock.today()
    counts = {step.category.code: 0 for step in steps(schedule)}
    for step in steps(schedule):
        after: Any = None
        while True:
            with database.uow() as uow:
                done, after = pseudonymise_batch(uow, step, today, clock.now(), batch, after)
                uow.commit()
            counts[step.category.code] += done
            if progress is not None and done:
                progress(step.category.code, counts[step.category.code])
            if done < batch:
                break
    return counts


def erase_person(
    uow: UnitOfWork,
    schedule: Schedule,
    person_id: str,
    categories: Sequence[str],
    *,
    actor: str,
    now: datetime,
) -> None:
    """Pseudonymise now what `categories` hold of one person (an erasure request honoured):
    their identity and account, and the cases about them."""
    for code in categories:
        columns = schedule.category(code).columns
        if code in repo.BY_PERSON:
            repo.scrub(uow, repo.BY_PERSON[code], columns, [person_id])
        elif code in repo.BY_CASE:
            case_ids = repo.ids(uow, repo.cases_of_person(person_id))
            repo.scrub(uow, repo.BY_CASE[code], columns, case_ids)
            repo.mark_done(uow, code, repo.not_done(uow, code, case_ids), now)
    trail.record(
        uow,
        at=now,
        actor=actor,
        action="privacy.person_erased",
        subject_type="person",
        subject_id=person_id,
        clause="GDPR art. 17",
        details={"categories": list(categories), "schedule": schedule.version},
    )
