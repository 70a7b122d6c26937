"""The engine as a component: replay, the stored form, the trace, data/code mismatches, purity."""

from __future__ import annotations

import ast
import json
from dataclasses import FrozenInstanceError, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import cybercare.cover.domain as domain_package
from cybercare.cover.domain import (
    Check,
    Consumption,
    CoverageEngine,
    IncidentFacts,
    Outcome,
    PolicyFacts,
    PolicyStatus,
    PotUsage,
    ProductMismatchError,
    decide,
    engine_for,
    inputs_as_dict,
    inputs_from_dict,
)
from cybercare.kernel.errors import InvalidInput
from cybercare.product.model import Condition, ProductVersion
from tests.cover.builders import (
    OBLIGATIONS,
    ONLINE,
    balance,
    circumstances,
    decide_claim,
    family_code,
    incident,
    member,
    period,
    policy,
    usage,
)


def _varied_inputs(product: ProductVersion) -> tuple[PolicyFacts, IncidentFacts, PotUsage]:
    child = member("kid", relationship=family_code(product, "child"), birth_date=date(2015, 5, 5))
    household = policy(
        members=(child,),
        status_periods=(
            period(to_date=date(2024, 3, 1)),
            period(PolicyStatus.SUSPENDED, from_date=date(2024, 3, 1), to_date=date(2024, 3, 20)),
            period(from_date=date(2024, 3, 20)),
        ),
    )
    breached = frozenset({"effective_antivirus"})
    claim = incident(
        product,
        guarantee="PAYF",
        insured_person_id="kid",
        occurrence_date=date(2024, 4, 2),
        discovery_date=date(2024, 4, 3),
        declaration_date=date(2024, 5, 20),
        claimed_cents=123_456,
        evidence=frozenset({"bank_statement"}),
        facts=circumstances(
            obligations_breached=breached,
            obligations_respected=OBLIGATIONS - breached,
            payment_date=date(2024, 4, 1),
        ),
        reservation_cents=10_000,
        case_reserved=True,
    )
    pots = usage(
        balance(ONLINE, used_cents=420_000, reserved_cents=30_000, cases_used=1, cases_reserved=1),
        balance("EREP_POT", used_cents=5, cases_used=1),
        year_start=date(2024, 1, 10),
    )
    return household, claim, pots


def test_replay_same_inputs_give_the_identical_decision(product: ProductVersion) -> None:
    household, claim, pots = _varied_inputs(product)

    first = decide(product, household, claim, pots)
    again = decide(product, household, claim, pots)
    stored = json.loads(json.dumps(inputs_as_dict(household, claim, pots)))
    replayed = decide(product, *inputs_from_dict(stored))

    assert first.outcome is Outcome.NEEDS_REVIEW
    assert first == again == replayed
    assert inputs_from_dict(stored) == (household, claim, pots)
    assert first.as_dict() == replayed.as_dict()


def test_replay_on_a_fresh_engine_gives_the_identical_decision(product: ProductVersion) -> None:
    household, claim, pots = _varied_inputs(product)

    assert CoverageEngine(product).decide(household, claim, pots) == decide(
        product, household, claim, pots
    )


def test_decision_as_dict_is_json_ready_with_cents_and_articles(product: ProductVersion) -> None:
    decision = decide_claim(product, claimed_cents=600_000)

    stored = decision.as_dict()

    assert json.loads(json.dumps(stored)) == stored
    assert stored["product"] == {"code": "cyber-care-be", "version": "2021-12"}
    assert stored["outcome"] == "partially_accepted"
    assert (stored["claimed_cents"], stored["payable_cents"]) == (600_000, 500_000)
    assert stored["consumption"]["amount_cents"] == 500_000
    assert stored["reasons"][0]["article"] == "Art. 5.3"
    assert stored["insurance_year"] == {"index": 0, "start": "2024-01-10", "end": "2025-01-10"}
    assert all(isinstance(step["article"], str) for step in stored["trace"])


def test_trace_lists_every_rule_in_order(product: ProductVersion) -> None:
    decision = decide_claim(product, guarantee="PAYF", claimed_cents=5_000)

    assert [c.rule for c in decision.trace] == [
        "incident.date",
        "cover.start",
        "cover.waiting_period",
        "cover.status",
        "cover.insurance_year",
        "territory.residence",
        "insured.member",
        "insured.main_residence",
        "insured.relationship",
        "condition.bank_refused_definitively",
        "exclusion.unlawful_activity",
        "exclusion.caused_by_housemate",
        "exclusion.war_or_terrorism",
        "exclusion.professional_activity",
        "evidence.required",
        "obligations",
        "declaration.deadline",
        "settlement.deductible",
        "claim.per_claim",
        "pot.case_limit",
        "pot.money",
    ]
    assert all(str(c.article).startswith("Art. ") for c in decision.trace)
    cases = next(c for c in decision.trace if c.rule == "pot.case_limit")
    assert (cases.code, cases.params["used"], cases.params["limit"]) == (
        "pot.cases_available",
        0,
        3,
    )


