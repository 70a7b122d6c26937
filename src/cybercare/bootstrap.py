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


def build_container(settings: Settings, *, clock: Clock | None = None) -> Container:
    engine, database = open_database(settings.database_url, echo=settings.sql_echo)
    return Container(
        settings=settings,
        engine=engine,
        database=database,
        catalog=load_catalog(extra_dirs=tuple(settings.product_dirs)),
        clock=clock or SystemClock(),
    )
