"""`make run` seeds a demo world in every interesting state, through the services, idempotently.

The world is seeded once per backend on a private, migrated database with real commits (the
mechanism of `fresh_database`), then every promised state is read back through the services.
"""

from __future__ import annotations

import dataclasses
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from cybercare.assistance import service as cases
from cybercare.assistance import workstreams
from cybercare.assistance.domain import CaseNotFound
from cybercare.assistance.views import CaseView
from cybercare.billing import repository as billing
from cybercare.bootstrap import Container
from cybercare.claims import approve, decide
from cybercare.claims import repository as claims_repository
from cybercare.claims import service as claims
from cybercare.claims.domain import ClaimStatus, FourEyesViolation
from cybercare.claims.views import ClaimView
from cybercare.cover.service import PotView, household_pots
from cybercare.db.engine import make_engine
from cybercare.db.tables import OutboxMessage, UserRow
from cybercare.db.tables.base import Base
from cybercare.db.uow import Database, UnitOfWork
from cybercare.demo import logins, seed
from cybercare.demo.seeding import KEY_LINE, PASSWORD_LINE, read_credentials
from cybercare.household.domain import is_minor
from cybercare.identity import service as identity
from cybercare.identity.domain import Principal, Role, Stage
from cybercare.identity.signin import check_password
from cybercare.kernel.clock import FixedClock
from cybercare.payments.domain import PayoutStatus
from cybercare.policy import repository as policies
from cybercare.policy.domain import AffiliationStatus, status_on
from cybercare.policy.service import Actor, find_by_customer
from cybercare.policy.views import AffiliationView
from cybercare.product.catalog import default_catalog
from cybercare.settings import Environment, Settings
from tests.conftest import BACKENDS

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)
DISTRIBUTOR = Actor("test", distributor="proximus")


@dataclass
class Seeded:
    container: Container
    lines: list[str]
    credentials: Path

    @property
    def password(self) -> str:
        saved = read_credentials(self.credentials)
        assert saved.password is not None
        return saved.password

    def reader(self) -> UnitOfWork:
        return self.container.database.reader()

    def user(self, email: str) -> Principal:
        with self.reader() as uow:
            return identity.load_principal(uow, identity.user_id_for_email(uow, email))

    def household(self, ref: str) -> AffiliationView:
        with self.reader() as uow:
            (view,) = find_by_customer(
                uow, DISTRIBUTOR, ref, self.container.catalog, self.container.clock
            )
        return view

    def pots(self, ref: str) -> dict[str, PotView]:
        affiliation_id = self.household(ref).affiliation_id
        with self.reader() as uow:
            views = household_pots(uow, affiliation_id, self.container.catalog, TODAY)
        return {view.pot: view for view in views}

    def cases_of(self, email: str) -> list[CaseView]:
        member = self.user(email)
        with self.reader() as uow:
            return cases.list_cases(uow, member, self.container.clock)

    def claims_of(self, email: str, guarantee: str) -> list[ClaimView]:
        member = self.user(email)
        found = []
        with self.reader() as uow:
            for case in cases.list_cases(uow, member, self.container.clock):
                if case.guarantee_code == guarantee and case.person_id == member.person_id:
                    for claim_id in claims_repository.claims_of_case(uow, case.case_id):
                        found.append(claims.get_claim(uow, member, claim_id, self.container.clock))
        return found


def _development(url: str, engine: Engine) -> Container:
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        staff_second_factor_required=False,
    )
    return Container(
        settings=settings,
        engine=engine,
        database=Database(engine),
        catalog=default_catalog(),
        clock=FixedClock(NOW),
    )


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    backend = request.getfixturevalue(f"{request.param}_backend")
    url = backend.make_copy()
    engine = make_engine(url)
    credentials = tmp_path_factory.mktemp("demo") / "demo-credentials.txt"
    container = _development(url, engine)
    yield Seeded(container, seed(container, credentials), credentials)
    engine.dispose()
    if backend.name == "sqlite":
        Path(make_url(url).database or "").unlink(missing_ok=True)


