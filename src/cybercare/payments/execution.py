"""Payouts that finish (issue 15): the bank's word, and only the bank's word, makes a payout
paid or returned. The statement import (banking) calls these with what the statement says:

- `confirm_payout_executed`: a transfer's own debit line (its end-to-end id, the payout id);
- `confirm_payment_file_executed`: a batch-booked debit of a whole pain.001 (its message id);
- `return_payout`: a returned transfer's credit line; `reject_payout`: a pain.002 RJCT of a
  payout (the same, without an amount to check).

Each books once (dedupe keys `payout:{payout_id}:paid` / `:returned`), refuses an amount that
does not match the payout (nothing booked), and answers False for a reference it does not know
(the statement line then goes to the finance queue). A return reopens the payout (Art. 8.4: it
is still owed) and asks the member for another account by e-mail; the portal's form
(`give_another_account`) replaces the payout with one to that account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cybercare.audit.trail import record
from cybercare.db.uow import UnitOfWork
from cybercare.documents.translations import N_, gettext
from cybercare.household.validation import iban as checked_iban
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
from cybercare.outbox.enqueue import enqueue_email
from cybercare.payments import repository
from cybercare.payments.domain import PAYMENT_CLAUSE, Payout, PayoutStatus

BANK = "bank"  # the actor of the bank's answers in the audit trail
ACCOUNT_PATH = "/portal/payouts/{payout_id}/account"

# Texts of the e-mail asking for another account (catalogue instant15.po, 4 languages).
ASK_SUBJECT = N_("Your Cyber Care payment came back: please give another account")
ASK_TEXT = N_(
    "Your bank returned the payment of %(amount)s EUR for claim %(claim)s (reason: %(reason)s). "
    "Please sign in to your Cyber Care portal and give another account: %(link)s"
)


@dataclass(frozen=True, slots=True)
class AccountRequest:
    """What the portal's "give another account" page shows of a payout."""

    payout_id: str
    claim_id: str
    household_id: str
    amount_cents: int
    iban: str
    status: PayoutStatus
    reason_code: str | None

    @property
    def open(self) -> bool:
        """Returned and not yet replaced: the member's account is awaited."""
        return self.status is PayoutStatus.RETURNED


def account_request(uow: UnitOfWork, payout_id: str) -> AccountRequest:
    """The payout as the member's page shows it (`PayoutNotFound` for an unknown id; the edge
    checks the member may see its claim, Art. 11.3)."""
    payout = repository.find(uow, payout_id)
    if payout is None:
        raise repository.PayoutNotFound(f"no payout {payout_id!r}", params={"payout_id": payout_id})
    return AccountRequest(
        payout.payout_id,
        payout.claim_id,
        payout.household_id,
        payout.amount_cents,
        payout.iban,
        payout.status,
        payout.reason_code,
    )


class ReturnedAccountRefused(InvalidInput):
    """The member gave the very account the bank returned the payment from."""

    code = "payout.returned_account"


class PayoutAmountMismatch(Conflict):
    code = "payout.amount_mismatch"


def _check_amount(expected: int, amount_cents: int, reference: str) -> None:
    if expected != amount_cents:
        raise PayoutAmountMismatch(
            f"the bank's amount {amount_cents} does not match {expected} of {reference}",
            clause=PAYMENT_CLAUSE,
            params={"reference": reference, "expected": expected, "amount": amount_cents},
        )


def _book_paid(uow: UnitOfWork, payout: Payout, *, on: date, at: datetime) -> None:
    post(
        uow,
        entry(
            f"payout:{payout.payout_id}:paid",
            "claim.payment",
            on,
            f"payout {payout.payout_id} of claim {payout.claim_id}",
            (
                debit(Account.CLAIMS_PAYABLE, payout.household_id, payout.amount_cents),
                credit(Account.BANK, "insurer", payout.amount_cents),
            ),
        ),
        at=at,
    )
    repository.add_paid(uow, payout.claim_id, payout.amount_cents)


def _pay(uow: UnitOfWork, payouts: list[Payout], *, on: date, at: datetime) -> None:
    paid = [p.pay(at, on) for p in payouts]
    repository.save(uow, paid)
    for payout in paid:
        _book_paid(uow, payout, on=on, at=at)
        record(
            uow,
            at=at,
            actor=BANK,
            action="payout.executed",
            subject_type="payout",
            subject_id=payout.payout_id,
            clause=PAYMENT_CLAUSE,
            details={"amount_cents": payout.amount_cents, "on": on.isoformat()},
        )


def confirm_payout_executed(
    uow: UnitOfWork, end_to_end_id: str, *, amount_cents: int, on: date, at: datetime
) -> bool:
    """The statement's debit of one transfer: the payout is paid and booked, once. False for
    an end-to-end id that is no payout of ours."""
    payout = repository.find_locked(uow, end_to_end_id)
    if payout is None:
        return False
    _check_amount(payout.amount_cents, amount_cents, end_to_end_id)
    if payout.status in (PayoutStatus.INSTRUCTED, PayoutStatus.IN_FILE):
        _pay(uow, [payout], on=on, at=at)
    # Already paid (a statement read twice) or returned: nothing more to book.
    return True


