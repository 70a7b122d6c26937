"""Wires the adapters from settings. Nothing here runs at import time.

The one place that builds the database, the catalogue and the clock: the web application
(`cybercare.app`) and every command (`cybercare.cli`) take them from `build_container`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercare.db.connect import Engine, open_database
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock, SystemClock
from cybercare.product.catalog import Catalog, load_catalog
from cybercare.settings import Settings


@dataclass(frozen=True)
class Container:
    settings: Settings
    engine: Engine
    database: Database
    catalog: Catalog
    clock: Clock
    # The partners' sandbox (issue 18, docs/partner-sandbox.md): the same wiring on its own
    # database, which test-mode API keys are routed to (`cybercare.http.deps`); None: no sandbox.
    sandbox: Container | None = None
    test_clock: str | None = None  # a sandbox request on a test clock (its id): its time is `clock`


def build_container(settings: Settings, *, clock: Clock | None = None) -> Container:
    engine, database = open_database(settings.database_url, echo=settings.sql_echo)
    catalog = load_catalog(extra_dirs=tuple(settings.product_dirs))
    clock = clock or SystemClock()
    return Container(
        settings=settings,
        engine=engine,
        database=database,
        catalog=catalog,
        clock=clock,
        sandbox=build_sandbox(settings, catalog, clock),
    )


def build_sandbox(settings: Settings, catalog: Catalog, clock: Clock) -> Container | None:
    """The sandbox's container: its own engine on `settings.sandbox_url` (connects to nothing
    until used), the same catalogue and clock (a test clock replaces it per request)."""
    url = settings.sandbox_url
    if url is None:
        return None
    engine, database = open_database(url, echo=settings.sql_echo)
    return Container(
        settings=sandbox_settings(settings, url),
        engine=engine,
        database=database,
        catalog=catalog,
        clock=clock,
    )


def sandbox_settings(settings: Settings, url: str) -> Settings:
    """The sandbox's settings: its database; no bank (its debit files never reach one: its
    own simulated bank settles them, `sandbox.service`); no mail relay (its e-mails, e.g. the
    formal notices to test households, are written to a mailbox directory of their own)."""
    return settings.model_copy(
        update={
            "database_url": url,
            "migration_database_url": None,
            "bank_url": None,
            "smtp_host": None,
            "mailbox_dir": settings.mailbox_dir.with_name(settings.mailbox_dir.name + "-sandbox"),
        }
    )