def _row_counts(container: Container) -> dict[str, int]:
    with container.database.reader() as uow:
        return {
            table.name: uow.session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


# --- logins ---------------------------------------------------------------------------------


def test_the_printed_lines_give_the_key_the_password_and_every_login(seeded: Seeded) -> None:
    key, password, header, *table = seeded.lines
    assert key.startswith(KEY_LINE + "cck_key_")
    assert password == PASSWORD_LINE + seeded.password and len(seeded.password) >= 16
    assert header.split() == ["role", "e-mail", "to", "look", "at"]
    printed = [next(word for word in row.split() if "@" in word) for row in table]
    assert printed == [email for _, email, _ in logins()]
    assert seeded.credentials.read_text(encoding="utf-8").splitlines() == seeded.lines
    assert stat.S_IMODE(seeded.credentials.stat().st_mode) == 0o600


def test_staff_one_login_per_team_two_handlers_a_supervisor_finance_and_an_admin(
    seeded: Seeded,
) -> None:
    roles = {
        email: seeded.user(email).roles for role, email, _ in logins() if role.startswith("staff")
    }
    assert roles == {
        "technical@demo.cybercare.be": {Role.TECHNICAL},
        "legal@demo.cybercare.be": {Role.LEGAL},
        "financial@demo.cybercare.be": {Role.FINANCIAL},
        "psy@demo.cybercare.be": {Role.PSYCHOLOGICAL},
        "handler@demo.cybercare.be": {Role.CLAIMS_HANDLER},
        "handler2@demo.cybercare.be": {Role.CLAIMS_HANDLER},
        "supervisor@demo.cybercare.be": {Role.SUPERVISOR},
        "finance@demo.cybercare.be": {Role.FINANCE},
        "admin@demo.cybercare.be": {Role.ADMIN},
    }


@pytest.mark.parametrize(
    "email",
    ["psy@demo.cybercare.be", "sofie.janssens@demo.cybercare.be", "tom.janssens@demo.cybercare.be"],
)
def test_the_printed_password_signs_in_without_a_second_factor_in_the_demo(
    seeded: Seeded, email: str
) -> None:
    with seeded.container.database.uow() as uow:
        accepted = check_password(
            uow,
            email=email,
            password=seeded.password,
            clock=seeded.container.clock,
            staff_second_factor_required=False,
        )
    assert accepted is not None and accepted.next_stage is Stage.SIGNED_IN


# --- households ------------------------------------------------------------------------------


def test_art_2_family_with_a_minor_logins_for_both_adults_none_for_the_minor(
    seeded: Seeded,
) -> None:
    family = seeded.household("demo-janssens")
    relationships = {m.given_name: m.relationship.value for m in family.members}
    assert relationships == {"Sofie": "affiliate", "Tom": "partner", "Lotte": "child"}
    with seeded.reader() as uow:
        household = policies.load(uow, family.affiliation_id).household
        lotte = next(p for p in household.people if p.given_name == "Lotte")
        assert is_minor(lotte, TODAY)
        with_login = set(uow.session.scalars(select(UserRow.person_id)))
    assert {m.given_name for m in family.members if m.person_id in with_login} == {"Sofie", "Tom"}
    assert [p.given_name for p in seeded.household("demo-dubois").members] == ["Marc"]


def test_art_11_3_both_parents_see_the_minors_case_but_not_each_others(seeded: Seeded) -> None:
    sofie = {c.guarantee_code for c in seeded.cases_of("sofie.janssens@demo.cybercare.be")}
    tom = {c.guarantee_code for c in seeded.cases_of("tom.janssens@demo.cybercare.be")}
    assert sofie == {"ECOM", "EREP"}  # her refund, Lotte's harassment case
    assert tom == {"IDT", "EREP"}  # his identity theft, Lotte's harassment case
    theft = next(
        c for c in seeded.cases_of("tom.janssens@demo.cybercare.be") if c.guarantee_code == "IDT"
    )
    sofie_user = seeded.user("sofie.janssens@demo.cybercare.be")
    with seeded.reader() as uow, pytest.raises(CaseNotFound):
        cases.read_case(uow, sofie_user, theft.case_id, seeded.container.clock)


def test_art_9_6_affiliation_suspended_after_a_formal_notice(seeded: Seeded) -> None:
    lambert = seeded.household("demo-lambert")
    assert lambert.status == "suspended"
    with seeded.reader() as uow:
        affiliation = policies.load(uow, lambert.affiliation_id).affiliation
        (case,) = billing.case_rows(uow, lambert.affiliation_id)
        status, letter, pay_by, since = (
            case.status,
            case.letter_pdf,
            case.pay_by,
            case.suspended_from,
        )
        mails = uow.session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.kind == "email")
        )
        notices = [m for m in mails if m.get("to") == "lucas.lambert@demo.cybercare.be"]
    assert status == "suspended" and letter.startswith(b"%PDF")
    assert since is not None and since == pay_by + timedelta(days=1) <= TODAY
    assert status_on(affiliation, since - timedelta(days=1)) is AffiliationStatus.ACTIVE
    assert status_on(affiliation, TODAY) is AffiliationStatus.SUSPENDED
    assert [bool(m.get("attachments")) for m in notices] == [True]  # the formal notice letter
    others = [seeded.household(f"demo-{k}").status for k in ("janssens", "dubois", "smith")]
    assert others == ["active", "active", "active"]


