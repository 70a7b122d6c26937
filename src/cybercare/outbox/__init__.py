"""The transactional outbox: side effects written in the command's transaction, delivered after
commit by `cybercare worker` (webhooks, e-mails), plus the daily jobs the worker runs.

Services call `enqueue_webhook` / `enqueue_email` inside their unit of work; see docs/outbox.md.
"""

from cybercare.outbox.endpoints import (
    Endpoint,
    active_endpoints,
    deactivate_endpoint,
    register_endpoint,
    rotate_endpoint_secret,
)
from cybercare.outbox.enqueue import enqueue_email, enqueue_webhook
from cybercare.outbox.jobs import JobRegistry, JobResult, default_registry, run_due_jobs
from cybercare.outbox.signing import endpoint_secret, verify

__all__ = [
    "Endpoint",
    "JobRegistry",
    "JobResult",
    "active_endpoints",
    "deactivate_endpoint",
    "default_registry",
    "endpoint_secret",
    "enqueue_email",
    "enqueue_webhook",
    "register_endpoint",
    "rotate_endpoint_secret",
    "run_due_jobs",
    "verify",
]
