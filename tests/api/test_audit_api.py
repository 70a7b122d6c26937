"""Every change through the API writes its audit event in the same transaction as the change:
a successful POST leaves at least one, a refused or failed POST leaves none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.policy import service
from tests.api import builders
from tests.api.builders import Distributor

AFFILIATIONS = "/api/v1/affiliations"
Change = Callable[[TestClient, Distributor, dict[str, Any]], Any]


def _member_joins(api: TestClient, by: Distributor, created: dict[str, Any]) -> Any:
    body = builders.child() | {"joined_on": "2026-12-01"}
    return builders.post(api, f"{AFFILIATIONS}/{created['id']}/members", body, by=by)


def _member_leaves(api: TestClient, by: Distributor, created: dict[str, Any]) -> Any:
    luc = next(m for m in created["members"] if m["relationship"] == "spouse")
    path = f"{AFFILIATIONS}/{created['id']}/members/{luc['person_id']}/departure"
    return builders.post(api, path, {"left_on": "2026-12-01"}, by=by)


def _moves(api: TestClient, by: Distributor, created: dict[str, Any]) -> Any:
    body = {"address": builders.address(postcode="9000", city="Gent"), "moved_on": "2026-12-01"}
    return builders.post(api, f"{AFFILIATIONS}/{created['id']}/address", body, by=by)


def _affiliate_dies(api: TestClient, by: Distributor, created: dict[str, Any]) -> Any:
    luc = next(m for m in created["members"] if m["relationship"] == "spouse")
    body = {"died_on": "2026-11-28", "new_affiliate_id": luc["person_id"], "relationships": {}}
    return builders.post(api, f"{AFFILIATIONS}/{created['id']}/affiliate-succession", body, by=by)


def _withdraws(api: TestClient, by: Distributor, created: dict[str, Any]) -> Any:
    return builders.post(api, f"{AFFILIATIONS}/{created['id']}/withdrawal", {}, by=by)


def _terminates(api: TestClient, by: Distributor, created: dict[str, Any]) -> Any:
    return builders.post(api, f"{AFFILIATIONS}/{created['id']}/termination", {}, by=by)


@pytest.mark.parametrize(
    ("change", "action"),
    [
        (_member_joins, "household.member_joined"),
        (_member_leaves, "household.member_left"),
        (_moves, "household.address_changed"),
        (_affiliate_dies, "household.affiliate_died"),
        (_withdraws, "affiliation.withdrawn"),
        (_terminates, "affiliation.termination_notified"),
    ],
)
def test_every_successful_change_writes_its_audit_event(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    change: Change,
    action: str,
) -> None:
    created = builders.subscribe(api, by=proximus)
    clock.advance(timedelta(days=2))
    audited = builders.audit_actions(db, created["id"])

    response = change(api, proximus, created)

    assert response.status_code == 200, response.text
    new = builders.audit_actions(db, created["id"])[len(audited) :]
    assert new and new[0] == action


def test_a_subscription_writes_its_audit_events_with_who_when_and_the_clause(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    from cybercare.audit.trail import events_for

    created = builders.subscribe(api, by=proximus)

    with db.reader() as uow:
        events = events_for(uow, "affiliation", created["id"])
    assert [e.action for e in events] == ["affiliation.subscribed", "household.member_joined"]
    subscribed = events[0]
    assert subscribed.actor == f"distributor:proximus:{proximus.key_id}"
    assert subscribed.occurred_at == clock.now()
    assert subscribed.clause == "Art. 3.2"
    assert subscribed.details["customer_ref"] == created["customer_ref"]


@pytest.mark.parametrize("change", [_member_joins, _withdraws, _terminates])
def test_a_refused_change_writes_no_audit_event(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor, change: Change
) -> None:
    created = builders.subscribe(api, by=proximus)
    clock.advance(timedelta(days=2))
    assert _withdraws(api, proximus, created).status_code == 200  # ended: what follows is refused
    before = builders.row_counts(db)

    response = change(api, proximus, created)

    assert response.status_code == 409
    assert builders.row_counts(db) == before


def test_the_audit_event_is_rolled_back_with_a_change_that_fails_after_writing_it(
    api_container: Container,
    db: Database,
    proximus: Distributor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def feed_down(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the feed could not be written")

    with TestClient(create_app(container=api_container), raise_server_exceptions=False) as api:
        body = builders.subscription(terms_token=builders.quote(api, by=proximus))
        before = builders.row_counts(db)
        # the audit event is written first, then publishing the feed event fails
        monkeypatch.setattr(service, "publish_events", feed_down)
        response = builders.post(api, AFFILIATIONS, body, by=proximus)

    assert response.status_code == 500
    assert builders.row_counts(db) == before  # no affiliation, and no audit event either
