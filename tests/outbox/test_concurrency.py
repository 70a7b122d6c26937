"""Several workers can drain one outbox at once: each message reaches the receiver exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from cybercare.db.uow import Database
from cybercare.outbox.enqueue import enqueue_webhook
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.runner import WorkerStats, run_worker
from cybercare.outbox.signing import EVENT_ID_HEADER
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from tests.outbox import builders
from tests.outbox.builders import MAIL_FROM, SECRET_KEY, T0
from tests.outbox.receivers import Receiver

MESSAGES = 200
WORKERS = 2


def test_two_workers_draining_200_messages_deliver_each_exactly_once(
    fresh_database: tuple[str, Engine],
    make_receiver: Callable[..., Receiver],
    tmp_path: Path,
) -> None:
    _url, engine = fresh_database
    receiver = make_receiver()
    builders.endpoint(Database(engine), url=receiver.url)
    with Database(engine).uow() as uow:
        for number in range(MESSAGES):
            enqueue_webhook(
                uow,
                distributor="acme",
                event_id=f"evt_{number:04d}",
                event_type="x",
                body={"n": number},
                at=T0,
            )
        uow.commit()
    clock = builders.clock()
    start = threading.Barrier(WORKERS)
    results: list[WorkerStats] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with HttpWebhookTransport(timeout_s=5.0) as transport:
                start.wait(timeout=10)
                results.append(
                    run_worker(
                        Database(engine),  # each worker checks out its own connections
                        clock,
                        webhook_transport=transport,
                        mail_transport=MailboxTransport(tmp_path / "mailbox"),
                        secret_key=SECRET_KEY,
                        mail_from=MAIL_FROM,
                        once=True,
                        batch_size=10,
                        jobs=JobRegistry(),
                    )
                )
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    receipts = Counter(receipt.headers[EVENT_ID_HEADER] for receipt in receiver.receipts)
    assert len(receipts) == MESSAGES
    assert set(receipts.values()) == {1}
    assert sum(stats.delivered for stats in results) == MESSAGES
    assert builders.count(Database(engine), status="delivered") == MESSAGES
