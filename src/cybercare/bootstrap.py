"""Wires the adapters from settings. Nothing here runs at import time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from cybercare.db.engine import make_engine
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
    engine = make_engine(settings.database_url, echo=settings.sql_echo)
    return Container(
        settings=settings,
        engine=engine,
        database=Database(engine),
        catalog=load_catalog(extra_dirs=tuple(settings.product_dirs)),
        clock=clock or SystemClock(),
    )
