"""Eligibility is judged on the incident date (Art. 2.1, 3.4, 8.2, 9.7), never on the day the
case is opened: a member who has left, a member who stayed behind after a move, a household whose
contract has ended since, still declare an incident from when they were covered; a person who
joined after the incident is not covered for it; a late declaration goes to a handler.

The Peeters household (tests/assistance/builders.py), insured since 6 January 2025; today is
27 November 2026. Cas (26) is An's adult son, Dina (12) her daughter, Frank a housemate.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cybercare.assistance import service
from cybercare.assistance.domain import CaseNotFound, Channel
from cybercare.claims.submit import submit_claim
from cybercare.db.uow import Database, UnitOfWork
from cybercare.household.domain import Address, Relationship
from cybercare.kernel.clauses import Art
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.policy import repository as policies
from cybercare.policy import service as policy
from cybercare.policy.service import NewPerson
from tests.assistance.builders import World
from tests.assistance.helpers import CATALOG, open_case, read, run
from tests.assistance.incident_date_helpers import ACTOR, ends, leaves, left
from tests.claims.builders import ecom_evidence, ecom_submission

BEFORE = date(2026, 10, 20)  # while everyone was insured
AFTER = date(2026, 11, 10)
LEFT_ON = date(2026, 11, 1)


def test_art_2_1_member_who_left_after_the_incident_may_still_declare_it(
    db: Database, clock: FixedClock, world: World
) -> None:
    leaves(db, clock, world, "adult_child")
    view = open_case(
        db,
        clock,
        world["adult_child"],
        world.person("adult_child"),
        "ECOM",
        occurrence_date=date(2026, 10, 1),
        discovery_date=date(2026, 11, 5),
    )
    assert view.person_id == world.person("adult_child")
    claim = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["adult_child"],
            view.case_id,
            ecom_submission(payee_name="Cas Peeters"),
            CATALOG,
            clock,
            ecom_evidence(),
        ),
    )
    assert claim.status == "decided" and claim.decision is not None
    assert claim.decision.outcome == "accepted"
    # Their own case stays theirs (Art. 11.3): they read and list it, the affiliate does not.
    assert read(db, clock, world["adult_child"], view.case_id).case_id == view.case_id
    listed = run(db, lambda uow: service.list_cases(uow, world["adult_child"], clock))
    assert [c.case_id for c in listed] == [view.case_id]
    with pytest.raises(CaseNotFound):
        read(db, clock, world["affiliate"], view.case_id)


def test_art_2_1_member_who_left_is_not_covered_for_an_incident_after_leaving(
    db: Database, clock: FixedClock, world: World
) -> None:
    leaves(db, clock, world, "adult_child")
    with pytest.raises(InvalidInput) as refused:
        open_case(
            db,
            clock,
            world["adult_child"],
            world.person("adult_child"),
            occurrence_date=AFTER,
            discovery_date=AFTER,
        )
    # A family member who left is outside Art. 2.1 (dates of Art. 9.7), not a housemate (2.3).
    assert refused.value.field == "person_id"
    assert refused.value.clause == "Art. 2.1"


def test_art_2_1_person_who_joined_after_the_incident_is_not_covered(
    db: Database, clock: FixedClock, world: World
) -> None:
    newcomer = NewPerson("Noor", "Peeters", date(1995, 4, 4), "nl")
    run(
        db,
        lambda uow: policy.add_member(
            uow,
            ACTOR,
            world.affiliation_id,
            newcomer,
            Relationship.PARTNER_CHILD,
            date(2026, 11, 1),
            CATALOG,
            clock,
        ),
    )
    household = run(db, lambda uow: policies.load(uow, world.affiliation_id).household)
    noor = next(p.person_id for p in household.people if p.given_name == "Noor")
    agent = world["technical"]
    with pytest.raises(InvalidInput) as refused:
        open_case(db, clock, agent, noor, occurrence_date=BEFORE, discovery_date=AFTER)
    assert refused.value.clause == "Art. 2.1"
    joined = open_case(db, clock, agent, noor, occurrence_date=AFTER, discovery_date=AFTER)
    assert joined.person_id == noor


def test_art_2_1_the_engine_declines_a_claim_of_a_person_who_joined_after_the_incident() -> None:
    """The engine's own rule, behind the case gate: a member on the incident date only."""
    from cybercare.cover.domain import (
        HouseholdMember,
        IncidentFacts,
        PolicyFacts,
        PolicyStatus,
        PotUsage,
        StatusPeriod,
        decide,
    )
    from cybercare.product.catalog import reference_product
    from tests.claims.builders import ecom_submission as submission

    policy_facts = PolicyFacts(
        start_date=date(2025, 1, 6),
        status_periods=(StatusPeriod(PolicyStatus.ACTIVE, date(2025, 1, 6), None),),
        members=(HouseholdMember("per_noor", "partner_child", True, date(2026, 11, 1), None),),
        residence_country="BE",
    )
    facts = submission().circumstances
    incident = IncidentFacts(
        guarantee="ECOM",
        insured_person_id="per_noor",
        occurrence_date=date(2026, 10, 1),
        discovery_date=date(2026, 11, 5),
        declaration_date=date(2026, 11, 27),
        kind="non_delivery",
        claimed_cents=40_000,
        evidence=frozenset(),
        circumstances=facts,
    )
    decision = decide(reference_product(), policy_facts, incident, PotUsage())
    assert decision.outcome.value == "declined"
    declined = [r for r in decision.reasons if r.code == "insured.not_member_on_date"]
    assert [str(r.article) for r in declined] == ["Art. 2.1"]


