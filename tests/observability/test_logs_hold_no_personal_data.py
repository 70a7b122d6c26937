"""A whole journey through the real application, every log line captured as production writes
it (JSON), our loggers at DEBUG and SQLAlchemy's statements at INFO: not one line holds the
member's name, e-mail address, national number or IBAN, nor a token that opens something.

A distributor subscribes the household through the API (with a SEPA mandate); the member's
login gets its password through a reset link the worker e-mails; the member signs in and reports
a non-delivery with the account to pay; a staff user signs in with the second factor and searches
the member by name, e-mail address and national number, and opens the file. Both databases.

Names cannot be recognised by a pattern: they stay out because no line is written from a request
body, a form, a query string or a bound SQL parameter (`hide_parameters`), which this proves.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.tables import OutboxMessage, PersonRow
from cybercare.db.uow import Database
from cybercare.identity.service import create_member_user
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.runner import run_worker
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from tests.api import builders
from tests.conftest import Backend
from tests.observability.conftest import LogLines
from tests.web.accounts import Login, sign_in_as, staff_login, submit_password
from tests.web.conftest import csrf_of, post_form
from tests.web.test_report import answers, send

GIVEN_NAME = "Griselda"
FAMILY_NAME = "Vandermoortele"
EMAIL = "griselda.vdm@example.be"
NATIONAL_NUMBER = "84051712401"  # born 17 May 1984
NATIONAL_NUMBER_SHOWN = "84.05.17-124.01"
MANDATE_IBAN = "BE66096555666743"
PAYOUT_IBAN = "BE71096123456769"
NEW_PASSWORD = "a long and private sentence"
HOME = "https://testserver"


@pytest.fixture
def journey_logs(log_lines: LogLines) -> LogLines:
    """SQLAlchemy's statements at INFO (`log_lines` restores the level). The test's first
    fixture: SQLAlchemy decides whether a connection logs when the connection is made, and the
    test database's connection comes next."""
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    return log_lines


@pytest.fixture
def journey_container(backend: Backend, db: Database, clock: FixedClock) -> Container:
    builders.seed(db, clock)
    return builders.container(db, url=backend.url, clock=clock)


def _subscribe(client: TestClient, distributor: builders.Distributor) -> dict[str, Any]:
    affiliate = builders.person(
        given_name=GIVEN_NAME,
        family_name=FAMILY_NAME,
        birth_date="1984-05-17",
        language="en",
        email=EMAIL,
        national_register_number=NATIONAL_NUMBER,
    )
    token = builders.quote(client, by=distributor)
    body = builders.subscription(terms_token=token, affiliate=affiliate, members=[])
    body["mandate"] = {
        "reference": "PXM-2026-000777",
        "holder": f"{GIVEN_NAME} {FAMILY_NAME}",
        "iban": MANDATE_IBAN,
        "signature_date": "2026-11-20",
    }
    answer = builders.post(client, "/api/v1/affiliations", body, by=distributor)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _reset_link(container: Container) -> str:
    with container.database.reader() as uow:
        texts = [
            str(payload.get("text"))
            for payload in uow.session.scalars(
                select(OutboxMessage.payload).where(OutboxMessage.kind == "email")
            )
        ]
    links = [m.group(1) for t in texts if (m := re.search(r"https?://\S+(/password/reset\S+)", t))]
    assert len(links) == 1, texts
    return links[0]


def _deliver_e_mails(container: Container, folder: Path) -> None:
    """The worker's pass, as `cybercare worker --once` runs it."""
    with HttpWebhookTransport() as webhooks:
        run_worker(
            container.database,
            container.clock,
            webhook_transport=webhooks,
            mail_transport=MailboxTransport(folder),
            secret_key=container.settings.secret_key.get_secret_value(),
            mail_from=container.settings.smtp_from,
            once=True,
        )
    assert any(folder.iterdir()), "the worker delivered no e-mail"


