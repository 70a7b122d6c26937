"""Enqueuing writes in the caller's transaction: a message exists iff its command committed."""

from __future__ import annotations

import json

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.errors import InvalidInput
from cybercare.outbox import deactivate_endpoint, enqueue_email, enqueue_webhook
from tests.outbox import builders
from tests.outbox.builders import T0


def test_an_enqueue_in_a_rolled_back_unit_of_work_leaves_nothing(db: Database) -> None:
    builders.endpoint(db, url="https://acme.example/hooks")
    with pytest.raises(RuntimeError), db.uow() as uow:
        enqueue_webhook(uow, distributor="acme", event_id="evt_1", event_type="x", body={}, at=T0)
        enqueue_email(
            uow, to="a@example.be", subject="s", text="t", language="fr", at=T0, dedupe_key="k"
        )
        raise RuntimeError("the command failed after enqueuing")
    with db.uow() as uow:
        enqueue_email(
            uow, to="a@example.be", subject="s", text="t", language="fr", at=T0, dedupe_key="k2"
        )  # left without commit
    assert builders.count(db) == 0


def test_a_webhook_goes_to_each_active_endpoint_of_its_distributor_only(db: Database) -> None:
    first = builders.endpoint(db, url="https://acme.example/a")
    second = builders.endpoint(db, url="https://acme.example/b")
    retired = builders.endpoint(db, url="https://acme.example/old")
    builders.endpoint(db, url="https://other.example/hooks", distributor="other")
    with db.uow() as uow:
        deactivate_endpoint(uow, retired.id)
        uow.commit()

    ids = builders.webhook(db, event_id="evt_42")

    assert len(ids) == 2
    rows = builders.messages(db)
    assert [row.endpoint_id for row in rows] == [first.id, second.id]
    assert {row.status for row in rows} == {"pending"}
    assert {row.dedupe_key for row in rows} == {
        f"webhook:{first.id}:evt_42",
        f"webhook:{second.id}:evt_42",
    }


def test_a_distributor_without_endpoints_gets_no_message(db: Database) -> None:
    assert builders.webhook(db, distributor="nobody") == []
    assert builders.count(db) == 0


def test_enqueuing_the_same_event_twice_in_one_command_stores_it_once(db: Database) -> None:
    builders.endpoint(db, url="https://acme.example/hooks")
    with db.uow() as uow:
        first = enqueue_webhook(
            uow, distributor="acme", event_id="evt_1", event_type="x", body={"a": 1}, at=T0
        )
        again = enqueue_webhook(
            uow, distributor="acme", event_id="evt_1", event_type="x", body={"a": 1}, at=T0
        )
        uow.commit()
    assert len(first) == 1
    assert again == []
    assert builders.count(db) == 1


def test_an_email_with_a_known_dedupe_key_is_stored_once_across_commands(db: Database) -> None:
    assert builders.email(db, dedupe_key="welcome:aff_1") is not None
    assert builders.email(db, dedupe_key="welcome:aff_1") is None
    assert builders.count(db) == 1


def test_a_webhook_body_is_stored_as_the_exact_text_that_will_be_signed(db: Database) -> None:
    builders.endpoint(db, url="https://acme.example/hooks")
    (message_id,) = builders.webhook(db, body={"b": "é", "a": [1, 2]})
    payload = builders.message(db, message_id).payload
    assert payload["body"] == '{"a":[1,2],"b":"é"}'
    assert json.loads(payload["body"]) == {"a": [1, 2], "b": "é"}
    assert payload["event_id"] == "evt_0001"


def test_an_email_needs_an_address_and_a_dedupe_key(db: Database) -> None:
    with db.uow() as uow:
        with pytest.raises(InvalidInput, match="to"):
            enqueue_email(
                uow, to="nobody", subject="s", text="t", language="nl", at=T0, dedupe_key="k"
            )
        with pytest.raises(InvalidInput, match="dedupe_key"):
            enqueue_email(
                uow, to="a@example.be", subject="s", text="t", language="nl", at=T0, dedupe_key=""
            )