def test_art_3_4_incident_during_cover_is_accepted_after_termination(
    db: Database, clock: FixedClock, world: World
) -> None:
    ends(db, world, date(2026, 11, 15))
    view = open_case(
        db,
        clock,
        world["affiliate"],
        world.person("affiliate"),
        "ECOM",
        occurrence_date=date(2026, 10, 1),
        discovery_date=date(2026, 11, 5),
    )
    assert view.affiliation_id == world.affiliation_id
    claim = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            view.case_id,
            ecom_submission(),
            CATALOG,
            clock,
            ecom_evidence(),
        ),
    )
    assert claim.decision is not None and claim.decision.outcome == "accepted"


@pytest.mark.parametrize(
    ("withdrawn", "article"), [(False, "Art. 3.4"), (True, "Art. 9.3")], ids=["ended", "withdrawn"]
)
def test_art_3_4_incident_after_the_end_of_the_contract_is_refused_with_its_article(
    db: Database, clock: FixedClock, world: World, withdrawn: bool, article: str
) -> None:
    ends(db, world, date(2026, 11, 15), withdrawn=withdrawn)
    with pytest.raises(InvalidInput) as refused:
        open_case(
            db,
            clock,
            world["affiliate"],
            world.person("affiliate"),
            occurrence_date=date(2026, 11, 20),
            discovery_date=date(2026, 11, 20),
        )
    assert (refused.value.code, refused.value.field) == ("case.no_affiliation", "occurrence_date")
    assert refused.value.clause == article


def test_art_9_6_incident_during_a_suspension_is_refused(
    db: Database, clock: FixedClock, world: World
) -> None:
    from cybercare.policy.domain import lift_suspension, suspend

    def suspended(uow: UnitOfWork) -> None:
        loaded = policies.load(uow, world.affiliation_id, for_update=True)
        update = suspend(loaded.affiliation, date(2026, 10, 1), Art("9.6"))
        update = lift_suspension(update.affiliation, date(2026, 10, 20))
        policies.save_affiliation(uow, update.affiliation, today=date(2026, 11, 27))

    run(db, suspended)
    with pytest.raises(InvalidInput) as refused:
        open_case(
            db,
            clock,
            world["affiliate"],
            world.person("affiliate"),
            occurrence_date=date(2026, 10, 5),
            discovery_date=date(2026, 10, 5),
        )
    assert refused.value.clause == "Art. 9.6"
    # The same household, active again today, declares an incident from before the suspension.
    view = open_case(
        db,
        clock,
        world["affiliate"],
        world.person("affiliate"),
        occurrence_date=date(2026, 9, 20),
        discovery_date=date(2026, 9, 25),
    )
    assert view.person_id == world.person("affiliate")


def test_art_8_2_late_declaration_after_departure_goes_to_a_handler(
    db: Database, clock: FixedClock, world: World
) -> None:
    leaves(db, clock, world, "adult_child", date(2026, 10, 1))
    view = open_case(
        db,
        clock,
        world["adult_child"],
        world.person("adult_child"),
        "ECOM",
        occurrence_date=date(2026, 8, 1),
        discovery_date=date(2026, 9, 10),  # 78 days before today: beyond the 30 days of 8.2
    )
    claim = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["adult_child"],
            view.case_id,
            ecom_submission(
                payee_name="Cas Peeters",
                circumstances=replace(
                    ecom_submission().circumstances, promised_delivery_date=date(2026, 7, 1)
                ),
            ),
            CATALOG,
            clock,
            ecom_evidence(),
        ),
    )
    assert claim.status == "in_review"  # never declined automatically (Art. 8.2)
    assert claim.decision is not None
    late = [r for r in claim.decision.reasons if r.code == "declaration.late"]
    assert [r.article for r in late] == ["Art. 8.2"]


