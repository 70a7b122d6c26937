"""Pseudonymise what the retention schedule says has expired (GDPR art. 5(1)(e)): the daily
job, in batches of one transaction each, with progress; and the erasure of one person at once
when an erasure request allows it (art. 17). Idempotent: a subject done is recorded, a row
blanked is not selected again, so a retry or the next day's run finds nothing more to do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from cybercare.audit import trail
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.privacy import pseudonymise_repository as repo
from cybercare.privacy.retention import cutoff
from cybercare.privacy.schedule import Category, Schedule

DEFAULT_BATCH = 1000
ACTOR = "worker:retention"

Progress = Callable[[str, int], None]  # category, subjects or rows done so far


def pseudonymise_batch(
    uow: UnitOfWork, category: Category, today: date, now: datetime, limit: int
) -> int:
    """One batch of the category's expired subjects (or rows): blanks them and returns how
    many; 0 when none is left."""
    cut = cutoff(category, today)
    if category.code in repo.ROW_CATEGORIES:
        done = 0
        for rule in repo.ROW_RULES[category.code]:
            keys = list(uow.session.scalars(repo.expired_rows(rule, cut, limit - done)))
            if keys:
                repo.scrub_rows(uow, rule, category.columns, keys)
                done += len(keys)
            if done >= limit:
                break
    else:
        if category.code in repo.HOUSEHOLD_CATEGORIES:
            query, bindings = repo.expired_households(category.code, cut, limit), repo.BY_HOUSEHOLD
        else:
            query, bindings = repo.expired_cases(category.code, cut, limit), repo.BY_CASE
        subjects = repo.ids(uow, query)
        if subjects:
            repo.scrub(uow, bindings[category.code], category.columns, subjects)
            repo.mark_done(uow, category.code, subjects, now)
        done = len(subjects)
    if done:
        trail.record(
            uow,
            at=now,
            actor=ACTOR,
            action="privacy.pseudonymised",
            subject_type="retention_category",
            subject_id=category.code,
            clause="GDPR art. 5(1)(e)",
            details={"count": done, "before": cut.isoformat()},
        )
    return done


def jobs_categories(schedule: Schedule) -> list[Category]:
    """The categories this job acts on: those with columns that no other job purges."""
    acting = (*repo.HOUSEHOLD_CATEGORIES, *repo.CASE_CATEGORIES, *repo.ROW_CATEGORIES)
    return [c for c in schedule.categories if c.columns and not c.handled_by and c.code in acting]


def pseudonymise_expired(
    database: Database,
    schedule: Schedule,
    clock: Clock,
    *,
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Every category, batch after batch, each batch its own transaction."""
    today, counts = clock.today(), {}
    for category in jobs_categories(schedule):
        total = 0
        while True:
            with database.uow() as uow:
                done = pseudonymise_batch(uow, category, today, clock.now(), batch)
                uow.commit()
            total += done
            if progress is not None and done:
                progress(category.code, total)
            if done < batch:
                break
        counts[category.code] = total
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
