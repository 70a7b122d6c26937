"""Fixtures for outbox tests: local receivers (127.0.0.1 only), transports, a mailbox folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.transports import HttpWebhookTransport
from tests.outbox import builders
from tests.outbox.receivers import Receiver


@pytest.fixture
def make_receiver() -> Iterator[Callable[..., Receiver]]:
    started: list[Receiver] = []

    def make(**options: Any) -> Receiver:
        receiver = Receiver(**options).start()
        started.append(receiver)
        return receiver

    yield make
    for receiver in started:
        receiver.stop()


@pytest.fixture
def receiver(make_receiver: Callable[..., Receiver]) -> Receiver:
    return make_receiver()


@pytest.fixture
def transport() -> Iterator[HttpWebhookTransport]:
    with HttpWebhookTransport(timeout_s=2.0, connect_timeout_s=1.0) as client:
        yield client


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    return tmp_path / "mailbox"


@pytest.fixture
def dispatcher(transport: HttpWebhookTransport, mailbox: Path) -> Dispatcher:
    return builders.dispatcher(transport, mailbox)
