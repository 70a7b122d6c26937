"""The lease heartbeat (issue 18): claims are leased for a few seconds only, and a thread of the
worker renews the leases of the claims still in flight every third of that. A worker killed
mid-delivery stops renewing, so its messages are due again within one lease (15 s by default),
instead of waiting out a lease long enough for the slowest request (300 s before).

Like the worker heartbeat (heartbeat.py), a renewal that fails (the database is away) is logged
and tried again at the next beat; the lease is three beats long, so two may be missed.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from types import TracebackType

from cybercare.db.outage import DatabaseError
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.outbox.worker import DEFAULT_LEASE_S, renew_leases

logger = logging.getLogger("cybercare.outbox.leases")


class LeaseKeeper:
    """`with LeaseKeeper(database, clock, lease_s=15) as keeper: keeper.hold(token, n) …
    keeper.release(token)`; renews every `lease_s / 3` the tokens held."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        lease_s: float = DEFAULT_LEASE_S,
        background: bool = True,
    ) -> None:
        self.background = background  # False: renewals only when `renew` is called
        self.database = database
        self.clock = clock
        self.lease_s = lease_s
        self.interval_s = max(lease_s / 3, 0.05)
        self._held: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-leases", daemon=True)

    def hold(self, token: str, messages: int = 1) -> None:
        with self._lock:
            self._held[token] += messages

    def release(self, token: str, messages: int = 1) -> None:
        with self._lock:
            self._held[token] -= messages
            if self._held[token] <= 0:
                del self._held[token]

    def tokens(self) -> list[str]:
        with self._lock:
            return list(self._held)

    def renew(self) -> int:
        """One renewal now; 0 (logged) when the database did not take it."""
        tokens = self.tokens()
        if not tokens:
            return 0
        try:
            return renew_leases(self.database, tokens, self.clock.now(), self.lease_s)
        except DatabaseError as error:
            logger.warning("outbox leases not renewed: %s", error)
            return 0

    def __enter__(self) -> LeaseKeeper:
        if self.background:
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.renew()
