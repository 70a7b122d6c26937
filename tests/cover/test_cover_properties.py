"""Art. 5.3: whatever claims arrive in a year, in whatever order, no pot's money or case limit is
ever exceeded and the insurer never pays more than was claimed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cybercare.cover.domain import (
    Circumstances,
    Consumption,
    HouseholdMember,
    IncidentFacts,
    PolicyFacts,
    PolicyStatus,
    PotBalance,
    PotUsage,
    StatusPeriod,
    decide,
    inputs_as_dict,
    inputs_from_dict,
)
from cybercare.product.model import ProductVersion
from tests.cover.builders import OBLIGATIONS, ONLINE, circumstances, incident, policy

GUARANTEES = ("ECOM", "PAYF", "DATA", "EREP", "IDT", "ASSIST")


@dataclass(frozen=True)
class Claim:
    guarantee: str
    claimed_cents: int
    further_claim: bool  # on a case already counted, when the pot has one (Art. 5.2)
    late: bool  # Art. 8.2: goes to a handler, who then accepts the proposal
    breach: bool  # Art. 7.2: idem
    missing_evidence: bool  # Art. 8.3: incomplete; the proposal is held as a reservation
    excluded: bool  # Art. 6: declined


claims = st.builds(
    Claim,
    guarantee=st.sampled_from(GUARANTEES),
    claimed_cents=st.one_of(st.integers(0, 700_000), st.sampled_from([0, 1, 80_000, 500_000])),
    further_claim=st.booleans(),
    late=st.booleans(),
    breach=st.booleans(),
    missing_evidence=st.booleans(),
    excluded=st.booleans(),
)


@st.composite
def opening_usage(draw: st.DrawFn, product: ProductVersion) -> PotUsage:
    """Pots partly used and partly held by other cases in flight, within their limits."""
    balances = []
    for pot in product.pots:
        money, cases = pot.money_limit_cents or 0, pot.case_limit or 0
        used = draw(st.integers(0, money))
        reserved = draw(st.integers(0, money - used))
        cases_used = draw(st.integers(0, cases))
        cases_reserved = draw(st.integers(0, cases - cases_used))
        balances.append(PotBalance(pot.code, used, reserved, cases_used, cases_reserved))
    return PotUsage(tuple(balances))


def _assert_within_limits(product: ProductVersion, usage: PotUsage) -> None:
    for pot in product.pots:
        b = usage.balance(pot.code)
        assert min(b.used_cents, b.reserved_cents, b.cases_used, b.cases_reserved) >= 0, b
        if pot.money_limit_cents is not None:
            assert b.used_cents + b.reserved_cents <= pot.money_limit_cents, b
        if pot.case_limit is not None:
            assert b.cases_used + b.cases_reserved <= pot.case_limit, b


@settings(max_examples=300, deadline=None)
@given(data=st.data(), sequence=st.lists(claims, max_size=25))
def test_art_5_3_limits_never_exceeded_and_never_more_paid_than_claimed(
    product: ProductVersion, data: st.DataObject, sequence: list[Claim]
) -> None:
    usage = data.draw(opening_usage(product))
    household = policy()
    _assert_within_limits(product, usage)
    total_claimed = total_paid = 0
    pending: list[Consumption] = []

    for claim in sequence:
        pot = product.guarantee(claim.guarantee).pot
        counted = pot is not None and usage.balance(pot).cases_used > 0
        facts = circumstances(
            exclusions=frozenset({"war_or_terrorism"}) if claim.excluded else frozenset(),
            obligations_breached=OBLIGATIONS if claim.breach else frozenset(),
            obligations_respected=frozenset() if claim.breach else OBLIGATIONS,
        )
        event = incident(
            product,
            guarantee=claim.guarantee,
            claimed_cents=claim.claimed_cents,
            declaration_date=household.start_date.replace(year=2025) if claim.late else None,
            evidence=frozenset() if claim.missing_evidence else None,
            facts=facts,
            already_counted=claim.further_claim and counted,
        )

        decision = decide(product, household, event, usage)

        total_claimed += claim.claimed_cents
        assert 0 <= decision.payable_cents <= claim.claimed_cents
        if decision.is_final:
            assert decision.proposal is None
            usage = usage.after(decision.consumption)
            total_paid += decision.payable_cents
        elif decision.proposal is not None:
            usage = usage.held(decision.proposal)  # the service holds it while it waits
            pending.append(decision.proposal)
        _assert_within_limits(product, usage)

    for proposal in pending:  # the handler accepts every file held for review
        usage = usage.after(
            Consumption(
                proposal.pot,
                proposal.amount_cents,
                proposal.cases,
                proposal.amount_cents,
                proposal.cases,
            )
        )
        total_paid += proposal.amount_cents
        _assert_within_limits(product, usage)

    assert total_paid <= total_claimed


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
codes = st.frozensets(st.sampled_from(sorted(OBLIGATIONS | {"photos", "malware", "x"})))
maybe_bool = st.one_of(st.none(), st.booleans())


@settings(max_examples=200)
@given(
    household=st.builds(
        PolicyFacts,
        start_date=days,
        status_periods=st.lists(
            st.builds(StatusPeriod, st.sampled_from(PolicyStatus), days, st.none() | days),
            max_size=3,
        ).map(tuple),
        members=st.lists(
            st.builds(
                HouseholdMember,
                st.text(max_size=8),
                st.sampled_from(("affiliate", "child", "other")),
                st.booleans(),
                days,
                st.none() | days,
                st.none() | days,
            ),
            max_size=4,
        ).map(tuple),
        residence_country=st.sampled_from(("BE", "FR")),
    ),
    event=st.builds(
        IncidentFacts,
        guarantee=st.sampled_from(GUARANTEES),
        insured_person_id=st.text(max_size=8),
        discovery_date=days,
        declaration_date=days,
        occurrence_date=st.none() | days,
        kind=st.none() | st.sampled_from(("non_delivery", "non_conforming")),
        claimed_cents=st.integers(0, 10**9),
        evidence=codes,
        circumstances=st.builds(
            Circumstances,
            exclusions=codes,
            obligations_respected=codes,
            obligations_breached=codes,
            seller_professional=maybe_bool,
            written_claim_sent=maybe_bool,
            promised_delivery_date=st.none() | days,
            payment_date=st.none() | days,
            bank_refused_definitively=maybe_bool,
            data_loss_cause=st.none() | st.text(max_size=12),
        ),
        already_counted=st.booleans(),
        reservation_cents=st.integers(0, 10**6),
        case_reserved=st.booleans(),
    ),
    pots=st.builds(
        PotUsage,
        balances=st.lists(
            st.builds(
                PotBalance, st.sampled_from(("EREP_POT", ONLINE)), *[st.integers(0, 10**6)] * 4
            ),
            max_size=2,
        ).map(tuple),
        year_start=st.none() | days,
    ),
)
def test_replay_inputs_survive_the_json_snapshot(
    household: PolicyFacts, event: IncidentFacts, pots: PotUsage
) -> None:
    stored = json.loads(json.dumps(inputs_as_dict(household, event, pots)))

    assert inputs_from_dict(stored) == (household, event, pots)