def test_a_whole_journey_leaves_no_personal_data_and_no_token_in_the_logs(
    journey_logs: LogLines, journey_container: Container, tmp_path: Path
) -> None:
    container = journey_container
    clock = container.clock
    assert isinstance(clock, FixedClock)
    distributor = builders.api_key(container.database, clock)
    secrets: list[str] = [distributor.token]
    app = create_app(container=container)
    member = TestClient(app, base_url=HOME)
    member.cookies.set("cc_lang", "en")

    # 1. The distributor subscribes the household, reads it back, looks it up by its reference.
    created = _subscribe(member, distributor)
    affiliation_id = created["id"]
    assert member.get(
        f"/api/v1/affiliations/{affiliation_id}", headers=distributor.headers
    ).is_success
    found = member.get(
        "/api/v1/affiliations", params={"customer_ref": "CUST-0001"}, headers=distributor.headers
    )
    assert found.status_code == 200
    # A national number where an id belongs: the route is logged, never the path.
    missing = member.get(f"/api/v1/affiliations/{NATIONAL_NUMBER}", headers=distributor.headers)
    assert missing.status_code == 404
    member.get(f"/lost/{EMAIL}", headers={"Accept": "application/json"})  # no route: masked

    # 2. A month later the member gets a login (as `cybercare user create-member` does).
    clock.advance(timedelta(days=30))
    with container.database.reader() as uow:
        person_id = uow.session.scalar(select(PersonRow.id).where(PersonRow.email == EMAIL))
    assert person_id is not None
    with container.database.uow() as uow:
        user = create_member_user(
            uow, email=EMAIL, person_id=person_id, clock=clock, actor="test:operator"
        )
        uow.commit()

    # 3. The password through a reset link, e-mailed by the worker.
    asked = post_form(member, "/password/forgot", "/password/forgot", {"email": EMAIL})
    assert asked.status_code == 200  # type: ignore[attr-defined]
    _deliver_e_mails(container, tmp_path / "mailbox")
    link = _reset_link(container)
    reset_token = parse_qs(urlsplit(link).query)["token"][0]
    secrets.append(reset_token)
    form = member.get(link)
    assert form.status_code == 200
    chosen = member.post(
        "/password/reset",
        data={
            "token": reset_token,
            "password": NEW_PASSWORD,
            "confirmation": NEW_PASSWORD,
            "csrf_token": csrf_of(form.text),
        },
        follow_redirects=False,
    )
    assert chosen.status_code == 303, chosen.text

    # 4. The member signs in and reports a non-delivery, with the account to pay.
    signed_in = submit_password(member, Login(user.user_id, EMAIL, NEW_PASSWORD))
    assert signed_in.headers["location"] == "/portal", signed_in.text
    secrets.append(str(member.cookies.get("cc_session")))
    report = answers(
        "ecom",
        kind="non_delivery",
        person_id=person_id,
        narrative=f"I, {GIVEN_NAME} {FAMILY_NAME}, paid for a bike helmet that never came.",
        occurrence_date="2026-12-01",
        discovery_date="2026-12-20",
        payment_date="2026-12-01",
        promised_delivery_date="2026-12-05",
        iban=PAYOUT_IBAN,
        holder=f"{GIVEN_NAME} {FAMILY_NAME}",
    )
    sent = send(member, "ecom", report)
    assert sent.status_code == 303, sent.text
    assert member.get(sent.headers["location"]).status_code == 200

    # 5. Staff sign in (second factor) and search the member every way they can.
    staff = TestClient(app, base_url=HOME)
    sign_in_as(staff, staff_login(container, roles=("claims_handler",)), clock)
    secrets.append(str(staff.cookies.get("cc_session")))
    for query in (FAMILY_NAME, f"{GIVEN_NAME} {FAMILY_NAME}", EMAIL, NATIONAL_NUMBER):
        assert staff.get("/staff/search", params={"q": query}).status_code == 200
    assert staff.get(f"/staff/affiliations/{affiliation_id}").status_code == 200

    lines = journey_logs.lines()
    events = [json.loads(line) for line in lines]  # every line is one JSON object
    loggers = {event["logger"] for event in events}
    assert {"cybercare.access", "sqlalchemy.engine.Engine"} <= loggers, loggers
    requests = [e for e in events if e["logger"] == "cybercare.access"]
    assert len(requests) >= 20 and all(e["request_id"] for e in requests)
    forbidden = {
        "given name": GIVEN_NAME,
        "family name": FAMILY_NAME,
        "e-mail address": EMAIL,
        "national number": NATIONAL_NUMBER,
        "national number as shown": NATIONAL_NUMBER_SHOWN,
        "mandate IBAN": MANDATE_IBAN,
        "payout IBAN": PAYOUT_IBAN,
        **{f"secret {n}": secret for n, secret in enumerate(secrets)},
    }
    texts = [(line, json.dumps(json.loads(line), ensure_ascii=False).lower()) for line in lines]
    for what, value in forbidden.items():
        leaking = [line for line, text in texts if value.lower() in text or value in line]
        assert not leaking, f"the {what} is in {len(leaking)} log lines: {leaking[:2]}"
