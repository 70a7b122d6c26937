"""A small portfolio for the staff search and the dashboards, built through the services: the
Peeters household of `tests.assistance.builders` (staff of every team), a second household in
Ghent with a contact e-mail, premiums billed by the billing run, cases whose first-contact clocks
were met and missed, a DATA claim paid straight through (its pot then at its case limit, Art. 5.2)
and a second DATA claim a handler declines within its decision clock (Art. 8.4).

What it holds, for the assertions (clock of the `clock` fixture: Friday 27 November 2026):
- cases: EREP on Monday 16 November (week 47), nobody took it: legal, psychological and
  technical first contacts missed; DATA twice in week 48: the first by phone, taken by the
  technical agent who called the member back and reached them (met: a logged contact, Art. 8.4),
  the second by the member, its technical clock still running;
- claims: DATA 480 EUR straight through, paid on 27 November; DATA 200 EUR declined by a
  handler the same day, its decision clock met;
- premiums: the Peeters' October and November lines and the Ghent affiliation's November line
  (from 1 November 2026), each 4.99 = 4.55 net + 0.44 tax (9.60 % from July 2026, Art. 9.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.claims.decide import HandlerDecision, decide_claim
from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.submit import submit_claim
from cybercare.db.tables import DistributorRow
from cybercare.db.uow import Database
from cybercare.household.domain import Address, Person, new_household
from cybercare.identity import signin
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock, FixedClock
from cybercare.policy import domain as policy
from cybercare.policy import repository as policies
from cybercare.policy.repository import AffiliationRecord
from cybercare.product.catalog import reference_product
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import CATALOG, open_case, reach, run, take, workstream_of
from tests.claims.scenario_builders import data_submission, pay_out, text_evidence
from tests.web.conftest import PASSWORD

MISSED_AT = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
GHENT_ID = "aff_ghent"
GHENT_REF = "C-778899"
GHENT_EMAIL = "lotte.declercq@example.be"
DATA_PAID_CENTS = 48_000
PREMIUM_NET = {"2026-10": 455, "2026-11": 455 + 455}


@dataclass(frozen=True)
class Portfolio:
    world: World
    missed_case_id: str
    paid_case_id: str
    declined_case_id: str


def with_password(db: Database, clock: Clock, user: Principal) -> Principal:
    """`user` can sign in on the web with PASSWORD."""
    with db.uow() as uow:
        signin.set_password(uow, user_id=user.user_id, password=PASSWORD, clock=clock, actor="test")
        uow.commit()
    return user


def add_ghent_household(db: Database) -> None:
    """Lotte De Clercq, 9000 Gent, with the distributor `proximus`, from 1 November 2026."""
    product = reference_product()
    start = date(2026, 11, 1)
    with db.uow() as uow:
        if uow.session.get(DistributorRow, "proximus") is None:
            uow.session.add(
                DistributorRow(
                    code="proximus",
                    name="Proximus",
                    commission_bp=1000,
                    last_event_seq=0,
                    created_at=datetime(2024, 1, 1, tzinfo=UTC),
                )
            )
            uow.session.flush()
        declarations = {item.code: True for item in product.obligations.items}
        update = policy.subscribe(GHENT_ID, product, start, start, declarations)
        lotte = Person("per_lotte", "Lotte", "De Clercq", date(1991, 3, 2), "nl", GHENT_EMAIL)
        household = new_household(lotte, Address("Korenmarkt", "1", "9000", "Gent", "BE"), start)
        record = AffiliationRecord(
            GHENT_ID, "proximus", GHENT_REF, "hh_ghent", datetime(2026, 10, 20, tzinfo=UTC)
        )
        policies.add_new(uow, record, update.affiliation, household, terms_token_sha256="0" * 64)
        uow.commit()


def bill(db: Database, *periods: Period) -> None:
    for period in periods:
        run_billing(db, CATALOG, FixedClock.on(period.start), period)


def seeded_portfolio(db: Database, clock: FixedClock) -> Portfolio:
    world = household_world(db, clock)
    add_ghent_household(db)
    bill(db, Period(2026, 10), Period(2026, 11))

    # Monday 16 November: an EREP case through the distributor's app that nobody took.
    missed = open_case(
        db,
        FixedClock(MISSED_AT),
        world["affiliate"],
        world.person("affiliate"),
        "EREP",
        discovery_date=date(2026, 11, 15),
    )

    # Today: a DATA call taken by the technical agent; the claim is paid straight through.
    call = open_case(
        db,
        clock,
        world["technical"],
        world.person("adult_child"),
        "DATA",
        narrative="Laptop fell in the bath",
        discovery_date=date(2026, 11, 25),
    )
    take(db, clock, world["technical"], workstream_of(call, "technical"))
    reach(db, clock, world["technical"], call.case_id, workstream_of(call, "technical"))
    evidence = (
        text_evidence("device_description", "Dell XPS 13, SSD 512 GB"),
        text_evidence("loss_cause_description", "Water damage on 25 November"),
    )
    member = world["adult_child"]
    paid = run(
        db,
        lambda uow: submit_claim(
            uow,
            member,
            call.case_id,
            data_submission(DATA_PAID_CENTS),
            CATALOG,
            clock,
            evidence,
        ),
    )
    [payout] = paid.payouts
    pay_out(db, world["claims_handler"], clock, payout.payout_id, execution=clock.today())

    # A second DATA case the same year: the one case is used; a handler declines it.
    again = open_case(
        db,
        clock,
        world["affiliate"],
        world.person("affiliate"),
        "DATA",
        narrative="Ransomware on the family PC",
        discovery_date=date(2026, 11, 26),
    )
    second = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            again.case_id,
            data_submission(20_000, "malware"),
            CATALOG,
            clock,
            evidence,
        ),
    )
    run(
        db,
        lambda uow: decide_claim(
            uow,
            world["claims_handler"],
            second.claim_id,
            HandlerDecision(HandlerOutcome.DECLINED, 0, "one DATA case a year: Art. 5.2"),
            CATALOG,
            clock,
        ),
    )
    return Portfolio(world, missed.case_id, call.case_id, again.case_id)
