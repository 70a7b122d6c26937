"""`cybercare outbox | webhooks | keys | jobs ...`: the operator's runbook commands (issue 16).

Each prints a table for a person, or with `--json` one JSON document for a script (dates in ISO
8601 UTC). Changes (requeue, rotate, disable, revoke) run in one transaction with their audit
event, actor `cli:<command>`; a refusal (an unknown id) prints a message and exits 1.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from cybercare.cli.common import console, domain_errors, wired
from cybercare.outbox import operator, operator_queries
from cybercare.outbox.signing import endpoint_secret
from cybercare.partners.api_key_queries import api_keys
from cybercare.partners.distributors import revoke_api_key

JsonOption = Annotated[bool, typer.Option("--json", help="One JSON document on stdout")]

outbox_app = typer.Typer(help="The outbox: what waits, what died, requeue.", no_args_is_help=True)
webhooks_app = typer.Typer(help="Distributors' webhook endpoints.", no_args_is_help=True)
keys_app = typer.Typer(help="Distributors' API keys.", no_args_is_help=True)
jobs_app = typer.Typer(help="The worker's periodic jobs.", no_args_is_help=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _emit_json(document: Any) -> None:
    typer.echo(json.dumps(_plain(document), indent=2, sort_keys=True))


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "-"


@outbox_app.command("status")
def outbox_status(as_json: JsonOption = False) -> None:
    """Messages per status, the oldest still waiting, and the newest dead ones with their error."""
    container = wired()
    with container.database.reader() as uow:
        state = operator_queries.outbox_state(uow)
    now = container.clock.now()
    age = (now - state.oldest_pending_at).total_seconds() if state.oldest_pending_at else None
    if as_json:
        _emit_json({**dataclasses.asdict(state), "oldest_pending_age_s": age})
        return
    counts = ", ".join(f"{status} {count}" for status, count in state.counts.items())
    console.print(f"outbox: {counts}")
    if age is not None:
        console.print(f"oldest waiting message: {age:.0f} s old")
    if state.dead:
        table = Table("id", "kind", "attempts", "created", "last error", title="dead messages")
        for message in state.dead:
            table.add_row(
                str(message.id),
                message.kind,
                str(message.attempts),
                _when(message.created_at),
                (message.last_error or "")[:80],
            )
        console.print(table)


@outbox_app.command("requeue")
def outbox_requeue(
    message_ids: Annotated[
        list[int] | None, typer.Argument(help="Dead message ids; none with --all-dead")
    ] = None,
    all_dead: Annotated[bool, typer.Option("--all-dead", help="Every dead message")] = False,
    as_json: JsonOption = False,
) -> None:
    """Give dead messages a fresh set of attempts, once their cause is fixed."""
    if bool(message_ids) == all_dead:
        raise typer.BadParameter("name the dead message ids, or pass --all-dead (not both)")
    container = wired()
    with container.database.uow() as uow:
        count = operator.requeue(
            uow,
            at=container.clock.now(),
            actor="cli:outbox.requeue",
            message_ids=None if all_dead else message_ids,
        )
        uow.commit()
    if as_json:
        _emit_json({"requeued": count})
    else:
        console.print(f"requeued {count} dead message(s)")


@webhooks_app.command("list")
def webhooks_list(
    distributor: Annotated[str | None, typer.Option(help="Only this distributor's")] = None,
    as_json: JsonOption = False,
) -> None:
    """Every endpoint with its distributor, URL, secret version and state."""
    container = wired()
    with container.database.reader() as uow:
        endpoints = operator_queries.webhook_endpoints(uow, distributor)
    if as_json:
        _emit_json({"endpoints": endpoints})
        return
    table = Table("id", "distributor", "url", "secret version", "active")
    for endpoint in endpoints:
        table.add_row(
            str(endpoint.id),
            endpoint.distributor_code,
            endpoint.url,
            str(endpoint.secret_version),
            "yes" if endpoint.active else "no",
        )
    console.print(table)


@webhooks_app.command("rotate")
def webhooks_rotate(endpoint_id: int, as_json: JsonOption = False) -> None:
    """A new signing secret for the endpoint, printed once to hand to the distributor."""
    container = wired()
    with domain_errors(), container.database.uow() as uow:
        endpoint = operator.rotate_webhook_secret(
            uow, endpoint_id, at=container.clock.now(), actor="cli:webhooks.rotate"
        )
        uow.commit()
    secret = endpoint_secret(
        container.settings.secret_key.get_secret_value(), endpoint.id, endpoint.secret_version
    )
    if as_json:
        _emit_json({"endpoint": endpoint, "secret": secret})
    else:
        console.print(f"endpoint {endpoint.id} now at secret version {endpoint.secret_version}")
        console.print(f"signing secret (shown once): {secret}", soft_wrap=True)


@webhooks_app.command("disable")
def webhooks_disable(endpoint_id: int, as_json: JsonOption = False) -> None:
    """No new events for the endpoint; messages still queued for it end dead."""
    container = wired()
    with domain_errors(), container.database.uow() as uow:
        endpoint = operator.disable_webhook(
            uow, endpoint_id, at=container.clock.now(), actor="cli:webhooks.disable"
        )
        uow.commit()
    if as_json:
        _emit_json({"endpoint": endpoint})
    else:
        console.print(f"endpoint {endpoint.id} disabled")


@keys_app.command("list")
def keys_list(
    distributor: Annotated[str | None, typer.Option(help="Only this distributor's")] = None,
    as_json: JsonOption = False,
) -> None:
    """Every API key: id, distributor, label, issued, revoked (never the secret)."""
    container = wired()
    with container.database.reader() as uow:
        keys = api_keys(uow, distributor)
    if as_json:
        _emit_json({"keys": [{**_plain(key), "active": key.active} for key in keys]})
        return
    table = Table("key id", "distributor", "label", "issued", "revoked")
    for key in keys:
        table.add_row(
            key.key_id, key.distributor, key.label, _when(key.created_at), _when(key.revoked_at)
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str, as_json: JsonOption = False) -> None:
    """Revoke an API key at once: its next request is refused."""
    container = wired()
    with domain_errors(), container.database.uow() as uow:
        revoke_api_key(uow, key_id=key_id, clock=container.clock, actor="cli:keys.revoke")
        uow.commit()
    if as_json:
        _emit_json({"revoked": key_id})
    else:
        console.print(f"{key_id} revoked")


@jobs_app.command("status")
def jobs_status(as_json: JsonOption = False) -> None:
    """Each job the worker runs: its last run, its state, its last success."""
    from cybercare.jobs import build_job_registry  # the whole back end, as the worker wires it

    container = wired()
    config = container.settings
    registry = build_job_registry(
        container.catalog,
        config.public_url,
        bank_url=config.bank_url,
        bank_accounts=[config.sepa_creditor_iban, config.payout_account_iban],
    )
    with container.database.reader() as uow:
        states = operator_queries.job_states(
            uow, ((job.name, job.every_minutes) for job in registry.jobs())
        )
    if as_json:
        _emit_json({"jobs": states})
        return
    table = Table("job", "every", "last run", "state", "finished", "last success", "summary")
    for state in states:
        every = f"{state.every_minutes} min" if state.every_minutes else "day"
        table.add_row(
            state.name,
            every,
            state.last_run_key or "never",
            state.last_status or "-",
            _when(state.last_finished_at),
            _when(state.last_success_at),
            (state.last_error or state.last_summary or "")[:60],
        )
    console.print(table)
