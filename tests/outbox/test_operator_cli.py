"""The operator's commands (issue 16): outbox status and requeue, webhooks list / rotate /
disable, API keys list / revoke, job status; a table for a person, `--json` for a script, every
change audited, an unknown id refused with a message."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.tables import AuditEvent
from cybercare.db.tables.outbox import JobRun
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.dispatch import Dispatcher
from cybercare.partners.distributors import create_distributor, issue_api_key
from tests.outbox import builders
from tests.outbox.receivers import Receiver


@pytest.fixture
def database(fresh_database: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch) -> Database:
    url, engine = fresh_database
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    return Database(engine)


def _run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else result.output


def _actions(database: Database) -> list[tuple[str, str, str]]:
    with database.reader() as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.subject_id).order_by(
                AuditEvent.id
            )
        )
        return [tuple(row) for row in rows]


def _one_dead_webhook(
    database: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> int:
    receiver = make_receiver(statuses=[500])
    builders.endpoint(database, url=receiver.url)
    (message_id,) = builders.webhook(database)
    assert builders.deliver(database, builders.clock(), dispatcher, max_attempts=1).dead == 1
    return message_id


def test_outbox_status_counts_each_state_and_lists_the_dead_with_their_error(
    database: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    dead_id = _one_dead_webhook(database, make_receiver, dispatcher)
    builders.email(database, dedupe_key="welcome:aff_9")

    state = _run("outbox", "status", "--json")

    assert state["counts"] == {"pending": 1, "delivering": 0, "delivered": 0, "dead": 1}
    assert state["oldest_pending_at"] == builders.T0.isoformat()
    assert state["oldest_pending_age_s"] > 0
    (dead,) = state["dead"]
    assert (dead["id"], dead["kind"], dead["attempts"]) == (dead_id, "webhook", 1)
    assert "500" in dead["last_error"]
    assert "dead 1" in _run("outbox", "status")


def test_requeue_revives_the_dead_messages_and_writes_who_did_it_in_the_audit_trail(
    database: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    dead_id = _one_dead_webhook(database, make_receiver, dispatcher)

    assert _run("outbox", "requeue", str(dead_id), "--json") == {"requeued": 1}

    assert builders.count(database, status="pending") == 1
    assert ("outbox.requeued", "cli:outbox.requeue", str(dead_id)) in _actions(database)


def test_requeue_asks_for_ids_or_all_dead_never_guesses(database: Database) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["outbox", "requeue"]).exit_code == 2
    assert runner.invoke(app, ["outbox", "requeue", "7", "--all-dead"]).exit_code == 2
    assert _run("outbox", "requeue", "--all-dead", "--json") == {"requeued": 0}


def test_a_webhook_is_listed_rotated_with_its_new_secret_shown_once_then_disabled(
    database: Database, receiver: Receiver
) -> None:
    hook = builders.endpoint(database, url=receiver.url, distributor="acme")

    (listed,) = _run("webhooks", "list", "--json")["endpoints"]
    assert (listed["id"], listed["secret_version"], listed["active"]) == (hook.id, 1, True)
    rotated = _run("webhooks", "rotate", str(hook.id), "--json")
    assert rotated["endpoint"]["secret_version"] == 2
    assert rotated["secret"].startswith("whsec_") and len(rotated["secret"]) == 6 + 44
    disabled = _run("webhooks", "disable", str(hook.id), "--json")
    assert disabled["endpoint"]["active"] is False
    assert _run("webhooks", "list", "--distributor", "other", "--json") == {"endpoints": []}

    actions = _actions(database)
    assert ("webhook.secret_rotated", "cli:webhooks.rotate", str(hook.id)) in actions
    assert ("webhook.disabled", "cli:webhooks.disable", str(hook.id)) in actions


def test_an_unknown_webhook_or_key_is_refused_with_a_message_and_nothing_changes(
    database: Database,
) -> None:
    runner = CliRunner()
    rotated = runner.invoke(app, ["webhooks", "rotate", "4242"])
    assert rotated.exit_code == 1
    assert "4242 does not exist" in rotated.output
    revoked = runner.invoke(app, ["keys", "revoke", "cck_nope"])
    assert revoked.exit_code == 1
    assert "no API key" in revoked.output
    assert _actions(database) == []


def test_api_keys_are_listed_without_their_secret_and_a_revoked_key_shows_when(
    database: Database,
) -> None:
    clock = FixedClock(builders.T0)
    with database.uow() as uow:
        create_distributor(
            uow, code="acme", name="Acme Telecom", commission_bp=1500, clock=clock, actor="test"
        )
        issued = issue_api_key(uow, distributor="acme", label="crm", clock=clock, actor="test")
        uow.commit()

    (key,) = _run("keys", "list", "--json")["keys"]
    assert (key["key_id"], key["distributor"], key["label"], key["active"]) == (
        issued.key_id,
        "acme",
        "crm",
        True,
    )
    assert issued.token not in json.dumps(key)
    _run("keys", "revoke", issued.key_id)
    (key,) = _run("keys", "list", "--distributor", "acme", "--json")["keys"]
    assert key["active"] is False
    assert key["revoked_at"] is not None
    assert ("api_key.revoked", "cli:keys.revoke", issued.key_id) in _actions(database)


def test_job_status_lists_every_job_the_worker_runs_with_its_last_run_and_last_success(
    database: Database,
) -> None:
    finished = datetime(2026, 12, 6, 23, 5, tzinfo=UTC)
    with database.uow() as uow:
        uow.session.execute(
            insert(JobRun),
            [
                {
                    "job": "policy.lifecycle", "run_key": "2026-12-06", "status": "succeeded",
                    "attempts": 1, "started_at": finished, "finished_at": finished,
                    "summary": "3 affiliations ended",
                },
                {
                    "job": "policy.lifecycle", "run_key": "2026-12-07", "status": "failed",
                    "attempts": 3, "started_at": finished, "finished_at": finished,
                    "last_error": "database unreachable",
                },
            ],
        )  # fmt: skip
        uow.commit()

    jobs = {job["name"]: job for job in _run("jobs", "status", "--json")["jobs"]}

    lifecycle = jobs["policy.lifecycle"]
    assert (lifecycle["last_run_key"], lifecycle["last_status"]) == ("2026-12-07", "failed")
    assert lifecycle["last_success_at"] == finished.isoformat()
    assert lifecycle["last_error"] == "database unreachable"
    never = jobs["outbox.purge"]
    assert (never["last_status"], never["last_success_at"]) == (None, None)
    assert "never" in _run("jobs", "status")
