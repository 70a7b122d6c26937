"""What an operator changes from the command line (issue 16): dead messages requeued, a webhook
endpoint's secret rotated or the endpoint disabled. Each runs in the caller's unit of work and
writes its audit event there, so an operator's action is in the same trail as a member's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.outbox.admin import requeue_dead
from cybercare.outbox.endpoints import Endpoint, deactivate_endpoint, rotate_endpoint_secret


def requeue(uow: UnitOfWork, *, at: datetime, actor: str, message_ids: Sequence[int] | None) -> int:
    """Dead messages (all, or those listed) get a fresh set of attempts: once the cause is
    fixed (a partner's endpoint back up, an SMTP password corrected)."""
    count = requeue_dead(uow, at=at, message_ids=message_ids)
    trail.record(
        uow,
        at=at,
        actor=actor,
        action="outbox.requeued",
        subject_type="outbox",
        subject_id="dead" if message_ids is None else ",".join(map(str, message_ids))[:64],
        details={"requeued": count, "asked": None if message_ids is None else len(message_ids)},
    )
    return count


def rotate_webhook_secret(
    uow: UnitOfWork, endpoint_id: int, *, at: datetime, actor: str
) -> Endpoint:
    endpoint = rotate_endpoint_secret(uow, endpoint_id, at=at)
    _audit_endpoint(uow, endpoint, "webhook.secret_rotated", at, actor)
    return endpoint


def disable_webhook(uow: UnitOfWork, endpoint_id: int, *, at: datetime, actor: str) -> Endpoint:
    endpoint = deactivate_endpoint(uow, endpoint_id, at)
    _audit_endpoint(uow, endpoint, "webhook.disabled", at, actor)
    return endpoint


def _audit_endpoint(
    uow: UnitOfWork, endpoint: Endpoint, action: str, at: datetime, actor: str
) -> None:
    trail.record(
        uow,
        at=at,
        actor=actor,
        action=action,
        subject_type="webhook_endpoint",
        subject_id=str(endpoint.id),
        details={"distributor": endpoint.distributor_code, "version": endpoint.secret_version},
    )
