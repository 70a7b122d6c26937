"""Demo data for `make run` (development only): idempotent, so every start finds the same world.

Credentials created here are written to `var/demo-credentials.txt` (never committed) and printed.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from cybercare.bootstrap import Container
from cybercare.db.tables import ApiKeyRow, DistributorRow
from cybercare.partners.distributors import create_distributor, issue_api_key
from cybercare.settings import Environment

DEMO_DISTRIBUTOR = "proximus"
CREDENTIALS_FILE = Path("var/demo-credentials.txt")


def seed(container: Container, credentials_file: Path = CREDENTIALS_FILE) -> list[str]:
    """Create what is missing of the demo world; returns the lines to show the newcomer."""
    if container.settings.environment is not Environment.DEVELOPMENT:
        raise RuntimeError("demo data is only seeded in development")
    actor = "demo:seed"
    with container.database.uow() as uow:
        if uow.session.get(DistributorRow, DEMO_DISTRIBUTOR) is None:
            create_distributor(
                uow,
                code=DEMO_DISTRIBUTOR,
                name="Proximus",
                commission_bp=1250,
                clock=container.clock,
                actor=actor,
            )
        has_key = uow.session.scalar(
            select(ApiKeyRow.id).where(
                ApiKeyRow.distributor_code == DEMO_DISTRIBUTOR,
                ApiKeyRow.label == "demo",
                ApiKeyRow.revoked_at.is_(None),
            )
        )
        if has_key is None or not credentials_file.exists():
            issued = issue_api_key(
                uow, distributor=DEMO_DISTRIBUTOR, label="demo", clock=container.clock, actor=actor
            )
            credentials_file.parent.mkdir(parents=True, exist_ok=True)
            credentials_file.write_text(
                f"distributor API key ({DEMO_DISTRIBUTOR}): {issued.token}\n", encoding="utf-8"
            )
        uow.commit()
    return credentials_file.read_text(encoding="utf-8").splitlines()