def confirm_payment_file_executed(
    uow: UnitOfWork, message_id: str, *, amount_cents: int, on: date, at: datetime
) -> bool:
    """The statement's batch-booked debit of a pain.001: every payout of the file not rejected
    meanwhile is paid, once. The amount is the file's, less what the bank rejected."""
    payouts = repository.lock_of_file(uow, message_id)
    if payouts is None:
        return False
    carried = [p for p in payouts if p.status in (PayoutStatus.IN_FILE, PayoutStatus.PAID)]
    _check_amount(sum(p.amount_cents for p in carried), amount_cents, message_id)
    _pay(uow, [p for p in carried if p.status is PayoutStatus.IN_FILE], on=on, at=at)
    return True


def return_payout(
    uow: UnitOfWork,
    end_to_end_id: str,
    *,
    reason_code: str,
    amount_cents: int,
    on: date,
    at: datetime,
    reason: str | None = None,
) -> bool:
    """The bank returned the transfer (a statement's credit with RtrInf), or rejected it in a
    pain.002: a payout booked as paid is reversed; the payout is reopened and the member asked
    for another account. Once: a return read twice changes nothing."""
    payout = repository.find_locked(uow, end_to_end_id)
    if payout is None:
        return False
    _check_amount(payout.amount_cents, amount_cents, end_to_end_id)
    if payout.status in (PayoutStatus.RETURNED, PayoutStatus.REPLACED):
        return True
    send_back(uow, payout, reason or reason_code, reason_code=reason_code, on=on, at=at)
    ask_for_another_account(uow, payout, reason_code=reason_code, at=at)
    return True


def reject_payout(
    uow: UnitOfWork, end_to_end_id: str, *, reason_code: str, on: date, at: datetime
) -> bool:
    """A pain.002 RJCT of a payout in a file (no amount in the report): the same as a return,
    nothing was booked as paid yet. False for a reference not ours."""
    payout = repository.find_locked(uow, end_to_end_id)
    if payout is None:
        return False
    return return_payout(
        uow,
        end_to_end_id,
        reason_code=reason_code,
        amount_cents=payout.amount_cents,
        on=on,
        at=at,
        reason=f"rejected by the bank ({reason_code})",
    )


def send_back(
    uow: UnitOfWork,
    payout: Payout,
    reason: str,
    *,
    reason_code: str | None,
    on: date,
    at: datetime,
) -> Payout:
    """Reopen the payout; reverse its booking when it was booked as paid."""
    returned = payout.send_back(reason, at, reason_code)
    repository.save(uow, [returned])
    if payout.counts_as_paid:
        post(
            uow,
            entry(
                f"payout:{payout.payout_id}:returned",
                "claim.payment_returned",
                on,
                f"payout {payout.payout_id} returned: {reason}",
                (
                    debit(Account.BANK, "insurer", payout.amount_cents),
                    credit(Account.CLAIMS_PAYABLE, payout.household_id, payout.amount_cents),
                ),
            ),
            at=at,
        )
        repository.add_paid(uow, payout.claim_id, -payout.amount_cents)
    record(
        uow,
        at=at,
        actor=BANK,
        action="payout.returned",
        subject_type="payout",
        subject_id=payout.payout_id,
        clause=PAYMENT_CLAUSE,
        details={
            "reason_code": reason_code,
            "reason": reason[:200],
            "was_paid": payout.counts_as_paid,
        },
    )
    return returned


def ask_for_another_account(
    uow: UnitOfWork, payout: Payout, *, reason_code: str, at: datetime
) -> None:
    """The e-mail to the member concerned (a minor's: the affiliate) asking for another
    account, in their language; the portal shows the form."""
    email, language = repository.claim_contact(uow, payout.claim_id, payout.household_id)
    if not email:
        return
    amount = f"{payout.amount_cents // 100},{payout.amount_cents % 100:02d}"
    enqueue_email(
        uow,
        to=email,
        subject=gettext(language, ASK_SUBJECT),
        text=gettext(language, ASK_TEXT)
        % {
            "amount": amount,
            "claim": payout.claim_id,
            "reason": reason_code,
            "link": ACCOUNT_PATH.format(payout_id=payout.payout_id),
        },
        language=language,
        at=at,
        dedupe_key=f"payout:{payout.payout_id}:another_account",
    )


def give_another_account(
    uow: UnitOfWork,
    payout_id: str,
    *,
    household_id: str,
    iban: str,
    holder_name: str,
    actor: str,
    at: datetime,
) -> Payout:
    """The member's other account for a returned payout (the edge checked, Art. 11.3, that the
    member may act on the payout's claim): a new payout of the same amount to it, scheduled.
    The IBAN is checked (schwifty); a payout of another household is not found."""
    payout = repository.locked(uow, payout_id)
    if payout.household_id != household_id:
        raise repository.PayoutNotFound(f"no payout {payout_id!r}", params={"payout_id": payout_id})
    account_iban = checked_iban(iban, "iban")
    name = holder_name.strip()
    if not name or len(name) > 140:
        raise InvalidInput("holder_name", "the account holder's name (at most 140 characters)")
    if account_iban == payout.iban:
        raise ReturnedAccountRefused("iban", "the bank returned the payment to this account")
    replaced, new = payout.replace_with(new_id("pay"), iban=account_iban, holder_name=name, at=at)
    repository.save(uow, [replaced])
    repository.add_new(uow, new)
    record(
        uow,
        at=at,
        actor=actor,
        action="payout.account_given",
        subject_type="payout",
        subject_id=payout_id,
        clause=PAYMENT_CLAUSE,
        details={"new_payout_id": new.payout_id, "iban_last4": account_iban[-4:]},
    )
    return new
