"""Demo data for `make run` (development only): idempotent, so every start finds the same world.

Households in every interesting state and the staff of every team, built through the services
with clocks set in the past; the logins and the distributor API key are written to
`var/demo-credentials.txt` (never committed) and printed.
"""

from __future__ import annotations

from cybercare.demo.seeding import CREDENTIALS_FILE, DEMO_DISTRIBUTOR, logins, seed

__all__ = ["CREDENTIALS_FILE", "DEMO_DISTRIBUTOR", "logins", "seed"]
