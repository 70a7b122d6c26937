"""`service.subscribe` and the reads: one command writes the affiliation, its household, the
audit events, the feed events and their webhooks in the caller's single transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cybercare.audit.trail import events_for
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.outbox.endpoints import register_endpoint
from cybercare.partners.feed import events_after
from cybercare.policy import service
from cybercare.policy.repository import AffiliationNotFound
from cybercare.policy.service import Actor
from cybercare.product.catalog import Catalog
from tests.api.builders import SECRET_KEY, row_counts
from tests.policy_service import builders


def test_a_subscription_writes_everything_in_the_callers_transaction_or_nothing(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    with db.uow() as uow:
        register_endpoint(uow, distributor="proximus", url="http://127.0.0.1:9/h", at=clock.now())
        uow.commit()
    command = builders.subscription(products, clock)
    before = row_counts(db)

    with db.uow() as uow:  # the edge never commits: a failure after the command
        service.subscribe(uow, builders.actor(), command, products, clock, SECRET_KEY)
    assert row_counts(db) == before

    with db.uow() as uow:
        view = service.subscribe(uow, builders.actor(), command, products, clock, SECRET_KEY)
        uow.commit()
    after = row_counts(db)
    assert {name: after[name] - before[name] for name in after} == {
        "affiliations": 1,
        "status_periods": 1,
        "persons": 2,
        "memberships": 2,
        "addresses": 1,
        "audit_events": 2,  # subscribed, spouse joined
        "partner_events": 2,
        "outbox_messages": 2,  # one webhook per event for the one endpoint
    }
    assert view.status == "active"
    assert view.renews_on == clock.today().replace(year=2027)


def test_a_subscription_starting_later_is_pending_until_its_start(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    view = builders.subscribe(db, products, clock, start_date=clock.today() + timedelta(days=10))
    assert view.status == "pending_start"
    clock.advance(timedelta(days=10))
    with db.reader() as uow:
        later = service.get_affiliation(uow, builders.actor(), view.affiliation_id, products, clock)
    assert later.status == "active"


def test_art_3_2_cover_cannot_start_before_the_subscription(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    command = builders.subscription(products, clock)
    clock.advance(timedelta(days=1))
    with db.uow() as uow, pytest.raises(Conflict) as refused:
        service.subscribe(uow, builders.actor(), command, products, clock, SECRET_KEY)
    assert refused.value.clause == "Art. 3.2"


def test_a_token_for_another_distributor_is_refused_before_anything_is_written(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    command = builders.subscription(products, clock, distributor="telenet")
    with db.uow() as uow, pytest.raises(InvalidInput) as refused:
        service.subscribe(uow, builders.actor("proximus"), command, products, clock, SECRET_KEY)
    assert refused.value.field == "terms_token"


def test_a_distributor_reads_only_its_own_affiliations_and_the_back_office_reads_all(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    view = builders.subscribe(db, products, clock)
    with db.reader() as uow:
        with pytest.raises(AffiliationNotFound):
            service.get_affiliation(
                uow, builders.actor("telenet"), view.affiliation_id, products, clock
            )
        staff = service.get_affiliation(
            uow, Actor("staff:an"), view.affiliation_id, products, clock
        )
    assert staff.distributor == "proximus"


def test_find_by_customer_lists_the_customers_affiliations_oldest_first(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    first = builders.subscribe(db, products, clock, customer_ref="C-1")
    clock.advance(timedelta(minutes=5))
    second = builders.subscribe(db, products, clock, customer_ref="C-1")
    builders.subscribe(db, products, clock, customer_ref="C-2")
    builders.subscribe(db, products, clock, customer_ref="C-1", distributor="telenet")

    with db.reader() as uow:
        found = service.find_by_customer(uow, builders.actor(), "C-1", products, clock)
    assert [v.affiliation_id for v in found] == [first.affiliation_id, second.affiliation_id]


def test_the_feed_event_carries_the_same_payload_as_the_audit_event(
    db: Database, clock: FixedClock, products: Catalog
) -> None:
    view = builders.subscribe(db, products, clock)
    with db.reader() as uow:
        feed = events_after(uow, "proximus", 0, 10)
        audit = events_for(uow, "affiliation", view.affiliation_id)
    assert [e.type for e in feed] == [a.action for a in audit]
    assert [e.data for e in feed] == [a.details for a in audit]
