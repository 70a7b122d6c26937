"""The handlers' use cases as the edges call them (Art. 8.4, 8.5, 10.1): the queue and a
handler's decision (`claims.decide`), the second approval (`claims.approve`), reopening a
decided claim (`claims.reopen`) and recording a recovery (`claims.recover`)."""

from __future__ import annotations

from cybercare.claims.approve import approve_claim
from cybercare.claims.claim import SUBROGATION, RecoveryRefused
from cybercare.claims.decide import HANDLERS, HandlerDecision, decide_claim, handler_queue
from cybercare.claims.recover import record_recovery
from cybercare.claims.reopen import reopen_claim

__all__ = [
    "HANDLERS",
    "SUBROGATION",
    "HandlerDecision",
    "RecoveryRefused",
    "approve_claim",
    "decide_claim",
    "handler_queue",
    "record_recovery",
    "reopen_claim",
]