def test_art_5_2_e_reputation_pot_at_its_case_limit(seeded: Seeded) -> None:
    pot = seeded.pots("demo-willems")["EREP_POT"]
    assert (pot.cases_used, pot.case_limit, pot.cases_left) == (3, 3, 0)
    assert pot.used_cents == 105_000 and pot.reserved_cents == 0


def test_art_5_3_online_purchases_pot_at_its_5000_eur_limit(seeded: Seeded) -> None:
    pot = seeded.pots("demo-schmitt")["ONLINE_PURCHASE_POT"]
    assert (pot.used_cents, pot.money_limit_cents, pot.left_cents) == (500_000, 500_000, 0)
    partial = [
        c
        for c in seeded.claims_of("hans.schmitt@demo.cybercare.be", "ECOM")
        if c.kind == "non_conforming"
    ]
    assert [(c.outcome, c.claimed_cents, c.payable_cents) for c in partial] == [
        ("partially_accepted", 189_000, 165_000)
    ]


# --- assistance --------------------------------------------------------------------------------


def test_art_8_4_urgent_harassment_cases_wait_in_the_legal_and_psychological_queues(
    seeded: Seeded,
) -> None:
    for team, email in (
        ("legal", "legal@demo.cybercare.be"),
        ("psychological", "psy@demo.cybercare.be"),
    ):
        agent = seeded.user(email)
        with seeded.reader() as uow:
            queue = workstreams.team_queue(uow, agent, team, seeded.container.clock)
        urgent = [i for i in queue if i.urgent and i.assignee_user_id is None]
        assert [i.urgency_reason for i in urgent] == ["ongoing_harassment"] * 2, team
        assert sorted(i.first_contact.breached for i in urgent) == [False, True], team


def test_a_case_nobody_triaged_waits_in_the_triage_queue(seeded: Seeded) -> None:
    supervisor = seeded.user("supervisor@demo.cybercare.be")
    with seeded.reader() as uow:
        queue = workstreams.team_queue(uow, supervisor, "triage", seeded.container.clock)
    # Jeanne Lejeune's urgent call-back first (due within the hour), then Olivia Smith's case.
    assert [(i.guarantee_code, i.language, i.urgent) for i in queue] == [
        (None, "fr", True),
        (None, "en", False),
    ]


def test_art_8_4_an_urgent_call_back_waits_in_the_queue_with_its_hour_running(
    seeded: Seeded,
) -> None:
    from cybercare.assistance.callback import call_back_of

    jeanne = seeded.user("jeanne.lejeune@demo.cybercare.be")
    (case,) = seeded.cases_of("jeanne.lejeune@demo.cybercare.be")
    with seeded.reader() as uow:
        call_back = call_back_of(
            uow, jeanne, case.case_id, seeded.container.catalog, seeded.container.clock
        )
    assert call_back is not None and call_back.phone == "+32485123456"
    assert call_back.urgency_reason == "ongoing_fraud" and call_back.caller_team is None
    assert call_back.call_before == NOW + timedelta(minutes=40)
    assert not case.first_contact.breached


def test_art_4_2_a_takedown_in_progress(seeded: Seeded) -> None:
    emma = seeded.cases_of("emma.willems@demo.cybercare.be")
    (open_case,) = [c for c in emma if c.status != "closed"]
    technical = seeded.user("technical@demo.cybercare.be")
    with seeded.reader() as uow:
        case = cases.read_case(uow, technical, open_case.case_id, seeded.container.clock)
    assert sorted((t.recheck_result, t.overdue) for t in case.takedowns) == [
        ("still_online", False),
        ("taken_down", False),
    ]
    assert case.psychological_notes_withheld  # the counsellor's note, Art. 11.2


# --- claims -------------------------------------------------------------------------------------


def test_a_straight_through_e_commerce_claim_decided_and_paid(seeded: Seeded) -> None:
    (claim,) = seeded.claims_of("sofie.janssens@demo.cybercare.be", "ECOM")
    assert claim.status is ClaimStatus.DECIDED and claim.outcome == "accepted"
    assert [d.kind for d in claim.decisions] == ["engine"]
    assert claim.paid_cents == claim.claimed_cents == 18_999
    assert [p.status for p in claim.payouts] == [PayoutStatus.PAID]


def test_a_claim_declined_by_a_handler_with_reasons_and_the_complaints_path(
    seeded: Seeded,
) -> None:
    (claim,) = seeded.claims_of("olivia.smith@demo.cybercare.be", "ECOM")
    decision = claim.decision
    assert decision is not None
    assert (claim.outcome, decision.kind, decision.decided_by) == (
        "declined",
        "handler",
        seeded.user("handler@demo.cybercare.be").actor,
    )
    codes = [r.code for r in decision.reasons]
    assert "handler.decision" in codes and len(codes) > 1
    assert "complaints.path" in [n.code for n in decision.notices]


