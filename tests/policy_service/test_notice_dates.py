"""A notice is confirmed once given: it may be dated back to when it was received, never ahead."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.policy import service
from cybercare.policy.domain import TerminationBy
from cybercare.product.catalog import Catalog
from tests.policy_service import builders


def test_art_9_3_a_withdrawal_dated_tomorrow_is_refused_and_nothing_changes(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    created = builders.subscribe(db, products, clock)
    with pytest.raises(InvalidInput, match="future") as refusal, db.uow() as uow:
        service.confirm_withdrawal(
            uow,
            builders.actor(),
            created.affiliation_id,
            clock.today() + timedelta(days=1),
            products,
            clock,
        )
    assert refusal.value.field == "notified_on"
    with db.reader() as uow:
        view = service.get_affiliation(
            uow, builders.actor(), created.affiliation_id, products, clock
        )
    assert view.periods == created.periods


def test_art_9_4_a_termination_notice_dated_tomorrow_is_refused(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    created = builders.subscribe(db, products, clock)
    with pytest.raises(InvalidInput, match="future"), db.uow() as uow:
        service.confirm_termination(
            uow,
            builders.actor(),
            created.affiliation_id,
            clock.today() + timedelta(days=1),
            TerminationBy.AFFILIATE,
            products,
            clock,
        )


def test_art_9_4_a_notice_dated_today_is_confirmed(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    created = builders.subscribe(db, products, clock)
    with db.uow() as uow:
        preview, view = service.confirm_termination(
            uow,
            builders.actor(),
            created.affiliation_id,
            clock.today(),
            TerminationBy.AFFILIATE,
            products,
            clock,
        )
        uow.commit()
    assert view.pending_end is not None
    assert view.pending_end.effective_date == preview.effective_date
