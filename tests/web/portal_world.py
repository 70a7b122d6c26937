"""The member portal's test world: the Peeters household of `tests.assistance.builders` (An the
affiliate, Bram her partner, Cas their adult son, Dina their daughter of 12, Emma Bram's mother,
Frank a housemate who is not family) with the staff of every team, logins with a password made
when a test signs someone in, and short ways to give the household cases, claims and premiums
through the services (never through the database directly)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.assistance.domain import Channel
from cybercare.assistance.service import CaseOpening, open_case
from cybercare.billing import service as billing
from cybercare.billing.domain import Period
from cybercare.billing.dunning_service import run_dunning_day
from cybercare.billing.run import run_billing
from cybercare.bootstrap import Container
from cybercare.claims import decide
from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.submit import ClaimSubmission, submit_claim
from cybercare.claims.views import ClaimView
from cybercare.cover.domain import Circumstances
from cybercare.db.tables import PremiumLineRow, UserRow
from cybercare.identity import credentials, signin
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import FixedClock
from tests.assistance.builders import World, household_world
from tests.claims.builders import IBAN, respected
from tests.claims.scenario_builders import PAYF_EVIDENCE, uploads
from tests.web.conftest import PASSWORD, post_form, sign_in

INCIDENT_DAY = date(2026, 11, 20)


def peeters(container: Container, *, suffix: str = "", with_staff: bool = True) -> World:
    return household_world(
        container.database, container.clock, suffix=suffix, with_staff=with_staff
    )


def login(client: TestClient, container: Container, world: World, name: str) -> None:
    """Give `name` a password (and staff a second factor) and sign in through the forms."""
    login_as(client, container, world[name])


def login_as(client: TestClient, container: Container, principal: Principal) -> None:
    with container.database.uow() as uow:
        signin.set_password(
            uow, user_id=principal.user_id, password=PASSWORD, clock=container.clock, actor="test"
        )
        row = uow.session.get(UserRow, principal.user_id)
        assert row is not None
        email = row.email
        if principal.is_staff:  # staff always sign in with a second factor
            row.totp_secret = credentials.new_totp_secret()
        secret = row.totp_secret
        uow.commit()
    if secret is None:
        sign_in(client, email)
        return
    answer = post_form(client, "/login", "/login", {"email": email, "password": PASSWORD})
    assert answer.headers["location"].startswith("/login/code")  # type: ignore[attr-defined]
    code = pyotp.TOTP(secret).at(container.clock.now())
    answer = post_form(client, "/login/code", "/login/code", {"code": code})
    assert answer.status_code == 303  # type: ignore[attr-defined]


def case_for(
    container: Container,
    world: World,
    who: str,
    person: str,
    guarantee: str | None = "PAYF",
    **changes: Any,
) -> str:
    """A case opened through the API channel by `who` for `person` (both names of the world)."""
    opening = CaseOpening(
        person_id=world.person(person),
        narrative=changes.pop("narrative", f"{guarantee} incident of {person}"),
        discovery_date=changes.pop("discovery_date", INCIDENT_DAY),
        channel=Channel.API,
        guarantee_code=guarantee,
        **changes,
    )
    with container.database.uow() as uow:
        view = open_case(uow, world[who], opening, container.catalog, container.clock)
        uow.commit()
    return view.case_id


def payf_claim(
    container: Container,
    world: World,
    who: str,
    case_id: str,
    amount_cents: int,
    *,
    bank_refused: bool = True,
) -> ClaimView:
    """A PAYF claim with the four pieces of evidence of Art. 8.3, adjudicated at once."""
    submission = ClaimSubmission(
        claimed_cents=amount_cents,
        circumstances=Circumstances(
            obligations_respected=respected("PAYF"), bank_refused_definitively=bank_refused
        ),
        payee_iban=IBAN,
        payee_name="An Peeters",
    )
    with container.database.uow() as uow:
        view = submit_claim(
            uow,
            world[who],
            case_id,
            submission,
            container.catalog,
            container.clock,
            evidence=uploads(PAYF_EVIDENCE),
        )
        uow.commit()
    return view


def handler_declines(container: Container, world: World, claim_id: str) -> ClaimView:
    decision = decide.HandlerDecision(HandlerOutcome.DECLINED, 0, "bank did not refuse")
    with container.database.uow() as uow:
        view = decide.decide_claim(
            uow, world["claims_handler"], claim_id, decision, container.catalog, container.clock
        )
        uow.commit()
    return view


def bill(container: Container, period: Period, on: date) -> None:
    run_billing(container.database, container.catalog, FixedClock.on(on), period)


def unpaid_and_noticed(container: Container, world: World, notice_on: date) -> None:
    """The household's November premium reported unpaid, then the daily job's formal notice."""
    with container.database.reader() as uow:
        line_id = uow.session.scalar(
            select(PremiumLineRow.id).where(
                PremiumLineRow.affiliation_id == world.affiliation_id,
                PremiumLineRow.period == "2026-11",
            )
        )
        gross = uow.session.scalar(
            select(PremiumLineRow.gross_cents).where(PremiumLineRow.id == line_id)
        )
    assert line_id is not None and gross is not None
    amount = f"{gross // 100}.{gross % 100:02d}"
    results = f"charge_id,outcome,amount,date\n{line_id},unpaid,{amount},{notice_on}\n"
    with container.database.uow() as uow:
        billing.import_payment_results(uow, "proxi", results, FixedClock.on(notice_on))
        uow.commit()
    with container.database.uow() as uow:
        run_dunning_day(uow, container.catalog, FixedClock.on(notice_on))
        uow.commit()