def test_four_eyes_a_3200_eur_decision_waits_for_a_second_handler(seeded: Seeded) -> None:
    (claim,) = seeded.claims_of("marc.dubois@demo.cybercare.be", "ECOM")
    assert claim.status is ClaimStatus.AWAITING_APPROVAL and claim.claimed_cents == 320_000
    clock, catalog = seeded.container.clock, seeded.container.catalog
    first = seeded.user("handler@demo.cybercare.be")
    second = seeded.user("handler2@demo.cybercare.be")
    with seeded.container.database.uow() as uow, pytest.raises(FourEyesViolation):
        approve.approve_claim(uow, first, claim.claim_id, catalog, clock)
    with seeded.container.database.uow() as uow:  # never committed: the demo keeps waiting
        approved = approve.approve_claim(uow, second, claim.claim_id, catalog, clock)
        assert approved.status is ClaimStatus.DECIDED and approved.payable_cents == 320_000


def test_a_late_claim_waits_in_the_handler_queue(seeded: Seeded) -> None:
    handler = seeded.user("handler@demo.cybercare.be")
    with seeded.reader() as uow:
        queue = decide.handler_queue(uow, handler)
    assert sorted((c.guarantee, c.status.value) for c in queue) == [
        ("DATA", "in_review"),
        ("ECOM", "awaiting_approval"),
    ]


def test_art_2_1_a_son_who_left_after_an_incident_still_claims_it(seeded: Seeded) -> None:
    """Wout Mertens left the household 18 days ago; the phone he ordered while he lived there
    never came: his claim is judged on the incident date, accepted and paid (Art. 2.1, 3.4, 9.7)."""
    wout = seeded.user("wout.mertens@demo.cybercare.be")
    household = seeded.household("demo-mertens")
    assert wout.person_id not in {m.person_id for m in household.members if m.left_on is None}
    (claim,) = seeded.claims_of("wout.mertens@demo.cybercare.be", "ECOM")
    assert claim.status is ClaimStatus.DECIDED and claim.outcome == "accepted"
    assert claim.paid_cents == claim.claimed_cents == 32_900
    (case,) = seeded.cases_of("wout.mertens@demo.cybercare.be")
    assert case.occurrence_date is not None and case.occurrence_date < TODAY - timedelta(days=18)
    assert case.case_id not in {
        c.case_id for c in seeded.cases_of("karin.mertens@demo.cybercare.be")
    }  # Art. 11.3: an adult's case is theirs


# --- idempotency ----------------------------------------------------------------------------


def test_issue_19_a_data_recovery_and_an_e_reputation_case_with_providers_paid(
    seeded: Seeded,
) -> None:
    from cybercare.ledger.service import unbalanced_entries
    from cybercare.providers import repository as provider_rows

    with seeded.reader() as uow:
        orders = provider_rows.orders(uow)
        assert sorted(
            (o.order.guarantee, o.order.status.value, o.order.used_cents) for o in orders
        ) == [
            ("DATA", "paid", 63_999),
            ("EREP", "paid", 45_000),
        ]
        assert unbalanced_entries(uow) == []
    data = seeded.pots("demo-schmitt")["DATA_POT"]
    assert (data.used_cents, data.reserved_cents, data.left_cents) == (63_999, 0, 16_001)


def test_seeding_again_creates_nothing_and_prints_the_same_logins(seeded: Seeded) -> None:
    before = _row_counts(seeded.container)
    # 18 cases: 16 of the households' stories and the two of the appointed providers (issue 19).
    assert before["claims"] == 11 and before["assistance_cases"] == 18
    assert before["provider_orders"] == 2 and before["provider_payouts"] == 2
    again = seed(seeded.container, seeded.credentials)
    assert again == seeded.lines
    assert _row_counts(seeded.container) == before


def test_a_lost_credentials_file_gives_every_existing_login_a_new_password(
    seeded: Seeded,
) -> None:
    old = seeded.password
    seeded.credentials.unlink()
    lines = seed(seeded.container, seeded.credentials)
    assert seeded.password != old and lines[1] == PASSWORD_LINE + seeded.password
    with seeded.container.database.uow() as uow:
        accepted = check_password(
            uow,
            email="handler2@demo.cybercare.be",
            password=seeded.password,
            clock=seeded.container.clock,
            staff_second_factor_required=False,
        )
    assert accepted is not None


def test_demo_data_is_refused_outside_development(container: Container, tmp_path: Path) -> None:
    production_like = dataclasses.replace(
        container, settings=container.settings.model_copy(update={"environment": Environment.TEST})
    )
    with pytest.raises(RuntimeError, match="development"):
        seed(production_like, tmp_path / "demo-credentials.txt")
    assert not (tmp_path / "demo-credentials.txt").exists()
