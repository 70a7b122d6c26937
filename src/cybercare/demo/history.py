"""The demo's money over the past months, through the jobs that move it in production: the
monthly billing runs, the distributor's payment results, the daily non-payment job (Art. 9.6)
and the payment files of claim payouts, each on its day and in the order of the days."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from cybercare.billing.domain import Period
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.billing.run import run_billing
from cybercare.billing.service import export_charges, import_payment_results
from cybercare.demo.world import Demo
from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.money import format_amount
from cybercare.payments import service as payments
from cybercare.payments.domain import PayoutStatus

REPORTED_AFTER_DAYS = 6  # the distributor reports the month's payments on the 7th
NOTICE_DAYS_AGO = 20  # formal notice 20 days ago: suspended since 4 days, terminated in 11
UNPAID_WINDOW_DAYS = 40  # the defaulter's premiums reported in the 40 days before the notice
PAID_OUT_AFTER_DAYS = 2  # a payout is approved and paid two days after the decision


def premiums(demo: Demo, *, distributor: str, first_day: date, defaulter: str) -> None:
    """Bill every month since `first_day`; the distributor reports every premium of the demo
    households paid, except those of `defaulter` (a customer reference) from two months ago: the
    formal notice follows, then the suspension (Art. 9.6)."""
    moments = demo.moments
    today = moments.today
    notice_on = moments.day(NOTICE_DAYS_AGO)
    steps: list[tuple[date, int, Period | None]] = []
    period = Period.of(first_day)
    while period.start <= today:
        steps.append((period.start, 0, period))
        reported = period.start + timedelta(days=REPORTED_AFTER_DAYS)
        if reported < today:
            steps.append((reported, 1, period))
        period = Period.of(period.end)
    steps += [(notice_on, 2, None), (notice_on + timedelta(days=16), 2, None)]
    for day, kind, billed in sorted(steps, key=lambda step: (step[0], step[1])):
        clock = moments.on(day, 7 + kind, 0)
        if kind == 0 and billed is not None:
            run_billing(demo.container.database, demo.catalog, clock, billed)
        elif kind == 1 and billed is not None:
            unpaid_from = notice_on - timedelta(days=UNPAID_WINDOW_DAYS)
            with demo.container.database.uow() as uow:
                rows = ["charge_id,outcome,amount,date"]
                for charge in export_charges(uow, billed, distributor):
                    if not charge.customer_ref.startswith("demo-"):
                        continue
                    late = charge.customer_ref == defaulter and day > unpaid_from
                    outcome = "unpaid" if late else "paid"
                    rows.append(
                        f"{charge.line_id},{outcome},{format_amount(charge.gross_cents)},{day}"
                    )
                import_payment_results(uow, distributor, "\n".join(rows) + "\n", clock)
                uow.commit()
        else:
            with demo.container.database.uow() as uow:
                run_dunning_day(uow, demo.catalog, clock)
                uow.commit()


def payouts(demo: Demo) -> None:
    """A handler approves each new account two days after the decision; the payout goes into
    that day's pain.001 file, which the bank executes the same day. Payouts of the last two days
    stay for a handler to review."""
    moments, handler = demo.moments, demo.agent("handler")
    due: dict[date, list[str]] = defaultdict(list)
    with demo.container.database.reader() as uow:
        for payout in payments.pending_review(uow):
            day = payout.created_at.astimezone(BRUSSELS).date()
            day += timedelta(days=PAID_OUT_AFTER_DAYS)
            if day < moments.today:
                due[day].append(payout.payout_id)
    for day in sorted(due):
        approved, executed = moments.on(day, 10, 0).now(), moments.on(day, 16, 0).now()
        with demo.container.database.uow() as uow:
            for payout_id in due[day]:
                view = payments.approve_payout(uow, payout_id, actor=handler.actor, at=approved)
                assert view.status is PayoutStatus.SCHEDULED
            made = payments.create_payment_file(
                uow,
                actor=handler.actor,
                execution_date=day,
                at=approved,
                debtor=demo.container.settings.payout_account,
            )
            if made is not None:
                payments.mark_file_paid(uow, made.file_id, on=day, at=executed)
            uow.commit()
