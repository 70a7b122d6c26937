"""Art. 4.4 (PAYF): what the bank owes a member for an unauthorised payment, under PSD2
(Directive (EU) 2015/2366) as transposed in Belgium by the law of 19 July 2018 into Book VII of
the Code of Economic Law. Pure: facts in, rights out, each with the article it rests on.

Verified (docs/payment-fraud-rights.md lists the sources):
- PSD2 art. 71(1): rectification only if the bank is told without undue delay, and no later
  than 13 months after the debit date;
- PSD2 art. 73(1): the payer's bank refunds immediately, and in any event no later than the end
  of the following business day after noting or being notified, unless it has reasonable
  grounds to suspect fraud and tells the national authority in writing;
- PSD2 art. 74(1): the payer may be made to bear losses up to EUR 50 from a lost, stolen or
  misappropriated instrument; all losses when acting fraudulently or with intent or gross
  negligence (the cap then does not apply).
Chosen (not verified against the text): after notification the payer bears nothing unless
fraud (PSD2 art. 74(3)); business days are Belgian working days.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import InvalidInput

ART_4_4 = Art("4.4")
PAYER_CAP_CENTS = 5_000  # PSD2 art. 74(1): EUR 50
NOTIFY_MONTHS = 13  # PSD2 art. 71(1)
PSD2 = "Directive (EU) 2015/2366 (PSD2)"
BELGIAN_LAW = "Code of Economic Law, Book VII (law of 19 July 2018 transposing PSD2)"


@dataclass(frozen=True, slots=True)
class UnauthorisedPayment:
    amount_cents: int
    debit_date: date
    noticed_date: date
    notified_bank_date: date | None  # None: not told yet
    gross_negligence: bool = False  # the bank must prove it; the member's own view here
    fraud_by_payer: bool = False


@dataclass(frozen=True, slots=True)
class Right:
    code: str
    article: str  # "PSD2 art. 73(1)"
    params: dict[str, object]


@dataclass(frozen=True, slots=True)
class PaymentRights:
    notify_by: date  # the 13-month deadline
    notify_in_time: bool
    refund_due_by: date | None  # end of that business day; None until the bank is told
    payer_bears_cents: int  # at most, before notification
    bank_owes_cents: int
    cap_applies: bool
    rights: tuple[Right, ...]


def add_months(day: date, count: int) -> date:
    month = day.month - 1 + count
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months.monthrange(year, month)[1]))


def next_business_day(day: date, is_business_day: Callable[[date], bool] | None) -> date:
    check = is_business_day or (lambda d: d.weekday() < 5)
    following = day + timedelta(days=1)
    while not check(following):
        following += timedelta(days=1)
    return following


def payment_rights(
    payment: UnauthorisedPayment,
    today: date,
    is_business_day: Callable[[date], bool] | None = None,
) -> PaymentRights:
    """What the bank owes, by when, and what the member must do (Art. 4.4)."""
    if payment.amount_cents <= 0:
        raise InvalidInput("amount", "the amount debited, more than zero")
    if payment.noticed_date < payment.debit_date:
        raise InvalidInput("noticed_date", "on or after the debit date")
    if payment.notified_bank_date is not None and payment.notified_bank_date > today:
        raise InvalidInput("notified_bank_date", "not in the future")
    notify_by = add_months(payment.debit_date, NOTIFY_MONTHS)
    told = payment.notified_bank_date
    in_time = (told or today) <= notify_by
    rights: list[Right] = [
        Right("notify_within_13_months", "PSD2 art. 71(1)", {"notify_by": notify_by.isoformat()})
    ]
    refund_by = None
    if told is not None and in_time:
        refund_by = next_business_day(told, is_business_day)
        rights.append(
            Right("refund_next_business_day", "PSD2 art. 73(1)", {"by": refund_by.isoformat()})
        )
    elif told is None and in_time:
        rights.append(Right("notify_now", "PSD2 art. 71(1), 73(1)", {}))
    else:
        rights.append(Right("notified_too_late", "PSD2 art. 71(1)", {}))
    cap_applies = not (payment.gross_negligence or payment.fraud_by_payer)
    if cap_applies:
        bears = min(PAYER_CAP_CENTS, payment.amount_cents)
        rights.append(Right("payer_cap_50_eur", "PSD2 art. 74(1)", {"cap_cents": PAYER_CAP_CENTS}))
    else:
        bears = payment.amount_cents
        rights.append(Right("no_cap_gross_negligence_or_fraud", "PSD2 art. 74(1)", {}))
    owes = payment.amount_cents - bears if in_time else 0
    rights.append(Right("cyber_care_reimburses_definitive_refusal", str(ART_4_4), {}))
    return PaymentRights(
        notify_by=notify_by,
        notify_in_time=in_time,
        refund_due_by=refund_by,
        payer_bears_cents=bears,
        bank_owes_cents=owes,
        cap_applies=cap_applies,
        rights=tuple(rights),
    )