def test_unknown_condition_rule_fails_when_the_engine_is_built(product: ProductVersion) -> None:
    ecom = product.guarantee("ECOM")
    extra = Condition("seller_has_good_reviews", ecom.article, ecom.label)
    broken = replace(
        product,
        guarantees=tuple(
            replace(g, conditions=(*g.conditions, extra)) if g.code == "ECOM" else g
            for g in product.guarantees
        ),
    )

    with pytest.raises(ProductMismatchError, match="seller_has_good_reviews"):
        CoverageEngine(broken)
    with pytest.raises(ProductMismatchError):
        decide(broken, policy(), incident(product, guarantee="ASSIST"), usage())


def test_condition_with_unusable_params_fails_when_the_engine_is_built(
    product: ProductVersion,
) -> None:
    broken = replace(
        product,
        guarantees=tuple(
            replace(
                g,
                conditions=tuple(
                    replace(c, params={"days": "thirty"}) if c.rule == "non_delivery_wait" else c
                    for c in g.conditions
                ),
            )
            for g in product.guarantees
        ),
    )

    with pytest.raises(ProductMismatchError, match="non_delivery_wait"):
        CoverageEngine(broken)


def test_engine_is_built_once_per_product(product: ProductVersion) -> None:
    assert engine_for(product) is engine_for(product)
    assert engine_for(product).product is product


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"guarantee": "TRAVEL"}, "incident.guarantee"),
        ({"kind": "stolen_parcel"}, "incident.kind"),
        ({"kind": None}, "incident.kind"),
        ({"claimed_cents": -1}, "incident.claimed_cents"),
        ({"declaration_date": date(2024, 4, 30)}, "incident.declaration_date"),
        ({"occurrence_date": date(2024, 5, 2)}, "incident.occurrence_date"),
        (
            {"facts": circumstances(exclusions=frozenset({"bad_luck"}))},
            "incident.circumstances.exclusions",
        ),
        (
            {"facts": circumstances(obligations_breached=OBLIGATIONS)},
            "incident.circumstances.obligations",
        ),
        ({"already_counted": True}, "incident.already_counted"),
        ({"reservation_cents": 1}, "incident.reservation_cents"),
    ],
)
def test_facts_that_contradict_themselves_or_the_product_are_refused(
    product: ProductVersion, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        decide_claim(product, **changes)

    assert refused.value.field == field


def test_domain_imports_no_framework_io_or_clock() -> None:
    forbidden = {"sqlalchemy", "fastapi", "starlette", "typer", "jinja2", "psycopg", "httpx",
                 "random", "secrets", "os", "time", "uuid"}  # fmt: skip
    folder = Path(domain_package.__file__).parent
    for source in folder.glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{source.name} imports {name}"
                assert not name.startswith(("cybercare.db", "cybercare.api")), source.name
            if isinstance(node, ast.Attribute):
                assert node.attr not in {"today", "now", "utcnow"}, f"{source.name} reads a clock"


def test_checks_made_by_the_engine_equal_plainly_built_checks(product: ProductVersion) -> None:
    decision = decide_claim(product)

    for check in decision.trace:
        assert check == Check(check.rule, check.verdict, check.code, check.article, check.params)
        with pytest.raises(FrozenInstanceError):
            check.code = "tampered"  # type: ignore[misc]


def test_art_5_usage_holds_proposals_and_applies_consumptions() -> None:
    opening = usage(
        balance(ONLINE, used_cents=100, reserved_cents=50, cases_used=1, cases_reserved=1)
    )
    proposal = Consumption(ONLINE, 300, 1, released_cents=50, released_cases=1)

    held = opening.held(proposal).balance(ONLINE)
    settled = opening.held(proposal).after(Consumption(ONLINE, 300, 1, 300, 1)).balance(ONLINE)

    assert (held.used_cents, held.reserved_cents, held.cases_used, held.cases_reserved) == (
        100,
        300,
        1,
        1,
    )
    assert (settled.used_cents, settled.reserved_cents, settled.cases_reserved) == (400, 0, 0)
    assert opening.after(None) is opening
    assert opening.held(Consumption(None, 0, 1, reporting_only=True)) is opening
