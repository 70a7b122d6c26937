"""The daily non-payment job (Art. 9.6): for every affiliation in arrears or with an open case,
the pure `dunning.decide` picks one step and this module carries it out in the same
transaction: the case row, the timeline (policy primitives), audit and feed events, the letter
and the e-mail (outbox). Idempotent: a step taken changes the facts the next run sees."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

from cybercare.audit import trail
from cybercare.billing import dunning, letters, repository
from cybercare.billing.domain import Period
from cybercare.billing.dunning import ART_9_6, CaseStatus, DunningFacts, Step
from cybercare.household.domain import affiliate_on
from cybercare.kernel.clauses import Reason
from cybercare.kernel.clock import Clock
from cybercare.outbox.enqueue import Attachment, enqueue_email
from cybercare.policy import domain as policy
from cybercare.policy import repository as policy_repository
from cybercare.policy.domain import TerminationBy
from cybercare.policy.repository import Loaded
from cybercare.policy.service import Actor, publish_affiliation_changes
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion

ACTOR = Actor("job:billing.dunning")
LOOK_BACK_DAYS = 400  # premiums older than this are not looked at for the payment date


def run_dunning_day(
    uow: Any, catalog: Catalog, clock: Clock, *, only: Collection[str] | None = None
) -> dict[str, int]:
    """`only`: these affiliations alone (a sandbox test clock's, issue 18); None: all."""
    today = clock.today()
    arrears = repository.affiliations_in_arrears(uow)
    cases = repository.open_cases(uow)
    counts = {step.value: 0 for step in Step}
    for affiliation_id in sorted(set(arrears) | set(cases)):
        if only is not None and affiliation_id not in only:
            continue
        loaded = policy_repository.load(uow, affiliation_id, for_update=True)
        product = catalog.get(*loaded.affiliation.product_key)
        case_id, case = cases.get(affiliation_id, (None, None))
        unpaid = arrears.get(affiliation_id, 0)
        paid_on = None
        if case is not None and unpaid <= 0:
            since = case.notice_on - timedelta(days=LOOK_BACK_DAYS)
            periods = repository.billed_periods_from(uow, Period.of(since).code)
            paid_on = repository.last_paid_on(uow, affiliation_id, periods, case.notice_on)
        facts = DunningFacts(today, unpaid, case, paid_on, loaded.affiliation.ended)
        decision = dunning.decide(facts, product.lifecycle)
        _carry_out(uow, loaded, product, case_id, decision, unpaid, clock)
        counts[decision.step.value] += 1
    return counts


def _carry_out(
    uow: Any,
    loaded: Loaded,
    product: ProductVersion,
    case_id: int | None,
    decision: dunning.Decision,
    unpaid: int,
    clock: Clock,
) -> None:
    step, on = decision.step, decision.effective_date
    affiliation = loaded.affiliation
    if step is Step.NONE:
        return
    if step is Step.SEND_NOTICE:
        assert on is not None
        assert decision.pay_by is not None
        _send_notice(uow, loaded, product, on, decision.pay_by, unpaid, clock)
        return
    assert case_id is not None
    assert on is not None
    update = None
    if step is Step.SUSPEND:
        update = policy.suspend(affiliation, on, ART_9_6)
        repository.update_case(uow, case_id, status=CaseStatus.SUSPENDED.value, suspended_from=on)
    elif step is Step.TERMINATE:
        update = policy.terminate(affiliation, on, ART_9_6, TerminationBy.INSURER)
        repository.update_case(uow, case_id, status=CaseStatus.TERMINATED.value, ended_on=on)
    elif step is Step.LIFT:
        update = policy.lift_suspension(affiliation, on, ART_9_6)
        repository.update_case(uow, case_id, status=CaseStatus.LIFTED.value, ended_on=on)
    elif step is Step.SETTLE:
        repository.update_case(uow, case_id, status=CaseStatus.SETTLED.value, ended_on=on)
    elif step is Step.CLOSE:
        repository.update_case(uow, case_id, status=CaseStatus.CLOSED.value, ended_on=on)
    if update is not None:
        policy_repository.save_affiliation(uow, update.affiliation, today=clock.today())
        publish_affiliation_changes(uow, ACTOR, loaded.record, clock, update.changes)
    _audit(uow, loaded.record.affiliation_id, decision, clock)


def _audit(uow: Any, affiliation_id: str, decision: dunning.Decision, clock: Clock) -> None:
    trail.record(
        uow,
        at=clock.now(),
        actor=ACTOR.name,
        action=f"billing.dunning.{decision.step.value}",
        subject_type="affiliation",
        subject_id=affiliation_id,
        clause=str(decision.reason.article),
        details={k: str(v) for k, v in decision.reason.params.items()}
        | {"code": decision.reason.code},
    )


def _send_notice(
    uow: Any,
    loaded: Loaded,
    product: ProductVersion,
    notice_on: date,
    pay_by: date,
    unpaid: int,
    clock: Clock,
) -> None:
    affiliation_id = loaded.record.affiliation_id
    affiliate = affiliate_on(loaded.household, notice_on)
    language = affiliate.language if affiliate else "nl"
    suspend_from = dunning.suspend_from_for(pay_by)
    notice = letters.FormalNotice(
        affiliation_id=affiliation_id,
        language=language,
        addressee=f"{affiliate.given_name} {affiliate.family_name}" if affiliate else "",
        notice_on=notice_on,
        pay_by=pay_by,
        suspend_from=suspend_from,
        terminate_from=dunning.terminate_from_for(suspend_from, product.lifecycle),
        charges=tuple(
            letters.UnpaidCharge(line_id, period, gross)
            for line_id, period, gross in repository.unpaid_lines(uow, affiliation_id)
        ),
    )
    letter_pdf = letters.formal_notice_pdf(notice, product)
    repository.add_case(
        uow,
        {
            "affiliation_id": affiliation_id,
            "status": CaseStatus.NOTICE_SENT.value,
            "notice_on": notice_on,
            "pay_by": pay_by,
            "arrears_cents": unpaid,
            "language": language,
            "letter_pdf": letter_pdf,
            "created_at": clock.now(),
        },
    )
    if affiliate is not None and affiliate.email:
        subject, text = letters.formal_notice_email(notice)
        enqueue_email(
            uow,
            to=affiliate.email,
            subject=subject,
            text=text,
            language=language,
            at=clock.now(),
            dedupe_key=f"dunning:{affiliation_id}:{notice_on.isoformat()}",
            attachments=(
                Attachment(
                    f"formal-notice-{notice_on.isoformat()}.pdf", "application/pdf", letter_pdf
                ),
            ),
        )
    _audit(
        uow,
        affiliation_id,
        dunning.Decision(
            Step.SEND_NOTICE,
            notice_on,
            Reason("dunning.formal_notice", ART_9_6, {"pay_by": pay_by, "arrears": unpaid}),
        ),
        clock,
    )
