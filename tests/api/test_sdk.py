"""The partner SDKs (issue 18): the checked-in `sdk/` is what the partner document generates, the
TypeScript client type-checks, and the generated Python client walks the partner journey against
a live server (uvicorn on 127.0.0.1): register a webhook endpoint (its `whsec_` secret answered
once), quote, subscribe with a mandate, a member joins and leaves, the events are read (typed,
paged), the affiliation is withdrawn; the worker delivers the webhooks of those events to a local
receiver and the partner's side verifies one with the `standardwebhooks` library.

The generators: openapi-python-client from `.venv-sdk` (`make sdk-tools`), openapi-typescript and
tsc from node_modules (`npm ci`); `make install-dev` provides both.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from standardwebhooks import Webhook, WebhookVerificationError

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock, SystemClock
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.runner import deliver_batch
from cybercare.outbox.signing import EVENT_TYPE_HEADER, ID_HEADER, endpoint_secret
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from tests.api import builders
from tests.api.builders import SECRET_KEY, Distributor
from tests.outbox.receivers import Receiver

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "sdk" / "python"))

import partner_sdk  # noqa: E402  (tools/)
from cybercare_partner_client import AuthenticatedClient  # noqa: E402  (sdk/python/)
from cybercare_partner_client.api.affiliations import (  # noqa: E402
    add_member,
    create_affiliation,
    record_member_departure,
    withdraw_affiliation,
)
from cybercare_partner_client.api.events import list_events  # noqa: E402
from cybercare_partner_client.api.quotes import create_quote  # noqa: E402
from cybercare_partner_client.api.webhooks import create_webhook_endpoint  # noqa: E402
from cybercare_partner_client.models import (  # noqa: E402
    AffiliationCreate,
    AffiliationRead,
    AffiliationSubscribed,
    EventPage,
    HouseholdMemberJoined,
    HouseholdMemberLeft,
    MemberCreate,
    MemberDeparture,
    Problem,
    QuoteCreate,
    QuoteRead,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WithdrawalCreate,
    WithdrawalRead,
)

MANDATE = {
    "reference": "PXM-2026-000777",
    "holder": "Marie Dubois",
    "iban": "BE71 0961 2345 6769",
    "signature_date": "2026-11-20",
}


def test_the_checked_in_sdks_are_what_the_partner_document_generates(tmp_path: Path) -> None:
    partner_sdk.generate(tmp_path)
    fresh = partner_sdk.generated_files(tmp_path)
    checked_in = partner_sdk.generated_files(ROOT / "sdk")
    assert sorted(fresh) == sorted(checked_in), "run `make sdk` and commit sdk/"
    changed = [name for name in fresh if fresh[name] != checked_in[name]]
    assert changed == [], "run `make sdk` and commit sdk/"


def test_the_typescript_client_type_checks() -> None:
    tsc = ROOT / "node_modules" / ".bin" / "tsc"
    assert tsc.exists(), "npm ci (make install-dev) installs typescript"
    checked = subprocess.run(
        [str(tsc), "-p", str(ROOT / "sdk" / "typescript" / "tsconfig.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn in a thread on a free 127.0.0.1 port: yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _key() -> str:
    return f"sdk-{uuid.uuid4().hex}"


def _ok(response: Any, status: int, kind: type) -> Any:
    assert response.status_code == status, response.content
    assert isinstance(response.parsed, kind), response.parsed
    return response.parsed


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver().start()
    yield started
    started.stop()


def test_the_python_client_walks_the_partner_journey_on_a_live_server(
    api_container: Container,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    with (
        serving(create_app(container=api_container)) as base,
        AuthenticatedClient(base_url=base, token=proximus.token) as client,
    ):
        endpoint = _ok(
            create_webhook_endpoint.sync_detailed(
                client=client,
                body=WebhookEndpointCreate.from_dict({"url": receiver.url}),
                idempotency_key=_key(),
            ),
            201,
            WebhookEndpointCreated,
        )
        assert endpoint.secret.startswith("whsec_")  # shown once: the partner keeps it
        quoted = _ok(
            create_quote.sync_detailed(
                client=client,
                body=QuoteCreate.from_dict({"product_code": "cyber-care-be", "language": "fr"}),
                idempotency_key=_key(),
            ),
            200,
            QuoteRead,
        )
        body = builders.subscription(terms_token=quoted.terms_token) | {"mandate": MANDATE}
        key = _key()
        first_answer = create_affiliation.sync_detailed(
            client=client, body=AffiliationCreate.from_dict(body), idempotency_key=key
        )
        created = _ok(first_answer, 201, AffiliationRead)
        replayed = create_affiliation.sync_detailed(
            client=client, body=AffiliationCreate.from_dict(body), idempotency_key=key
        )
        assert replayed.headers["Idempotent-Replayed"] == "true"
        assert replayed.content == first_answer.content  # the same bytes, said to be a replay

        joined = _ok(
            add_member.sync_detailed(
                created.id,
                client=client,
                body=MemberCreate.from_dict(builders.child() | {"joined_on": "2026-12-01"}),
                idempotency_key=_key(),
            ),
            200,
            AffiliationRead,
        )
        emma = next(m for m in joined.members if m.given_name == "Emma")
        _ok(
            record_member_departure.sync_detailed(
                created.id,
                emma.person_id,
                client=client,
                body=MemberDeparture.from_dict({"left_on": "2027-01-15"}),
                idempotency_key=_key(),
            ),
            200,
            AffiliationRead,
        )
        unknown = add_member.sync_detailed(
            "aff_unknown",
            client=client,
            body=MemberCreate.from_dict(builders.child() | {"joined_on": "2026-12-01"}),
            idempotency_key=_key(),
        )
        problem = _ok(unknown, 404, Problem)
        assert problem.code == "affiliation.not_found"

        events: list[Any] = []
        after: str | None = None
        while True:  # pages of two, typed by `type`
            page = _ok(
                list_events.sync_detailed(client=client, after=after, limit=2), 200, EventPage
            )
            events.extend(page.events)
            after = page.next_cursor
            if not page.has_more:
                break
        kinds = [type(event) for event in events]
        assert kinds[0] is AffiliationSubscribed
        assert HouseholdMemberJoined in kinds and HouseholdMemberLeft in kinds
        assert events[0].data.product.code == "cyber-care-be"

        _ok(
            withdraw_affiliation.sync_detailed(
                created.id, client=client, body=WithdrawalCreate(), idempotency_key=_key()
            ),
            200,
            WithdrawalRead,
        )

    # The webhooks of those events: delivered to the receiver and verified on the partner's
    # side with the Standard Webhooks library, as a partner does. The library checks the
    # signature time against the wall clock (5 minutes either way): deliver at the real time.
    with HttpWebhookTransport(timeout_s=2.0, connect_timeout_s=1.0) as transport:
        dispatcher = Dispatcher(
            transport, MailboxTransport(tmp_path / "mailbox"), SECRET_KEY, "cc <n@example.be>"
        )
        clock.advance(max(timedelta(seconds=1), SystemClock().now() - clock.now()))
        deliver_batch(db, clock, dispatcher)
    secret = endpoint.secret
    delivered = {receipt.headers[ID_HEADER]: receipt for receipt in receiver.accepted}
    assert events[0].id in delivered
    first = delivered[events[0].id]
    verified = Webhook(secret).verify(first.body, dict(first.headers))
    assert AffiliationSubscribed.from_dict(verified).id == events[0].id
    assert first.headers[EVENT_TYPE_HEADER] == "affiliation.subscribed"
    tampered = first.body.replace(b"cyber-care-be", b"cyber-care-nl")
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, dict(first.headers))
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint_secret(SECRET_KEY, endpoint.id, 2)).verify(first.body, dict(first.headers))
