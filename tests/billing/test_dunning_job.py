"""The daily non-payment job (Art. 9.6) on the real databases: the formal notice (PDF letter
and e-mail in the member's language), suspension, termination and lifting, seen by the
affiliation's timeline; idempotent when run twice a day."""

from __future__ import annotations

import base64
from datetime import date, timedelta

from sqlalchemy import select

from cybercare.billing import service
from cybercare.billing.domain import Period
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.billing.run import run_billing
from cybercare.db.tables import DunningCaseRow, OutboxMessage, PartnerEventRow, PremiumLineRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.policy import repository as policy_repository
from cybercare.policy.domain import AffiliationStatus, status_on
from cybercare.product.catalog import Catalog
from tests.billing.builders import add_affiliation

NOTICE_ON = date(2026, 12, 10)
SUSPEND_FROM = date(2026, 12, 26)
TERMINATE_FROM = date(2027, 1, 10)


def _unpaid_december(db: Database, catalog: Catalog, language: str = "fr") -> int:
    with db.uow() as uow:
        add_affiliation(uow, affiliation_id="aff_late", language=language)
        uow.commit()
    run_billing(db, catalog, FixedClock.on(date(2026, 12, 1)), Period(2026, 12))
    with db.reader() as uow:
        line_id = uow.session.scalar(select(PremiumLineRow.id))
    assert line_id is not None
    results = f"charge_id,outcome,amount,date\n{line_id},unpaid,4.99,2026-12-08\n"
    with db.uow() as uow:
        service.import_payment_results(uow, "proximus", results, FixedClock.on(NOTICE_ON))
        uow.commit()
    return line_id


def _day(db: Database, catalog: Catalog, day: date) -> dict[str, int]:
    with db.uow() as uow:
        counts = run_dunning_day(uow, catalog, FixedClock.on(day))
        uow.commit()
    return {step: n for step, n in counts.items() if n}


def _status(db: Database, day: date) -> AffiliationStatus | None:
    with db.reader() as uow:
        return status_on(policy_repository.load(uow, "aff_late").affiliation, day)


def test_art_9_6_notice_then_suspension_then_termination_when_never_paid(
    billing_db: Database, catalog: Catalog
) -> None:
    _unpaid_december(billing_db, catalog)
    assert _day(billing_db, catalog, NOTICE_ON) == {"send_notice": 1}
    assert _day(billing_db, catalog, NOTICE_ON) == {"none": 1}  # twice a day: nothing new
    with billing_db.reader() as uow:
        case = uow.session.scalars(select(DunningCaseRow)).one()
        mail = uow.session.scalars(select(OutboxMessage)).one()
        assert case.letter_pdf.startswith(b"%PDF") and case.language == "fr"
        assert case.pay_by == date(2026, 12, 25)
        assert mail.payload["language"] == "fr" and "Mise en demeure" in mail.payload["subject"]
        (attachment,) = mail.payload["attachments"]  # the letter itself goes with the e-mail
        assert attachment["content_type"] == "application/pdf"
        assert base64.b64decode(attachment["data"]) == case.letter_pdf
    assert _day(billing_db, catalog, SUSPEND_FROM - timedelta(days=1)) == {"none": 1}
    assert _day(billing_db, catalog, SUSPEND_FROM) == {"suspend": 1}
    assert _status(billing_db, SUSPEND_FROM - timedelta(days=1)) is AffiliationStatus.ACTIVE
    assert _status(billing_db, SUSPEND_FROM) is AffiliationStatus.SUSPENDED
    assert _day(billing_db, catalog, TERMINATE_FROM - timedelta(days=1)) == {"none": 1}
    assert _day(billing_db, catalog, TERMINATE_FROM) == {"terminate": 1}
    assert _status(billing_db, TERMINATE_FROM) is AffiliationStatus.TERMINATED
    assert _day(billing_db, catalog, TERMINATE_FROM + timedelta(days=1)) == {"none": 1}
    with billing_db.reader() as uow:
        events = list(
            uow.session.scalars(select(PartnerEventRow.type).order_by(PartnerEventRow.seq))
        )
    assert events[-2:] == ["affiliation.suspended", "affiliation.terminated"]


def test_art_9_6_payment_during_the_suspension_lifts_it_the_day_after(
    billing_db: Database, catalog: Catalog
) -> None:
    line_id = _unpaid_december(billing_db, catalog, language="nl")
    _day(billing_db, catalog, NOTICE_ON)
    _day(billing_db, catalog, SUSPEND_FROM)
    paid_on = SUSPEND_FROM + timedelta(days=2)
    paid = f"charge_id,outcome,amount,date\n{line_id},paid,4.99,{paid_on.isoformat()}\n"
    with billing_db.uow() as uow:
        service.import_payment_results(uow, "proximus", paid, FixedClock.on(paid_on))
        uow.commit()
    assert _day(billing_db, catalog, paid_on) == {"none": 1}
    assert _day(billing_db, catalog, paid_on + timedelta(days=1)) == {"lift": 1}
    assert _status(billing_db, paid_on) is AffiliationStatus.SUSPENDED
    assert _status(billing_db, paid_on + timedelta(days=1)) is AffiliationStatus.ACTIVE
    assert _day(billing_db, catalog, TERMINATE_FROM) == {}
    assert _status(billing_db, TERMINATE_FROM) is AffiliationStatus.ACTIVE
    with billing_db.reader() as uow:
        case = uow.session.scalars(select(DunningCaseRow)).one()
        assert (case.status, case.ended_on) == ("lifted", paid_on + timedelta(days=1))
