"""`make run` seeds a demo world idempotently, in development only."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cybercare.bootstrap import Container
from cybercare.db.tables import ApiKeyRow, DistributorRow
from cybercare.demo import seed
from cybercare.settings import Environment


def _development(container: Container) -> Container:
    settings = container.settings.model_copy(update={"environment": Environment.DEVELOPMENT})
    return dataclasses.replace(container, settings=settings)


def test_seeding_twice_creates_the_demo_distributor_and_one_key(
    container: Container, tmp_path: Path
) -> None:
    credentials = tmp_path / "demo-credentials.txt"
    first = seed(_development(container), credentials)
    second = seed(_development(container), credentials)
    assert first == second
    assert first[0].startswith("distributor API key (proximus): cck_key_")
    with container.database.reader() as uow:
        assert uow.session.scalar(select(func.count()).select_from(DistributorRow)) == 1
        assert uow.session.scalar(select(func.count()).select_from(ApiKeyRow)) == 1


def test_demo_data_is_refused_outside_development(container: Container, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="development"):
        seed(container, tmp_path / "demo-credentials.txt")
