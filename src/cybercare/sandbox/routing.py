"""Which container serves a test-mode request on a test clock: the sandbox's, with the clock's
frozen time as its clock (`Cybercare-Test-Clock: clk_…`). Another distributor's clock, or an
unknown one, answers 404."""

from __future__ import annotations

from dataclasses import replace

from cybercare.bootstrap import Container
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import authenticate
from cybercare.sandbox.service import get_test_clock

TEST_CLOCK_HEADER = "Cybercare-Test-Clock"


def on_test_clock(sandbox: Container, token: str, clock_id: str) -> Container:
    with sandbox.database.reader() as uow:
        principal = authenticate(uow, token, test_mode=True)
        if principal is None:  # the access rule answers 401
            return sandbox
        test_clock = get_test_clock(uow, principal.code, clock_id)
    return replace(sandbox, clock=FixedClock(test_clock.frozen_time), test_clock=test_clock.id)