def test_art_9_7_member_who_stayed_behind_after_a_move_declares_an_incident_from_before(
    db: Database, clock: FixedClock, world: World
) -> None:
    new_address = Address("Nieuwstraat", "1", "2000", "Antwerpen", "BE")
    moving = tuple(world.person(n) for n in ("affiliate", "partner", "minor", "grandparent"))
    run(
        db,
        lambda uow: policy.move_household(
            uow, ACTOR, world.affiliation_id, new_address, LEFT_ON, moving, CATALOG, clock
        ),
    )
    view = open_case(
        db,
        clock,
        world["adult_child"],
        world.person("adult_child"),
        occurrence_date=BEFORE,
        discovery_date=BEFORE + timedelta(days=2),
    )
    assert view.person_id == world.person("adult_child")
    with pytest.raises(InvalidInput) as refused:
        open_case(
            db,
            clock,
            world["adult_child"],
            world.person("adult_child"),
            occurrence_date=AFTER,
            discovery_date=AFTER,
        )
    assert refused.value.clause == "Art. 2.1"


def test_art_11_3_the_affiliate_declares_for_a_minor_who_lived_there_on_the_incident_date(
    db: Database, clock: FixedClock, world: World
) -> None:
    leaves(db, clock, world, "minor")
    view = open_case(
        db,
        clock,
        world["affiliate"],
        world.person("minor"),
        occurrence_date=BEFORE,
        discovery_date=BEFORE,
    )
    # The legal representative on the incident date reads and lists it; the adult son does not.
    assert read(db, clock, world["affiliate"], view.case_id).case_id == view.case_id
    listed = run(db, lambda uow: service.list_cases(uow, world["affiliate"], clock))
    assert view.case_id in {c.case_id for c in listed}
    with pytest.raises(CaseNotFound):
        read(db, clock, world["adult_child"], view.case_id)


def test_art_11_3_a_departed_member_declares_for_nobody_else(
    db: Database, clock: FixedClock, world: World
) -> None:
    leaves(db, clock, world, "adult_child")
    for other in ("affiliate", "minor"):
        with pytest.raises(InvalidInput) as refused:
            open_case(
                db,
                clock,
                world["adult_child"],
                world.person(other),
                occurrence_date=BEFORE,
                discovery_date=BEFORE,
            )
        assert refused.value.field == "person_id"


def test_art_8_1_an_agent_on_the_phone_declares_for_a_member_who_left(
    db: Database, clock: FixedClock, world: World
) -> None:
    leaves(db, clock, world, "adult_child")
    view = open_case(
        db,
        clock,
        world["legal"],
        world.person("adult_child"),
        channel=Channel.PHONE,
        occurrence_date=BEFORE,
        discovery_date=BEFORE,
    )
    assert view.channel == "phone" and view.person_id == world.person("adult_child")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(declared_after=st.integers(min_value=0, max_value=60))
def test_eligibility_depends_only_on_the_incident_date_never_on_the_day_of_declaration(
    db: Database, world: World, declared_after: int
) -> None:
    """Cas left on 1 November 2026: an incident of 20 October is his whatever the day he
    declares it; one of 10 November never is."""
    today = FixedClock.on(date(2026, 11, 27))
    if not run(db, lambda uow: left(uow, world)):  # the examples share the test's database
        leaves(db, today, world, "adult_child")
    clock = FixedClock.on(AFTER + timedelta(days=declared_after))
    view = open_case(
        db,
        clock,
        world["adult_child"],
        world.person("adult_child"),
        occurrence_date=BEFORE,
        discovery_date=BEFORE,
    )
    assert view.person_id == world.person("adult_child")
    with pytest.raises(InvalidInput) as refused:
        open_case(
            db,
            clock,
            world["adult_child"],
            world.person("adult_child"),
            occurrence_date=AFTER,
            discovery_date=AFTER,
        )
    assert refused.value.clause == "Art. 2.1"
